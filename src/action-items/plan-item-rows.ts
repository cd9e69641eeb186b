import { PRIORITIES, type PostmortemConfig, type Priority } from "../config/schema.js";
import { mention } from "../markdown/escape.js";
import { sameIssue, type IssueRef } from "../domain/issue-ref.js";
import { labelNames } from "../domain/labels.js";
import type { IssueRecord } from "../github/github-client.js";
import type { ActionItemRecord } from "./action-item-body.js";
import type { ActionTable } from "./action-table.js";
import { derivedDueDate } from "./due-date.js";
import type { CellEdit } from "./edit-cells.js";
import type { ActionRow } from "./read-rows.js";

/** An action item of a postmortem, as GitHub holds it now. */
export interface ObservedItem {
  ref: IssueRef;
  issue: IssueRecord;
  record: ActionItemRecord;
}

/** The words of a Status cell that say an item is closed, whatever closed it. */
const CLOSED_STATUS = /^(implemented|done|dropped)\b/i;

/** Items that are closed while their row does not say so yet: their timeline tells how they closed. */
export function itemsNeedingEvidence(rows: readonly ActionRow[], items: readonly ObservedItem[], table: ActionTable): ObservedItem[] {
  if (table.columns.status === undefined) return [];
  return items.filter((item) => {
    const row = rowOf(rows, item.ref);
    const status = row?.row.cells.status?.text ?? "";
    return row !== undefined && (item.issue.state === "closed" ? !CLOSED_STATUS.test(status) : /^implemented\b/i.test(status));
  });
}

/**
 * The Status of an item whose timeline was not read: `open` for an open item whose row still says
 * it closed (reopened by hand: nothing to warn of); otherwise none, so a person's own words stay.
 */
export function statusWithoutEvidence(rows: readonly ActionRow[], item: ObservedItem): string | undefined {
  if (item.issue.state !== "open") return undefined;
  return CLOSED_STATUS.test(rowOf(rows, item.ref)?.row.cells.status?.text ?? "") ? "open" : undefined;
}

export function rowOf(rows: readonly ActionRow[], ref: IssueRef): ActionRow | undefined {
  return rows.find((row) => row.issue !== undefined && sameIssue(row.issue, ref));
}

/** The priority an item's labels give it now; without a priority label, the one recorded. */
export function priorityFromLabels(labels: readonly string[]): Priority | undefined {
  const read = (label: string) => PRIORITIES.find((priority) => label.toLowerCase() === `priority:${priority.toLowerCase()}`);
  // Several priority labels (half-way through a change): the most urgent, like severities.
  return PRIORITIES.find((priority) => labels.some((label) => read(label) === priority));
}

/** The record after a priority change: a derived due date follows the new priority, an explicit one stays; undefined when unchanged. */
export function redatedRecord(item: ObservedItem, config: PostmortemConfig): ActionItemRecord | undefined {
  const priority = priorityFromLabels(labelNames(item.issue)) ?? item.record.priority;
  if (priority === item.record.priority) return undefined;
  const derived = item.record.dueSource === "derived";
  return { ...item.record, priority, due: derived ? derivedDueDate(priority, new Date(item.record.filedAt), config) : item.record.due, reminded: null };
}

/**
 * The cell edits that bring each filed row in step with its item: Status (from `statusOf`, for
 * items whose status is known), Priority, Owner (the assignees) and a derived Due date. Only cells
 * the table has, and only those that differ.
 */
export function rowEdits(
  table: ActionTable,
  rows: readonly ActionRow[],
  items: readonly { item: ObservedItem; record: ActionItemRecord; status: string | undefined }[],
): CellEdit[] {
  const edits: CellEdit[] = [];
  for (const { item, record, status } of items) {
    const row = rowOf(rows, item.ref);
    if (!row) continue;
    const owners = (item.issue.assignees ?? []).map((assignee) => mention(assignee.login)).join(", ");
    const wanted: [CellEdit["column"], string][] = [
      ["priority", record.priority],
      ["owner", owners],
    ];
    if (status !== undefined) wanted.push(["status", status]);
    if (record.dueSource === "derived") wanted.push(["due", record.due]);
    for (const [column, value] of wanted) {
      const present = row.row.cells[column] !== undefined || (table.columns[column] !== undefined && value !== "");
      if (present && (row.row.cells[column]?.text ?? "") !== value) edits.push({ row: row.row, column, value });
    }
  }
  return edits;
}
