import type { PostmortemConfig, SeverityLevel } from "../config/schema.js";
import { calendarOf } from "../domain/business-days.js";
import type { IssueRef } from "../domain/issue-ref.js";
import { labelNames, serviceLabels } from "../domain/labels.js";
import { optionalNotice, summaryChangeComment } from "../domain/messages.js";
import { readSummary, renderSummaryBlock, replaceSummaryBlock, summarize, type IncidentFacts } from "../domain/postmortem-summary.js";
import { currentSeverity } from "../domain/severity.js";
import { hasAppMarker } from "../github/app-comments.js";
import type { IssueRecord } from "../github/github-client.js";
import type { ListedPostmortem } from "./find-postmortem.js";
import { mayOpenPostmortem, type IncidentHints, type ObservedIncident } from "./observe-incident.js";
import { sameRepository } from "../config/repositories.js";
import { recurrenceComment, relatedIncidentsText } from "./recurrence.js";

/** How long a postmortem found without its link is left to the delivery that created it (its writes may queue for minutes). */
export const CREATOR_GRACE_MS = 10 * 60_000;

/** "The postmortem this plan creates", before GitHub has given it a number. */
export const NEW_POSTMORTEM = "new" as const;
type Target = IssueRef | typeof NEW_POSTMORTEM;

/** One write the incident needs, as data: the apply step makes it. */
export type IncidentWrite =
  | { kind: "recurrence-warning"; body: string }
  | { kind: "optional-notice"; body: string }
  | { kind: "privacy-refusal"; incidentRepo: string; target: string }
  | { kind: "create-postmortem"; severity: SeverityLevel; facts: IncidentFacts; title: string; services: string[]; assignees: string[]; related?: string }
  | { kind: "post-checklist"; postmortem: Target }
  | { kind: "link"; postmortem: Target; severity: string }
  | { kind: "update-summary"; postmortem: IssueRef; body: string; announcement: string | undefined };

export type IncidentOutcome =
  | { kind: "gone" }
  | { kind: "not-an-incident" }
  | { kind: "optional" }
  | { kind: "refused"; reason: string }
  | { kind: "creator-at-work"; postmortem: IssueRef }
  | { kind: "create" }
  | { kind: "existing"; postmortem: IssueRef };

export interface IncidentPlan {
  outcome: IncidentOutcome;
  writes: IncidentWrite[];
  /** Configuration problems to tell the user about; the rest of the work goes on. */
  problems: string[];
}

/**
 * What should be true of an incident, from what GitHub holds now: a postmortem when its severity
 * requires one (or it was asked for), linked both ways, with its checklist, its summary in step
 * with the incident; a notice for an optional severity; a recurrence warning once. A pure function
 * of the observation, the config, the hints and `now`: every write it returns is missing today.
 */
export function planIncident(observed: ObservedIncident | undefined, config: PostmortemConfig, hints: IncidentHints, now: Date): IncidentPlan {
  const plan: IncidentPlan = { outcome: { kind: "not-an-incident" }, writes: [], problems: [] };
  if (!observed) return { ...plan, outcome: { kind: "gone" } };
  const { issue, comments } = observed;
  const severity = currentSeverity(config, labelNames(issue));
  if (!severity) return plan;
  const services = serviceLabels(labelNames(issue), config);

  if (observed.history && hints.lookForHistory && !hasAppMarker(comments, "recurrence")) {
    const { incidents, openItems } = observed.history;
    if (incidents.length > 0 || openItems.length > 0) plan.writes.push({ kind: "recurrence-warning", body: recurrenceComment(observed.history, services, observed.ref, config) });
  }

  const facts = incidentFacts(issue, observed.ref);
  const chosen = choosePostmortem(observed, now);
  if (chosen.kind === "creator-at-work") return { ...plan, outcome: chosen };
  if (chosen.kind === "found") {
    const { postmortem, linked, checklistPosted } = chosen;
    if (!checklistPosted) plan.writes.push({ kind: "post-checklist", postmortem: postmortem.ref });
    if (!linked) plan.writes.push({ kind: "link", postmortem: postmortem.ref, severity: severity.name });
    const update = summaryUpdate(postmortem, facts, severity, config);
    if (update) plan.writes.push(update);
    return { ...plan, outcome: { kind: "existing", postmortem: postmortem.ref } };
  }

  const wanted = severity.postmortem === "required" || hints.requested === true;
  if (!mayOpenPostmortem(observed, wanted)) {
    if (!hasAppMarker(comments, "optional")) plan.writes.push({ kind: "optional-notice", body: optionalNotice(severity.name) });
    return { ...plan, outcome: { kind: "optional" } };
  }
  const refusal = refuseTarget(observed);
  if (refusal?.problem) plan.problems.push(refusal.problem);
  if (refusal) {
    if (refusal.write && !hasAppMarker(comments, "privacy-refusal")) plan.writes.push(refusal.write);
    return { ...plan, outcome: { kind: "refused", reason: refusal.reason } };
  }
  plan.writes.push(
    {
      kind: "create-postmortem",
      severity,
      facts,
      title: issue.title,
      services,
      // Assignees only where they are collaborators for sure: the incident's own repository.
      assignees: sameRepository(observed.targetRepo, observed.ref) ? facts.assignees : [],
      ...(observed.history ? { related: relatedIncidentsText(observed.history, observed.targetRepo, config) } : {}),
    },
    { kind: "post-checklist", postmortem: NEW_POSTMORTEM },
    { kind: "link", postmortem: NEW_POSTMORTEM, severity: severity.name },
  );
  return { ...plan, outcome: { kind: "create" } };
}

/**
 * Which postmortem is the incident's: the one its link comment names; else the oldest of its
 * postmortems in the list (a delivery that stopped before linking), unless that one is so young
 * that its creator is taken to be still at work; else none.
 */
export function choosePostmortem(
  observed: Pick<ObservedIncident, "linked" | "listed" | "listedComments">,
  now: Date,
): { kind: "found"; postmortem: ListedPostmortem; linked: boolean; checklistPosted: boolean } | { kind: "creator-at-work"; postmortem: IssueRef } | { kind: "none" } {
  if (observed.linked) return { kind: "found", postmortem: observed.linked, linked: true, checklistPosted: true };
  const oldest = observed.listed?.[0];
  if (!oldest) return { kind: "none" };
  if (now.getTime() - Date.parse(oldest.created_at) < CREATOR_GRACE_MS) return { kind: "creator-at-work", postmortem: oldest.ref };
  return { kind: "found", postmortem: oldest, linked: false, checklistPosted: hasAppMarker(observed.listedComments ?? [], "checklist") };
}

/** The summary block rewritten from the incident, and what changed said on the postmortem; undefined when in step. */
export function summaryUpdate(postmortem: ListedPostmortem, facts: IncidentFacts, severity: SeverityLevel, config: PostmortemConfig): IncidentWrite | undefined {
  const calendar = calendarOf(config);
  const body = postmortem.body ?? "";
  const summary = summarize(facts, severity, calendar);
  const next = replaceSummaryBlock(body, renderSummaryBlock(summary, calendar));
  if (next === body) return undefined;
  return { kind: "update-summary", postmortem: postmortem.ref, body: next, announcement: summaryChangeComment(readSummary(body), summary) };
}

/** A postmortem repository of another owner is refused, and so is a public one for a private incident. */
function refuseTarget(observed: ObservedIncident): { reason: string; problem?: string; write?: IncidentWrite } | undefined {
  const { ref, targetRepo } = observed;
  if (sameRepository(ref, targetRepo)) return undefined;
  const target = `${targetRepo.owner}/${targetRepo.repo}`;
  if (targetRepo.owner.toLowerCase() !== ref.owner.toLowerCase()) {
    return {
      reason: "other owner",
      problem: `\`postmortem.repository\`: \`${target}\` belongs to another owner; postmortems must stay with the incident's owner. No postmortem was opened.`,
    };
  }
  if (!observed.repoPrivate || observed.targetPrivate !== false) return undefined;
  return { reason: "private incident, public postmortem repository", write: { kind: "privacy-refusal", incidentRepo: `${ref.owner}/${ref.repo}`, target } };
}

export function incidentFacts(issue: IssueRecord, ref: IssueRef): IncidentFacts {
  return {
    ref,
    url: issue.html_url,
    createdAt: issue.created_at,
    closedAt: issue.closed_at,
    state: issue.state === "closed" ? "closed" : "open",
    assignees: (issue.assignees ?? []).map((assignee) => assignee.login),
  };
}
