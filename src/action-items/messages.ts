import { escapeInline, mention } from "../markdown/escape.js";
import type { IssueRef } from "../domain/issue-ref.js";
import { marker } from "../domain/markers.js";
import { GITHUB_LIMITS } from "../support/github-limits.js";
import type { ActionItemRecord } from "./action-item-body.js";

export interface FiledItem {
  key: string;
  action: string;
  ref: IssueRef;
  record: ActionItemRecord;
  owners: string[];
  /** Found already filed (by a delivery that stopped before writing back), not created now. */
  adopted: boolean;
}

export interface RowProblem {
  position: number;
  action: string;
  problems: string[];
}

/**
 * How a filing's items are linked to the postmortem: as sub-issues, or from the postmortem's task
 * list when GitHub would not link one (no sub-issues API, or the parent already has GitHub's most).
 */
export type Linking = { as: "sub-issues" } | { as: "task list"; because: "unavailable" | "full" };

/** What a filing did, said once on the postmortem; undefined when there is nothing to say. */
export function filingComment(
  created: readonly FiledItem[],
  linkedAs: Linking | null,
  rowProblems: readonly RowProblem[],
  show: (ref: IssueRef) => string,
  /** Service labels of the postmortem not copied to the items: GitHub allows 100 labels per issue. */
  uncopiedLabels: readonly string[] = [],
): string | undefined {
  if (created.length === 0 && rowProblems.length === 0) return undefined;
  const lines: string[] = [marker("action-items-filed", { items: created.map((item) => show(item.ref)) })];
  if (created.length > 0) {
    lines.push(`Filed ${created.length} action item${created.length === 1 ? "" : "s"}:`, "");
    for (const item of created) {
      const owner = item.owners.length ? item.owners.map(mention).join(", ") : "**no owner**";
      lines.push(`- ${show(item.ref)} ${item.record.priority}, due ${item.record.due}, ${owner}`);
    }
    lines.push("", linkingSentence(linkedAs));
    if (uncopiedLabels.length > 0) {
      lines.push(
        "",
        `GitHub allows ${GITHUB_LIMITS.labelsPerIssue} labels on an issue, so ${uncopiedLabels.length} of this postmortem's service labels were not copied to them: ${uncopiedLabels.map((label) => `\`${escapeInline(label)}\``).join(", ")}.`,
      );
    }
  }
  if (rowProblems.length > 0) {
    lines.push("", "Some rows of the action items table need a look:", "");
    for (const row of rowProblems) {
      lines.push(`- Row ${row.position} (“${escapeInline(row.action).slice(0, 80)}”): ${row.problems.join("; ")}.`);
    }
  }
  return lines.join("\n");
}

function linkingSentence(linkedAs: Linking | null): string {
  if (linkedAs?.as !== "task list") return "They are linked to this postmortem as sub-issues.";
  const why = linkedAs.because === "full" ? `This postmortem already has GitHub's most sub-issues (${GITHUB_LIMITS.subIssuesPerParent})` : "This GitHub has no sub-issues API";
  return `${why}, so they are linked from the task list at the end of this postmortem.`;
}

export function unlistedComment(postmortem: string): string {
  return `${marker("unlisted")}\nThis action item is no longer listed in the action items table of ${postmortem}. It stays open: close it as not planned if it was dropped.`;
}

export function reprioritisedComment(from: string, to: string, due: string, derived: boolean): string {
  return derived
    ? `Priority changed from ${from} to ${to}: the due date is now **${due}** (the ${to} timeframe from when it was filed).`
    : `Priority changed from ${from} to ${to}. The due date stays **${due}**, as written in the postmortem.`;
}

export function allClosedComment(count: number, reviewDue: string, mentions: readonly string[]): string {
  const who = mentions.length ? `${mentions.join(" ")} ` : "";
  return [
    marker("all-closed", { reviewDue }),
    `${who}All ${count} action item${count === 1 ? "" : "s"} of this postmortem are closed. 🎉`,
    "",
    `The effectiveness review is due on **${reviewDue}**: check that the measures work (metrics of the incident's area, no recurrence), adjust them, and share what worked. postmortem-bot will remind you here.`,
  ].join("\n");
}

export function incidentAllClosedComment(postmortem: string, reviewDue: string): string {
  return `${marker("all-closed", { reviewDue })}\nEvery action item of the postmortem ${postmortem} is closed. Effectiveness review due on ${reviewDue}.`;
}

export function effectivenessReminder(reviewDue: string, assignees: readonly string[]): string {
  const who = assignees.length ? `${assignees.map(mention).join(" ")} ` : "";
  return [
    marker("reminder", { effectivenessReview: reviewDue }),
    `${who}The effectiveness review of this postmortem was due on **${reviewDue}**.`,
    "",
    "Look at the metrics of the incident's area: are the measures working, has anything similar recurred? Adjust what does not work, and share what does.",
  ].join("\n");
}

export function unownedComment(items: readonly string[]): string {
  return [
    marker("unowned", { items }),
    `${items.length} action item${items.length === 1 ? " has" : "s have"} no owner: ${items.join(", ")}.`,
    "",
    "An action item without an owner is the one that gets forgotten. Assign each to the person who will see it through.",
  ].join("\n");
}

export function regressionComment(item: string, wasStatus: string, reopenedAt: string, itemRef: string, assignees: readonly string[]): string {
  const who = assignees.length ? `${assignees.map(mention).join(" ")} ` : "";
  return [
    marker("regression", { item: itemRef, reopenedAt }),
    `${who}⚠️ The action item ${item} was ${wasStatus} and has been reopened: the fix may have regressed.`,
    "",
    "Check whether the measure still holds, and record what happened in this postmortem.",
  ].join("\n");
}
