import { z } from "zod";
import { ACTION_TYPES, PRIORITIES, type ActionType, type Priority } from "../config/schema.js";
import { escapeInline, mention } from "../markdown/escape.js";
import { formatIssueRef, parseIssueRef, type IssueRef } from "../domain/issue-ref.js";
import { block, readBlockData, replaceBlock } from "../domain/markers.js";
import { fitBody } from "../domain/render-template.js";

/** What the app knows of an action item, kept in the hidden marker of its issue body. */
export interface ActionItemRecord {
  postmortem: IssueRef;
  incident: IssueRef | null;
  /** The row's action text, normalised: how the row is found again before it has an issue. */
  key: string;
  priority: Priority;
  type: ActionType | null;
  due: string;
  dueSource: "explicit" | "derived";
  filedAt: string;
  /** The last reminder stage posted by the sweep: each is posted once. */
  reminded: "due-soon" | "overdue" | "escalated" | null;
}

export interface ActionItemView {
  action: string;
  postmortemMention: string;
  incidentMention: string | null;
  owners: string[];
  /** Owners named in the row who could not be assigned: named here so nothing is lost. */
  unassignable: string[];
}

export function renderActionItemBlock(record: ActionItemRecord): string {
  const data = { ...record, postmortem: formatIssueRef(record.postmortem), incident: record.incident ? formatIssueRef(record.incident) : null };
  const rows = [
    ["Priority", record.priority],
    ["Type", record.type ?? "_not set_"],
    ["Due", `**${record.due}**${record.dueSource === "derived" ? ` (from the ${record.priority} timeframe)` : ""}`],
  ];
  return block("action-item", data, ["| | |", "|---|---|", ...rows.map(([key, value]) => `| **${key}** | ${value} |`)].join("\n"));
}

export function renderActionItemBody(record: ActionItemRecord, view: ActionItemView): string {
  const origin = view.incidentMention
    ? `Action item from the postmortem ${view.postmortemMention} of incident ${view.incidentMention}.`
    : `Action item from the postmortem ${view.postmortemMention}.`;
  const lines = [renderActionItemBlock(record), "", origin, "", `> ${escapeInline(view.action)}`];
  if (view.unassignable.length > 0) {
    lines.push("", `Owner named in the postmortem: ${view.unassignable.map(escapeInline).join(", ")} (could not be assigned here).`);
  }
  lines.push("", "Close this issue when the action is done, ideally from the pull request that does it (`Fixes #…`).");
  return fitBody(lines.join("\n"));
}

/** The record as its block's marker carries it: issues written `owner/repo#number`. */
const RECORD_DATA = z.object({
  postmortem: z.string(),
  incident: z.string().nullable(),
  key: z.string(),
  priority: z.enum(PRIORITIES),
  type: z.enum(ACTION_TYPES).nullable(),
  due: z.string(),
  dueSource: z.enum(["explicit", "derived"]),
  filedAt: z.string(),
  reminded: z.enum(["due-soon", "overdue", "escalated"]).nullable(),
});

export function readActionItemRecord(body: string | null | undefined): ActionItemRecord | undefined {
  const data = readBlockData(body, "action-item", RECORD_DATA);
  const postmortem = parseIssueRef(data?.postmortem);
  if (!data || !postmortem) return undefined;
  return { ...data, postmortem, incident: parseIssueRef(data.incident) ?? null };
}

export function replaceActionItemBlock(body: string, record: ActionItemRecord): string {
  return replaceBlock(body, "action-item", renderActionItemBlock(record));
}

export function ownersText(owners: readonly string[]): string {
  return owners.map(mention).join(", ");
}
