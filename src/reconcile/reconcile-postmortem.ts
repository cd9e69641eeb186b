import { addMonths, format, parse } from "date-fns";
import { replaceActionItemBlock } from "../action-items/action-item-body.js";
import { findActionTable } from "../action-items/action-table.js";
import { closingStatus, readClosingHistory, type Closing, type ClosingHistory } from "../action-items/closing-evidence.js";
import { editCells } from "../action-items/edit-cells.js";
import { actionItemsAmong, fileActionItems, listActionItemsOf, type FilingContext, type FilingOutcome } from "../action-items/file-action-items.js";
import { allClosedComment, incidentAllClosedComment, regressionComment, reprioritisedComment, unlistedComment } from "../action-items/messages.js";
import { itemsNeedingEvidence, redatedRecord, rowEdits, rowOf, statusWithoutEvidence, type ObservedItem } from "../action-items/plan-item-rows.js";
import { readActionRows, type ActionRow } from "../action-items/read-rows.js";
import { calendarOf, localDate } from "../domain/business-days.js";
import { mention } from "../markdown/escape.js";
import { formatIssueRef, issueMention, type IssueRef } from "../domain/issue-ref.js";
import { checklistIncompleteComment } from "../domain/messages.js";
import { readSummary } from "../domain/postmortem-summary.js";
import { uncheckedRequiredItems } from "../domain/review-checklist.js";
import { appComments, hasAppMarker } from "../github/app-comments.js";
import { writtenByApp, type IssueComment, type IssueRecord } from "../github/github-client.js";
import { actionItemsRepository } from "../config/repositories.js";

export const EFFECTIVENESS_LABEL = "effectiveness-review";

export interface PostmortemReconciled {
  kind: "not-a-postmortem" | "reconciled";
  filing?: FilingOutcome;
  /** The postmortem's comments as observed (for the caller's config report). */
  comments?: IssueComment[];
}

/**
 * Brings a postmortem and its action items in step, whatever events were missed:
 * 1. observe the postmortem (body and comments, one request) and its action items (one list per 100);
 *    the timeline only of items whose row does not yet say how they closed (or reopened);
 * 2. plan: re-dated items, rows in step with their items (Status, Priority, Owner, Due),
 *    regression warnings, rows to file, the effectiveness loop, the closing checklist check;
 * 3. apply, re-reading the body before each write of it so a person's edit in between survives.
 */
export async function reconcilePostmortem(ctx: FilingContext, ref: IssueRef, repoPrivate: boolean, known: KnownPostmortem = {}): Promise<PostmortemReconciled> {
  const { github, config } = ctx;
  const found = known.found ?? (await github.getIssueWithComments(ref));
  if (!found || !writtenByApp(found.issue.user) || !readSummary(found.issue.body)) return { kind: "not-a-postmortem" };
  const { issue, comments } = found;
  const postmortem = { ref, issue, private: repoPrivate };
  const body = issue.body ?? "";
  const table = findActionTable(body);
  const rows = table ? readActionRows(table, ref) : [];
  const itemsRepo = actionItemsRepository(config, ref);
  const knownItems = known.labelledItems ? actionItemsAmong(known.labelledItems, itemsRepo, ref) : undefined;
  const all = knownItems && knownItemsSuffice(rows, knownItems) ? knownItems : await listActionItemsOf(github, itemsRepo, config.actionItems.label, postmortem);
  // Issues closed as duplicates of racing replicas' are not items of their own.
  const items: ObservedItem[] = all.filter((item) => !(item.issue.state === "closed" && item.issue.state_reason === "duplicate"));
  const evidence = new Map<number, ClosingHistory>();
  if (table) for (const item of itemsNeedingEvidence(rows, items, table)) evidence.set(item.ref.number, await readClosingHistory(github, item.ref));

  const show = (item: IssueRef) => issueMention(item, ref);
  const assignees = (issue.assignees ?? []).map((assignee) => assignee.login);
  const synced = [];
  for (const item of items) {
    const redated = redatedRecord(item, config);
    if (redated) {
      await github.updateIssue(item.ref, { body: replaceActionItemBlock(item.issue.body ?? "", redated) });
      await github.createComment(item.ref, reprioritisedComment(item.record.priority, redated.priority, redated.due, redated.dueSource === "derived"));
    }
    const history = evidence.get(item.ref.number);
    const status = history ? statusFrom(item, history, show) : statusWithoutEvidence(rows, item);
    if (history && item.issue.state === "open" && history.lastClosing?.outcome === "implemented") {
      const reopenedAt = history.lastReopenedAt ?? item.issue.updated_at ?? "";
      const said = hasAppMarker(comments, "regression", (data) => data.reopenedAt === reopenedAt && data.item === formatIssueRef(item.ref));
      if (!said) await github.createComment(ref, regressionComment(show(item.ref), closingStatus(history.lastClosing, show), reopenedAt, formatIssueRef(item.ref), assignees));
    }
    synced.push({ item, record: redated ?? item.record, status });
  }
  if (table) {
    const next = editCells(body, table, rowEdits(table, rows, synced));
    if (next !== body) await github.updateIssue(ref, { body: next });
    await tellUnlisted(ctx, ref, rows, items);
  }

  const filing = await fileActionItems(ctx, postmortem, items);
  if (items.length > 0 && filing.filed.length === 0) await closeTheLoopIfAllClosed(ctx, ref, issue, items, comments);
  if (issue.state === "closed") await checkClosingChecklist(ctx, ref, issue, comments);
  return { kind: "reconciled", filing, comments };
}

/** What a caller that reads many objects at once (the catch-up) already read, moments ago. */
export interface KnownPostmortem {
  /** The postmortem and its comments. */
  found?: { issue: IssueRecord; comments: IssueComment[] };
  /** Issues of the items repository carrying the action-item label: the open ones and those changed lately. */
  labelledItems?: readonly IssueRecord[];
}

/**
 * Items read for the whole repository (open, and changed within the look-back window) stand for a
 * postmortem's own list only when nothing needs the rest: no row waits to be filed (its item might
 * exist, to be adopted) and every filed row's item is among them. Otherwise its items are listed.
 */
export function knownItemsSuffice(rows: readonly ActionRow[], items: readonly ObservedItem[]): boolean {
  const fileable = rows.filter((row) => row.fileable);
  return fileable.every(
    (row) => row.issue !== undefined && items.some((item) => item.ref.number === row.issue!.number && item.ref.repo.toLowerCase() === row.issue!.repo.toLowerCase()),
  );
}

/** The Status cell of an item whose timeline was read: how it closed, or `open` again. */
function statusFrom(item: ObservedItem, history: ClosingHistory, show: (ref: IssueRef) => string): string {
  if (item.issue.state === "open") return "open";
  const fallback: Closing = item.issue.state_reason === "not_planned" ? { outcome: "dropped" } : { outcome: "done" };
  return closingStatus(history.lastClosing ?? fallback, show);
}

/** Open items of this postmortem that no row names any more: said on the item, once. */
async function tellUnlisted(ctx: FilingContext, postmortem: IssueRef, rows: readonly ActionRow[], items: readonly ObservedItem[]): Promise<void> {
  for (const item of items) {
    if (item.issue.state !== "open" || rowOf(rows, item.ref) || rows.some((row) => !row.issue && row.key === item.record.key)) continue;
    const comments = await ctx.github.listComments(item.ref);
    if (hasAppMarker(comments, "unlisted")) continue;
    await ctx.github.createComment(item.ref, unlistedComment(issueMention(postmortem, item.ref)));
  }
}

/** When every action item of the postmortem is closed: said on both issues, once, and the effectiveness review is set. */
async function closeTheLoopIfAllClosed(ctx: FilingContext, ref: IssueRef, issue: IssueRecord, items: readonly ObservedItem[], comments: readonly IssueComment[]): Promise<void> {
  const { github, config } = ctx;
  if (items.some((item) => item.issue.state !== "closed") || hasAppMarker(comments, "all-closed")) return;
  const today = parse(localDate(ctx.now, calendarOf(config)), "yyyy-MM-dd", new Date(0));
  const reviewDue = format(addMonths(today, config.actionItems.effectivenessReviewMonths), "yyyy-MM-dd");
  const mentions = (issue.assignees ?? []).map((assignee) => mention(assignee.login));
  await github.createComment(ref, allClosedComment(items.length, reviewDue, mentions));
  await github.addLabels(ref, [EFFECTIVENESS_LABEL]);
  const incident = readSummary(issue.body)?.incident;
  if (incident) await github.createComment(incident, incidentAllClosedComment(issueMention(ref, incident), reviewDue));
}

/** A postmortem closed with required checklist items unticked gets them listed (and, if configured, reopens), once per closing. */
async function checkClosingChecklist(ctx: FilingContext, ref: IssueRef, issue: IssueRecord, comments: readonly IssueComment[]): Promise<void> {
  const closedAt = issue.closed_at ?? issue.updated_at ?? "";
  const [checklist] = appComments(comments, "checklist");
  const unticked = checklist ? uncheckedRequiredItems(checklist.body) : [];
  if (unticked.length === 0 || hasAppMarker(comments, "checklist-incomplete", (data) => data.closedAt === closedAt)) return;
  const reopen = ctx.config.postmortem.reopenWhenChecklistIncomplete;
  await ctx.github.createComment(ref, checklistIncompleteComment(unticked, closedAt, reopen));
  if (reopen) await ctx.github.updateIssue(ref, { state: "open", state_reason: "reopened" });
}
