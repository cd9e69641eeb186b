import { appComments } from "../github/app-comments.js";
import { CONFIG_FILE_NAME } from "../config/schema.js";
import type { IssueRef } from "../domain/issue-ref.js";
import { configErrorComment } from "../domain/messages.js";
import type { GitHubClient, IssueComment } from "../github/github-client.js";

/**
 * Tells the people on an issue what is wrong with the configuration, in one comment that is
 * updated when the problems change and never posted twice.
 */
export async function reportProblems(github: GitHubClient, issue: IssueRef, comments: () => Promise<IssueComment[]>, problems: readonly string[]): Promise<void> {
  if (problems.length === 0) return;
  const body = configErrorComment(problems, CONFIG_FILE_NAME);
  const [existing] = appComments(await comments(), "config-error");
  if (!existing) await github.createComment(issue, body);
  else if (existing.body !== body) await github.updateComment(issue, existing.id, body);
}
