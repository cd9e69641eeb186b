import { readFile } from "node:fs/promises";
import type { GitHubClient, RepoRef } from "../github/github-client.js";

const builtInDirectory = new URL("../../templates/", import.meta.url);

export type TemplateName = "postmortem.md" | "review-checklist.md";

export async function builtInTemplate(name: TemplateName): Promise<string> {
  return readFile(new URL(name, builtInDirectory), "utf8");
}

/**
 * A team's template from its repository when configured, else the app's own. A configured file
 * that does not exist is reported, and the app's own template is used so nothing is lost.
 */
export async function loadTemplate(github: GitHubClient, repo: RepoRef, configuredPath: string | null, name: TemplateName, problems: string[]): Promise<string> {
  if (configuredPath) {
    const text = await github.readFile(repo, configuredPath);
    if (text !== undefined) return text;
    problems.push(`\`${configuredPath}\` (configured template) does not exist on the default branch; the built-in \`${name}\` was used.`);
  }
  return builtInTemplate(name);
}
