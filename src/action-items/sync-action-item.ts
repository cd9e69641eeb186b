import { hasAppMarker } from "../github/app-comments.js";
import { addMonths, format, parse } from "date-fns";
import { PRIORITIES, type PostmortemConfig, type Priority } from "../config/schema.js";
import { localDate } from "../domain/business-days.js";
import { formatIssueRef, issueMention, sameIssue, type IssueRef } from "../domain/issue-ref.js";
import { readSummary } from "../domain/postmortem-summary.js";
import { type GitHubClient, type IssueRecord } from "../github/github-client.js";
import { replaceActionItemBlock, type ActionItemRecord } from "./action-item-body.js";
import { findActionTable } from "./action-table.js";
import { calendarOf, derivedDueDate } from "./due-date.js";
import { editCells, type CellEdit } from "./edit-cells.js";
import { listActionItemsOf } from "./file-action-items.js";
import { closingStatus, readClosingHistory, type Closing } from "./closing-evidence.js";
import { allClosedComment, incidentAllClosedComment, regressionComment, reprioritisedComment } from "./messages.js";
import { readActionRows } from "./read-rows.js";
import { actionItemsRepository } from "../postmortem/postmortem-location.js";
import { labelNames } from "../domain/labels.js";
import { mention } from "../domain/escape.js";

export const EFFECTIVENESS_LABEL = "effectiveness-review";

export interface ActionItemEvent {
  /** The webhook's action: closing and reopening are the only ones that change the Status cell. */
  action: "closed" | "reopened" | "labeled" | "unlabeled" | "assigned" | "unassigned";
  ref: IssueRef;
  issue: IssueRecord;
  record: ActionItemRecord;
  /** The label of a `labeled` event: a newly added priority label wins over an older one. */
  justAddedLabel?: string;
}

/**
 * Carries an action item's state into its postmortem row (Status, Priority, Owner, Due), re-dates
 * it when its priority changes, and closes the loop when the last item of a postmortem closes.
 */
export async function syncActionItem(ctx: { github: GitHubClient; config: PostmortemConfig; now: Date }, event: ActionItemEvent): Promise<void> {
  const { github } = ctx;
  const record = await redate(ctx, event);
  const postmortem = await github.getIssue(event.record.postmortem);
  if (!postmortem) return;
  const body = postmortem.body ?? "";
  const table = findActionTable(body);
  const row = table ? readActionRows(table, event.record.postmortem).find((candidate) => candidate.issue && sameIssue(candidate.issue, event.ref)) : undefined;
  const status = await statusAfter(github, event, postmortem);
  if (table && row) {
    const owners = (event.issue.assignees ?? []).map((assignee) => mention(assignee.login)).join(", ");
    const wanted: [CellEdit["column"], string][] = [
      ["priority", record.priority],
      ["owner", owners],
    ];
    if (status) wanted.push(["status", status]);
    if (record.dueSource === "derived") wanted.push(["due", record.due]);
    const edits = wanted
      .filter(([column, value]) => row.row.cells[column] !== undefined || (table.columns[column] !== undefined && value !== ""))
      .filter(([column, value]) => (row.row.cells[column]?.text ?? "") !== value)
      .map(([column, value]) => ({ row: row.row, column, value }));
    const next = editCells(body, table, edits);
    if (next !== body) await github.updateIssue(event.record.postmortem, { body: next });
  }
  if (event.issue.state === "closed") await closeTheLoopIfAllClosed(ctx, { ref: event.record.postmortem, issue: postmortem });
}

/**
 * The Status cell after a close or a reopen, from the item's timeline: implemented (by a merged
 * pull request or a commit), done (by hand) or dropped. A reopened item that had been implemented
 * is a fix that regressed: said on the postmortem, once per reopening.
 */
async function statusAfter(github: GitHubClient, event: ActionItemEvent, postmortem: IssueRecord): Promise<string | undefined> {
  if (event.action !== "closed" && event.action !== "reopened") return undefined;
  const history = await readClosingHistory(github, event.ref);
  const show = (ref: IssueRef) => issueMention(ref, event.record.postmortem);
  if (event.action === "closed") {
    const fallback: Closing = event.issue.state_reason === "not_planned" ? { outcome: "dropped" } : { outcome: "done" };
    return closingStatus(history.lastClosing ?? fallback, show);
  }
  if (history.lastClosing?.outcome === "implemented") {
    const reopenedAt = history.lastReopenedAt ?? event.issue.updated_at ?? "";
    const comments = await github.listComments(event.record.postmortem);
    const said = hasAppMarker(comments, "regression", (data) => data.reopenedAt === reopenedAt && data.item === formatIssueRef(event.ref));
    if (!said) await github.createComment(event.record.postmortem, regressionComment(show(event.ref), closingStatus(history.lastClosing, show), reopenedAt, formatIssueRef(event.ref), (postmortem.assignees ?? []).map((assignee) => assignee.login)));
  }
  return "open";
}

/** A changed priority label re-dates a derived due date (an explicit one stays) and says so. */
async function redate(ctx: { github: GitHubClient; config: PostmortemConfig }, event: ActionItemEvent): Promise<ActionItemRecord> {
  const priority = priorityFromLabels(labelNames(event.issue), event.justAddedLabel) ?? event.record.priority;
  if (priority === event.record.priority) return event.record;
  const derived = event.record.dueSource === "derived";
  const record: ActionItemRecord = {
    ...event.record,
    priority,
    due: derived ? derivedDueDate(priority, new Date(event.record.filedAt), ctx.config) : event.record.due,
    reminded: null,
  };
  await ctx.github.updateIssue(event.ref, { body: replaceActionItemBlock(event.issue.body ?? "", record) });
  await ctx.github.createComment(event.ref, reprioritisedComment(event.record.priority, priority, record.due, derived));
  return record;
}

export function priorityFromLabels(labels: readonly string[], justAdded?: string): Priority | undefined {
  const read = (label: string) => PRIORITIES.find((priority) => label.toLowerCase() === `priority:${priority.toLowerCase()}`);
  const added = justAdded ? read(justAdded) : undefined;
  if (added && labels.includes(justAdded!)) return added;
  return labels.map(read).find((priority) => priority !== undefined);
}

/** When every action item of the postmortem is closed: say so on both issues, once, and set the effectiveness review. */
async function closeTheLoopIfAllClosed(ctx: { github: GitHubClient; config: PostmortemConfig; now: Date }, postmortem: { ref: IssueRef; issue: IssueRecord }): Promise<void> {
  const { github, config } = ctx;
  const items = await listActionItemsOf(github, actionItemsRepository(config, postmortem.ref), config.actionItems.label, postmortem);
  if (items.length === 0 || items.some((item) => item.issue.state !== "closed")) return;
  const comments = await github.listComments(postmortem.ref);
  if (hasAppMarker(comments, "all-closed")) return;

  const today = parse(localDate(ctx.now, calendarOf(config)), "yyyy-MM-dd", new Date(0));
  const reviewDue = format(addMonths(today, config.actionItems.effectivenessReviewMonths), "yyyy-MM-dd");
  const mentions = (postmortem.issue.assignees ?? []).map((assignee) => mention(assignee.login));
  await github.createComment(postmortem.ref, allClosedComment(items.length, reviewDue, mentions));
  await github.addLabels(postmortem.ref, [EFFECTIVENESS_LABEL]);
  const incident = readSummary(postmortem.issue.body)?.incident;
  if (incident) await github.createComment(incident, incidentAllClosedComment(issueMention(postmortem.ref, incident), reviewDue));
}
