import { differenceInCalendarDays, parseISO } from "date-fns";
import { readActionItemRecord } from "../action-items/action-item-body.js";
import type { PostmortemConfig } from "../config/schema.js";
import { calendarOf, isPastDeadline, localDate } from "../domain/business-days.js";
import { escapeInline, mention } from "../markdown/escape.js";
import { formatIssueRef, issueMention, sameIssue, type IssueRef } from "../domain/issue-ref.js";
import { marker } from "../domain/markers.js";
import { readSummary } from "../domain/postmortem-summary.js";
import { currentSeverity } from "../domain/severity.js";
import { writtenByApp, type GitHubClient, type IssueRecord, type RepoRef } from "../github/github-client.js";
import { labelNames } from "../domain/labels.js";

export interface PastIncident {
  ref: IssueRef;
  title: string;
  severity: string;
  openedAt: string;
  closedAt: string | null;
  services: string[];
}

export interface OpenActionItem {
  ref: IssueRef;
  title: string;
  priority: string;
  due: string;
  owners: string[];
  services: string[];
  daysOverdue: number;
}

export interface History {
  incidents: PastIncident[];
  openItems: OpenActionItem[];
}

/**
 * Earlier incidents and still-open action items that share a service label with the new incident:
 * one list request (per 100 issues) per service and repository, reading only what carries the
 * service's label, never the repository's history. Postmortems and action items carry their
 * incident's service labels because the app copies them there.
 */
export async function findHistory(
  github: GitHubClient,
  repos: readonly RepoRef[],
  incident: IssueRef,
  services: readonly string[],
  config: PostmortemConfig,
  now: Date,
): Promise<History> {
  const seen = new Map<string, { issue: IssueRecord; repo: RepoRef }>();
  for (const repo of repos) {
    for (const service of services) {
      for (const issue of await github.listLabelledIssues(repo, service, "all")) seen.set(`${repo.owner}/${repo.repo}#${issue.number}`, { issue, repo });
    }
  }
  return classifyHistory([...seen.values()], incident, config, now);
}

export function classifyHistory(found: readonly { issue: IssueRecord; repo: RepoRef }[], incident: IssueRef, config: PostmortemConfig, now: Date): History {
  const history: History = { incidents: [], openItems: [] };
  const calendar = calendarOf(config);
  for (const { issue, repo } of found) {
    const ref: IssueRef = { ...repo, number: issue.number };
    if (sameIssue(ref, incident)) continue;
    const labels = labelNames(issue);
    const services = labels.filter((label) => config.servicePrefixes.some((prefix) => label.toLowerCase().startsWith(prefix.toLowerCase())));
    const byApp = writtenByApp(issue.user);
    if (byApp && readSummary(issue.body)) continue;
    const item = byApp ? readActionItemRecord(issue.body) : undefined;
    if (item) {
      if (issue.state !== "open") continue;
      const overdue = isPastDeadline(item.due, now, calendar);
      history.openItems.push({
        ref,
        title: issue.title,
        priority: item.priority,
        due: item.due,
        owners: (issue.assignees ?? []).map((assignee) => assignee.login),
        services,
        daysOverdue: overdue ? differenceInCalendarDays(parseISO(localDate(now, calendar)), parseISO(item.due)) : 0,
      });
      continue;
    }
    const severity = currentSeverity(config, labels);
    if (!severity || Date.parse(issue.created_at) >= now.getTime()) continue;
    history.incidents.push({ ref, title: issue.title, severity: severity.name, openedAt: issue.created_at, closedAt: issue.closed_at, services });
  }
  history.incidents.sort((a, b) => Date.parse(b.openedAt) - Date.parse(a.openedAt));
  history.openItems.sort((a, b) => b.daysOverdue - a.daysOverdue || a.priority.localeCompare(b.priority) || a.due.localeCompare(b.due));
  return history;
}

/** The one comment on a new incident that has a history: earlier incidents, then open action items, overdue first. */
export function recurrenceComment(history: History, services: readonly string[], from: RepoRef, config: PostmortemConfig): string {
  const calendar = calendarOf(config);
  const lines = [
    marker("recurrence", { incidents: history.incidents.map((past) => formatIssueRef(past.ref)), items: history.openItems.map((item) => formatIssueRef(item.ref)) }),
    `🔁 This is not the first incident on ${services.map((service) => `\`${escapeInline(service)}\``).join(", ")}.`,
  ];
  for (const service of services) {
    const overdue = history.openItems.filter((item) => item.daysOverdue > 0 && item.services.includes(service));
    const byPriority = new Map<string, number>();
    for (const item of overdue) byPriority.set(item.priority, (byPriority.get(item.priority) ?? 0) + 1);
    for (const [priority, count] of [...byPriority].sort()) {
      lines.push("", `**${count} overdue ${priority} action item${count === 1 ? "" : "s"} exist${count === 1 ? "s" : ""} for ${escapeInline(service)}.**`);
    }
  }
  if (history.incidents.length > 0) {
    lines.push("", "Earlier incidents, most recent first:", "");
    for (const past of history.incidents.slice(0, 20)) {
      const resolved = past.closedAt ? `resolved ${localDate(new Date(past.closedAt), calendar)}` : "still open";
      lines.push(`- ${issueMention(past.ref, from)} ${escapeInline(past.title)}: ${past.severity}, opened ${localDate(new Date(past.openedAt), calendar)}, ${resolved}`);
    }
    if (history.incidents.length > 20) lines.push(`- and ${history.incidents.length - 20} more`);
  }
  if (history.openItems.length > 0) {
    lines.push("", "Action items from their postmortems still open, overdue first:", "");
    for (const item of history.openItems.slice(0, 20)) {
      const when = item.daysOverdue > 0 ? `${item.daysOverdue} days overdue (due ${item.due})` : `due ${item.due}`;
      lines.push(
        `- ${issueMention(item.ref, from)} ${escapeInline(item.title)}: ${item.priority}, ${when}, ${item.owners.length ? item.owners.map(mention).join(", ") : "no owner"}`,
      );
    }
    if (history.openItems.length > 20) lines.push(`- and ${history.openItems.length - 20} more`);
  }
  return lines.join("\n");
}

/** The postmortem's "Related incidents" section, pre-filled. */
export function relatedIncidentsText(history: History, from: RepoRef, config: PostmortemConfig): string {
  if (history.incidents.length === 0) return "_None recorded yet._";
  const calendar = calendarOf(config);
  return history.incidents
    .slice(0, 20)
    .map(
      (past) =>
        `- ${issueMention(past.ref, from)} (${past.severity}, ${localDate(new Date(past.openedAt), calendar)}, ${past.services.map((service) => `\`${escapeInline(service)}\``).join(", ")})`,
    )
    .join("\n");
}
