import { CONFIG_FILE_NAME } from "../config/schema.js";
import type { IssueRef } from "../domain/issue-ref.js";
import { hasMarker } from "../domain/markers.js";
import { configErrorComment } from "../domain/messages.js";
import { writtenByApp, type GitHubClient, type IssueComment } from "../github/github-client.js";

/**
 * Tells the people on an issue what is wrong with the configuration, in one comment that is
 * updated when the problems change and never posted twice.
 */
export async function reportProblems(
  github: GitHubClient,
  issue: IssueRef,
  comments: () => Promise<IssueComment[]>,
  problems: readonly string[],
): Promise<void> {
  if (problems.length === 0) return;
  const body = configErrorComment(problems, CONFIG_FILE_NAME);
  const existing = (await comments()).find(
    (comment) => writtenByApp(comment.user) && hasMarker(comment.body, "config-error") && !comment.body.includes('"privacy":true'),
  );
  if (!existing) await github.createComment(issue, body);
  else if (existing.body !== body) await github.updateComment(issue, existing.id, body);
}
