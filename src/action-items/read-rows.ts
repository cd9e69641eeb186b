import { createHash } from "node:crypto";
import { ACTION_TYPES, PRIORITIES, type ActionType, type Priority } from "../config/schema.js";
import { parseIssueRef, type IssueRef } from "../domain/issue-ref.js";
import type { ActionTable, TableRow } from "./action-table.js";

/** One row of the action items table, read and checked. */
export interface ActionRow {
  row: TableRow;
  /** The row's identity while it has no issue: its action text, case and spacing ignored. */
  key: string;
  action: string;
  type: ActionType | undefined;
  owners: string[];
  /** As written, when it is one of P0..P5. */
  priority: Priority | undefined;
  /** An explicit due date from the Due cell (YYYY-MM-DD). */
  due: string | undefined;
  issue: IssueRef | undefined;
  /** What is wrong with the row, said to the user; the row is still filed where it safely can be. */
  problems: string[];
  /** False for placeholder and empty rows, and rows whose Issue cell holds something unreadable. */
  fileable: boolean;
}

/**
 * A row's identity, kept in its issue's marker: the normalised action text, or for a very long
 * one its beginning and a digest of the rest, so a marker never grows with the row.
 */
export function actionKey(action: string): string {
  const key = action.toLowerCase().replace(/\s+/g, " ").trim();
  if (key.length <= MAX_KEY_LENGTH) return key;
  return `${key.slice(0, MAX_KEY_LENGTH - 17)}…${createHash("sha256").update(key).digest("hex").slice(0, 16)}`;
}

const MAX_KEY_LENGTH = 200;

export function readActionRows(table: ActionTable, postmortemRepo: { owner: string; repo: string }): ActionRow[] {
  return table.rows.map((row) => readRow(row, postmortemRepo));
}

function readRow(row: TableRow, repo: { owner: string; repo: string }): ActionRow {
  const text = (column: keyof TableRow["cells"]) => row.cells[column]?.text ?? "";
  const problems: string[] = [];
  const action = text("action");

  const typeText = text("type").toLowerCase();
  const type = ACTION_TYPES.find((candidate) => candidate === typeText);
  if (!type) problems.push(typeText ? `type \`${text("type")}\` is not one of prevention, detection, response` : "no type (prevention, detection or response)");

  const priorityText = text("priority").toUpperCase();
  const priority = PRIORITIES.find((candidate) => candidate === priorityText);
  if (!priority && priorityText) problems.push(`priority \`${text("priority")}\` is not one of P0..P5`);

  const dueText = text("due");
  const due = isCalendarDate(dueText) ? dueText : undefined;
  if (dueText && !due) problems.push(`due date \`${dueText}\` is not a date written YYYY-MM-DD; the priority's due date was used`);

  const ownerText = text("owner");
  const owners = readOwners(ownerText);
  if (ownerText && owners.length === 0) problems.push(`owner \`${ownerText}\` is not a GitHub login`);

  const issueText = text("issue");
  const issue = issueText ? readIssueCell(issueText, repo) : undefined;
  const unreadableIssue = issueText !== "" && !issue;
  if (unreadableIssue) problems.push(`the Issue cell \`${issueText}\` is not an issue reference such as #12; the row was left alone`);

  return {
    row,
    key: actionKey(action),
    action,
    type,
    owners,
    priority,
    due,
    issue,
    problems,
    fileable: !row.placeholder && action !== "" && !unreadableIssue,
  };
}

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

/**
 * Owners as written: every `@login` of the cell (`@a and @b`, `@a, @b`), or one bare login.
 * Anything else (`n/a`, an e-mail address) is no owner, and said so.
 */
export function readOwners(text: string): string[] {
  const words = text.split(/[\s,;]+/).filter(Boolean);
  const mentioned = words.filter((word) => word.startsWith("@"));
  if (mentioned.length > 0) return mentioned.map((word) => word.slice(1)).filter((login) => LOGIN.test(login));
  return words.length === 1 && LOGIN.test(words[0]!) ? [words[0]!] : [];
}

/** `#12`, `owner/repo#12` or an issue URL. */
export function readIssueCell(text: string, repo: { owner: string; repo: string }): IssueRef | undefined {
  const trimmed = text.trim();
  const local = /^#(\d+)$/.exec(trimmed);
  if (local) return { ...repo, number: Number(local[1]) };
  const url = /^https:\/\/[^/]+\/([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)\/issues\/(\d+)$/.exec(trimmed);
  if (url) return { owner: url[1]!, repo: url[2]!, number: Number(url[3]) };
  return parseIssueRef(trimmed);
}

export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}
