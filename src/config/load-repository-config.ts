import { Context } from "probot";
import type { Octokit, RepoRef } from "../github/github-client.js";
import { loadConfig, type LoadedConfig } from "./load-config.js";

/**
 * The configuration of a repository outside a webhook (scheduled jobs, the command line), read
 * exactly as a delivery reads it: Probot's `context.config`, with `_extends` and the owner's
 * `.github` repository. The context is built around the repository alone.
 */
export async function loadRepositoryConfig(octokit: Octokit, repo: RepoRef, log: Context["log"]): Promise<LoadedConfig> {
  const payload = { repository: { owner: { login: repo.owner }, name: repo.repo } };
  const context = new Context({ id: "job", name: "repository", payload } as unknown as ConstructorParameters<typeof Context>[0], octokit, log);
  return loadConfig(context);
}
