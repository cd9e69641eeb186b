import { hasAppMarker } from "../github/app-comments.js";
import type { Context } from "probot";
import { unlistedComment } from "../action-items/messages.js";
import { findActionTable } from "../action-items/action-table.js";
import { fileActionItems } from "../action-items/file-action-items.js";
import { readActionItemRecord } from "../action-items/action-item-body.js";
import { readActionRows } from "../action-items/read-rows.js";
import { loadConfig } from "../config/load-config.js";
import { formatIssueRef, issueMention, sameIssue, type IssueRef } from "../domain/issue-ref.js";
import { readSummary } from "../domain/postmortem-summary.js";
import { GitHubClient, writtenByApp, type IssueRecord } from "../github/github-client.js";
import { KeyedLock } from "../support/keyed-lock.js";
import { once } from "../support/once.js";
import { reportProblems } from "./report-problems.js";

export const postmortemLocks = new KeyedLock();

/** A person edited a postmortem: file the new action items, and tell the items whose rows went away. */
export async function postmortemEdited(context: Context<"issues.edited">): Promise<void> {
  const { issue, repository, sender, changes } = context.payload;
  // The app's own edits (issue numbers written back) need no answer: that would loop.
  if (writtenByApp(sender) || !writtenByApp(issue.user) || !readSummary(issue.body)) return;
  if (changes.body === undefined) return;

  const github = new GitHubClient(context.octokit);
  const ref: IssueRef = { owner: repository.owner.login, repo: repository.name, number: issue.number };
  const { config, problems } = await loadConfig(context);
  await postmortemLocks.run(formatIssueRef(ref), async () => {
    const outcome = await fileActionItems({ github, config, problems, now: new Date() }, { ref, issue: issue as unknown as IssueRecord, private: repository.private });
    await tellUnlisted(github, ref, changes.body?.from ?? "", issue.body ?? "");
    await reportProblems(github, ref, once(() => github.listComments(ref)), problems);
    context.log.info({ postmortem: formatIssueRef(ref), filed: outcome.filed.length }, "postmortem edited");
  });
}

/** Rows that named an issue before the edit and are gone after it: say so on the issue, once. */
async function tellUnlisted(github: GitHubClient, postmortem: IssueRef, before: string, after: string): Promise<void> {
  const refs = (body: string) => {
    const table = findActionTable(body);
    return table ? readActionRows(table, postmortem).flatMap((row) => (row.issue ? [row.issue] : [])) : [];
  };
  const remaining = refs(after);
  const removed = refs(before).filter((ref) => !remaining.some((other) => sameIssue(other, ref)));
  for (const item of removed) {
    const issue = await github.getIssue(item);
    const record = readActionItemRecord(issue?.body);
    if (!issue || !writtenByApp(issue.user) || !record || !sameIssue(record.postmortem, postmortem)) continue;
    const comments = await github.listComments(item);
    if (hasAppMarker(comments, "unlisted")) continue;
    await github.createComment(item, unlistedComment(issueMention(postmortem, item)));
  }
}
