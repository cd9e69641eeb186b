import { mention } from "../markdown/escape.js";
import { formatIssueRef, type IssueRef } from "./issue-ref.js";
import { marker } from "./markers.js";
import { describeReviewDue, type PostmortemSummary } from "./postmortem-summary.js";

/** Comment bodies the app posts. Each carries the marker the app finds it by again. */

export function linkComment(postmortem: IssueRef, shownAs: string, severity: string): string {
  return [
    marker("link", { postmortem: formatIssueRef(postmortem) }),
    `📝 The postmortem for this ${severity} incident is ${shownAs}.`,
    "",
    "Its review deadline is set when this incident is closed. Record the timeline, root cause and action items there.",
  ].join("\n");
}

export function optionalNotice(severity: string): string {
  return [
    marker("optional", { severity }),
    `A postmortem is optional for ${severity} incidents.`,
    "",
    "If this one is worth learning from, comment `/postmortem` and postmortem-bot will open one (people with write or triage permission on this repository can ask).",
  ].join("\n");
}

export function configErrorComment(problems: readonly string[], fileName: string): string {
  return [
    marker("config-error", { problems: problems.length }),
    `⚠️ postmortem-bot could not use \`.github/${fileName}\`, so it used the default settings for this event:`,
    "",
    ...problems.map((problem) => `- ${problem}`),
    "",
    "Fix the file on the default branch; the next event will use it.",
  ].join("\n");
}

export function commandReply(commentId: number, text: string): string {
  return `${marker("reply", { to: commentId })}\n${text}`;
}

export const replies = {
  refused: (login: string, command: string) =>
    `Sorry ${mention(login)}, only people with write or triage permission on this repository can use \`${command}\`. Nothing was changed.`,
  actionUsage: "Usage: `/action <what to do> priority:P1 type:prevention owner:@login due:YYYY-MM-DD` (everything after the text is optional).",
  notAPostmortem: "`/action` adds an action item to a postmortem: use it in a postmortem issue opened by postmortem-bot.",
  notAnIncident: (labels: readonly string[]) =>
    `This issue has no severity label, so it is not an incident postmortem-bot knows. Add one of ${labels.map((label) => `\`${label}\``).join(", ")} first.`,
  alreadyOpen: (postmortem: string) => `This incident already has a postmortem: ${postmortem}.`,
  opened: (postmortem: string) => `Opened the postmortem: ${postmortem}.`,
};

export function privacyRefusal(incidentRepo: string, postmortemRepo: string): string {
  return [
    marker("privacy-refusal"),
    `⚠️ postmortem-bot did not open a postmortem: \`${incidentRepo}\` is private and the configured postmortem repository \`${postmortemRepo}\` is public, so the postmortem would publish this incident.`,
    "",
    "Point `postmortem.repository` in `.github/postmortem.yml` to a private repository, or leave it unset to keep postmortems beside the incidents.",
  ].join("\n");
}

/** What changed in the summary, said on the postmortem; undefined when nothing worth saying changed. */
export function summaryChangeComment(before: PostmortemSummary | undefined, after: PostmortemSummary): string | undefined {
  const lines: string[] = [];
  if (before && before.severity !== after.severity) {
    lines.push(`Severity changed from ${before.severity} to ${after.severity}.`);
  }
  if (after.resolvedAt && after.resolvedAt !== before?.resolvedAt) {
    lines.push(`The incident was resolved. Review due: ${describeReviewDue(after)}.`);
  } else if (!after.resolvedAt && before?.resolvedAt) {
    lines.push("The incident was reopened, so the review deadline is cleared until it is resolved again.");
  } else if (lines.length > 0 && after.resolvedAt) {
    lines.push(`Review due: ${describeReviewDue(after)}.`);
  }
  if (lines.length === 0) return undefined;
  const who = after.commanders.length ? `${after.commanders.map(mention).join(" ")} ` : "";
  return `${who}${lines.join(" ")}`.trim();
}

export function checklistIncompleteComment(items: readonly string[], closedAt: string, reopened: boolean): string {
  return [
    marker("checklist-incomplete", { closedAt }),
    `This postmortem was closed with ${items.length} required review checklist item${items.length === 1 ? "" : "s"} unticked:`,
    "",
    ...items.map((item) => `- [ ] ${item}`),
    "",
    reopened
      ? "It has been reopened until they are done (this repository's `postmortem.reopenWhenChecklistIncomplete` setting)."
      : "Tick them in the checklist comment when they are done, or reopen the postmortem to finish the review.",
  ].join("\n");
}

export function duplicateNotice(kept: string): string {
  return `Closed as a duplicate of ${kept}: two deliveries of the same event opened a postmortem at the same time, and the older one is kept.`;
}
