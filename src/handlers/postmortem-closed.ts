import { appComments, hasAppMarker } from "../github/app-comments.js";
import type { Context } from "probot";
import { loadConfig } from "../config/load-config.js";
import type { IssueRef } from "../domain/issue-ref.js";
import { checklistIncompleteComment } from "../domain/messages.js";
import { readSummary } from "../domain/postmortem-summary.js";
import { uncheckedRequiredItems } from "../domain/review-checklist.js";
import { GitHubClient, writtenByApp } from "../github/github-client.js";
import { once } from "../support/once.js";
import { reportProblems } from "./report-problems.js";

/** A postmortem closed with required checklist items unticked gets them listed (and, if configured, reopens). */
export async function postmortemClosed(context: Context<"issues.closed">): Promise<void> {
  const { issue, repository } = context.payload;
  // Only postmortems the app opened: their summary marker, in a body an app wrote.
  if (!writtenByApp(issue.user) || !readSummary(issue.body)) return;
  const closedAt = issue.closed_at ?? context.payload.issue.updated_at;

  const github = new GitHubClient(context.octokit);
  const postmortem: IssueRef = { owner: repository.owner.login, repo: repository.name, number: issue.number };
  const comments = once(() => github.listComments(postmortem));
  const [checklist] = appComments(await comments(), "checklist");
  const unticked = checklist ? uncheckedRequiredItems(checklist.body) : [];
  if (unticked.length === 0) return;
  if (hasAppMarker(await comments(), "checklist-incomplete", (data) => data.closedAt === closedAt)) return;

  const { config, problems } = await loadConfig(context);
  const reopen = config.postmortem.reopenWhenChecklistIncomplete;
  await github.createComment(postmortem, checklistIncompleteComment(unticked, closedAt, reopen));
  if (reopen) await github.updateIssue(postmortem, { state: "open", state_reason: "reopened" });
  await reportProblems(github, postmortem, comments, problems);
}
