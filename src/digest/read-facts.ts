import { readActionItemRecord } from "../action-items/action-item-body.js";
import type { PostmortemConfig } from "../config/schema.js";
import { formatIssueRef, type IssueRef } from "../domain/issue-ref.js";
import { serviceLabels } from "../domain/labels.js";
import { readSummary } from "../domain/postmortem-summary.js";
import { currentSeverity, severityForLabel } from "../domain/severity.js";
import type { ListKind } from "./digest-queries.js";
import type { ActionItemFact, ActionItemOutcome, DigestFacts, IncidentFact, PostmortemFact } from "./model.js";
import { readRelatedIncidents, readTimeline } from "./read-postmortem.js";

/** An issue as the digest's GraphQL lists return it; what is selected depends on the list (digest-queries.ts). */
export interface IssueNode {
  number: number;
  title: string;
  url: string;
  body: string;
  state: "OPEN" | "CLOSED";
  stateReason: string | null;
  createdAt: string;
  closedAt: string | null;
  author: { login: string; __typename: string } | null;
  labels?: { nodes: { name: string }[] };
  assignees?: { nodes: { login: string }[] };
  timelineItems?: { nodes: { closer?: { __typename: string; merged?: boolean; url?: string } | null }[] };
}

/** An issue of one of the window's lists, with the list's kind and its repository. */
export interface ListedIssue extends IssueNode {
  list: ListKind;
  repository: { nameWithOwner: string; isPrivate: boolean };
}

/**
 * Incidents, postmortems and action items from the listed issues, read from their labels and the
 * app's markers. `incidentLabels` holds the labels of incidents outside the window that a
 * postmortem names (see `incidentsToLookUp`), keyed `owner/repo#number` in lower case.
 */
export function factsFrom(issues: readonly ListedIssue[], config: PostmortemConfig, incidentLabels: ReadonlyMap<string, readonly string[]> = new Map()): DigestFacts {
  const incidents = readIncidents(issues, config);
  const severityOf = new Map(incidents.map((incident) => [keyOf(incident), incident.severityLabel]));
  const facts: DigestFacts = { incidents, postmortems: [], actionItems: [] };
  for (const issue of unique(issues, ["postmortem", "action-item"])) {
    if (issue.author?.__typename !== "Bot") continue;
    const summary = readSummary(issue.body);
    if (issue.list === "postmortem" && summary) {
      const incident = formatIssueRef(summary.incident);
      // By label: the incident's current one, else the configured severity of that name, else the incident's labels read apart.
      const label =
        severityOf.get(incident.toLowerCase()) ??
        config.severities.find((level) => level.name === summary.severity)?.label ??
        currentSeverity(config, incidentLabels.get(incident.toLowerCase()) ?? [])?.label ??
        null;
      const level = severityForLabel(config, label ?? undefined);
      facts.postmortems.push({
        ...source(issue),
        incident,
        severity: level?.name ?? summary.severity,
        severityLabel: label,
        required: level?.postmortem === "required",
        createdAt: issue.createdAt,
        closedAt: closedAt(issue),
        reviewDue: summary.reviewDue,
        ...readTimeline(issue.body, config.timeZone),
        relatedIncidents: readRelatedIncidents(issue.body, repoOf(issue)),
      } satisfies PostmortemFact);
      continue;
    }
    const item = issue.list === "action-item" && !summary ? readActionItemRecord(issue.body) : undefined;
    if (!item || issue.stateReason === "DUPLICATE") continue;
    facts.actionItems.push({
      ...source(issue),
      postmortem: formatIssueRef(item.postmortem),
      priority: item.priority,
      type: item.type,
      createdAt: issue.createdAt,
      closedAt: closedAt(issue),
      outcome: outcomeOf(issue),
      due: item.due,
      owners: (issue.assignees?.nodes ?? []).map((assignee) => assignee.login),
    } satisfies ActionItemFact);
  }
  return facts;
}

/**
 * The incidents whose labels the digest still needs: named by a postmortem of the window, not
 * listed themselves (closed before the window), and whose summary names a severity the config no
 * longer has (it was renamed). Without them such a postmortem would lose its severity.
 */
export function incidentsToLookUp(issues: readonly ListedIssue[], config: PostmortemConfig): IssueRef[] {
  const listed = new Set(readIncidents(issues, config).map(keyOf));
  const wanted = new Map<string, IssueRef>();
  for (const issue of unique(issues, ["postmortem"])) {
    const summary = issue.author?.__typename === "Bot" ? readSummary(issue.body) : undefined;
    if (!summary || config.severities.some((level) => level.name === summary.severity)) continue;
    const key = formatIssueRef(summary.incident).toLowerCase();
    if (!listed.has(key)) wanted.set(key, summary.incident);
  }
  return [...wanted.values()];
}

function readIncidents(issues: readonly ListedIssue[], config: PostmortemConfig): IncidentFact[] {
  const incidents: IncidentFact[] = [];
  for (const issue of unique(issues, ["incident"])) {
    // What the app wrote (a postmortem or an action item carrying a severity label) is not an incident.
    if (issue.author?.__typename === "Bot" && (readSummary(issue.body) || readActionItemRecord(issue.body))) continue;
    const labels = (issue.labels?.nodes ?? []).map((label) => label.name);
    const severity = currentSeverity(config, labels);
    if (!severity) continue;
    incidents.push({
      ...source(issue),
      severity: severity.name,
      severityLabel: severity.label,
      services: serviceLabels(labels, config),
      createdAt: issue.createdAt,
      closedAt: closedAt(issue),
    } satisfies IncidentFact);
  }
  return incidents;
}

/** Implemented: closed by a merged pull request or a commit; done: closed as completed by hand; dropped: not planned. */
export function outcomeOf(issue: Pick<IssueNode, "state" | "stateReason" | "timelineItems">): ActionItemOutcome {
  if (issue.state !== "CLOSED") return "open";
  if (issue.stateReason === "NOT_PLANNED") return "dropped";
  const closer = issue.timelineItems?.nodes.at(-1)?.closer;
  // A merged pull request or a commit with a closing keyword is a change that did the work.
  const byChange = (closer?.__typename === "PullRequest" && closer.merged === true) || closer?.__typename === "Commit";
  return byChange ? "implemented" : "done";
}

/** The issues of some kinds of list, each once (an incident carrying two severity labels is in two lists). */
function unique(issues: readonly ListedIssue[], kinds: readonly ListKind[]): ListedIssue[] {
  const seen = new Map<string, ListedIssue>();
  for (const issue of issues) {
    if (!kinds.includes(issue.list)) continue;
    const key = `${issue.list}:${issue.repository.nameWithOwner}#${issue.number}`.toLowerCase();
    if (!seen.has(key)) seen.set(key, issue);
  }
  return [...seen.values()];
}

function source(issue: ListedIssue) {
  return { repo: issue.repository.nameWithOwner, number: issue.number, title: issue.title, url: issue.url, private: issue.repository.isPrivate };
}

function closedAt(issue: ListedIssue): string | null {
  return issue.state === "CLOSED" ? issue.closedAt : null;
}

function repoOf(issue: ListedIssue): { owner: string; repo: string } {
  const [owner, repo] = issue.repository.nameWithOwner.split("/") as [string, string];
  return { owner, repo };
}

function keyOf(fact: { repo: string; number: number }): string {
  return `${fact.repo}#${fact.number}`.toLowerCase();
}
