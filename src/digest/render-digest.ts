import { localDate } from "../domain/business-days.js";
import { escapeInline } from "../markdown/escape.js";
import { marker } from "../domain/markers.js";
import { fitBody } from "../domain/render-template.js";
import { formatMinutes } from "./format-duration.js";
import type { Digest, Durations, PeriodMetrics, SourceIssue } from "./model.js";

export interface RenderOptions {
  /** Repositories the digest covers, `owner/name`. */
  repositories: readonly string[];
  severities: readonly string[];
  timeZone: string;
  /** False for an issue from a private repository in a public digest: it is counted, never named. */
  mayShow: (issue: SourceIssue) => boolean;
}

export function digestTitle(digest: Digest): string {
  return `Incident digest: ${digest.periods[0]!.period.label}`;
}

export function digestMarker(digest: Digest): string {
  return marker("digest", { kind: digest.kind, period: digest.periods[0]!.period.id });
}

/** The digest issue's body: what changed, then tables that read without the charts, then the charts. */
export function renderDigest(digest: Digest, options: RenderOptions): string {
  const [current, ...previous] = digest.periods as [PeriodMetrics, ...PeriodMetrics[]];
  const lines = [digestMarker(digest), `_${describeRange(current, options.timeZone)} (${options.timeZone}) · ${options.repositories.map((repo) => `\`${repo}\``).join(", ")}_`, ""];
  if (digest.empty) {
    lines.push(`Nothing happened in ${current.period.label}: no incident opened or resolved, no postmortem or action item opened or closed, nothing overdue. 🎉`);
    return lines.join("\n");
  }
  lines.push("## What changed", "");
  if (digest.movements.length === 0) lines.push(`No measure moved against ${previous[0]?.period.label ?? "the previous period"}.`);
  for (const movement of digest.movements) lines.push(`- **${movement.metric}**: ${formatNumber(movement.previous)} → ${formatNumber(movement.current)} (${movement.change})`);

  const ordered = [...digest.periods].reverse();
  lines.push("", "## Incidents", "", incidentsTable(ordered, options.severities), "");
  lines.push(
    ...issueList(
      `Opened in ${current.period.label}`,
      current.incidents.openedList.map((incident) => ({ issue: incident, text: `${incident.severity}${incident.closedAt ? `, resolved` : ", open"}` })),
      options,
    ),
  );
  lines.push(`Still open at the end of ${current.period.label}: **${current.incidents.stillOpen}**.`);
  lines.push(
    `Time to detect: ${durationSummary(current.incidents.timeToDetect)}; time to mitigate: ${durationSummary(current.incidents.timeToMitigate)} (from postmortem timelines).`,
  );
  lines.push("", incidentsChart(ordered, options.severities), "", timeToResolveChart(ordered));

  lines.push("", "## Postmortems", "", postmortemTable(ordered), "");
  lines.push(
    ...issueList(
      "Overdue reviews, oldest first",
      current.postmortems.overdueReviews.map((review) => ({ issue: review.issue, text: `review due ${review.reviewDue}, ${review.daysOverdue} days overdue` })),
      options,
    ),
  );

  lines.push("", "## Action items", "", actionItemTable(ordered), "");
  lines.push(
    `Completion rate (items filed so far, dropped ones aside): **${formatRate(current.actionItems.completionRate)}**. Implemented means closed by a merged pull request; done means closed by hand.`,
  );
  lines.push("", breakdownTable("Priority", current.actionItems.byPriority), "", breakdownTable("Type", current.actionItems.byType), "");
  lines.push(
    ...issueList(
      "Overdue, most overdue first",
      current.actionItems.overdue.map((item) => ({
        issue: item.issue,
        text: `${item.priority}, due ${item.due}, ${item.daysOverdue} days overdue, ${item.owners.length ? item.owners.map((owner) => `\`${owner}\``).join(", ") : "no owner"}`,
      })),
      options,
    ),
  );
  lines.push(
    ...issueList(
      "Without an owner",
      current.actionItems.unowned.map((issue) => ({ issue, text: "" })),
      options,
    ),
  );
  lines.push("", actionItemPie(current));

  lines.push("", "## Recurrence", "");
  if (current.recurrence.services.length === 0 && current.recurrence.related.length === 0) lines.push("No service had more than one incident in the compared periods.");
  for (const entry of current.recurrence.services) {
    const shown = entry.incidents.filter(options.mayShow).map((issue) => issueLink(issue));
    const hidden = entry.incidents.length - shown.length;
    lines.push(
      `- \`${escapeInline(entry.service)}\`: ${entry.incidents.length} incidents${shown.length ? ` (${shown.join(", ")}${hidden ? `, and ${hidden} in private repositories` : ""})` : ""}`,
    );
  }
  for (const entry of current.recurrence.related.filter((related) => options.mayShow(related.postmortem))) {
    lines.push(`- ${issueLink(entry.postmortem)} names related incidents: ${entry.related.join(", ")}`);
  }
  return fitBody(lines.join("\n"));
}

/** The period's first and last local dates. */
function describeRange(metrics: PeriodMetrics, timeZone: string): string {
  const calendar = { timeZone, holidays: [] };
  const last = new Date(Date.parse(metrics.period.end) - 1);
  return `${localDate(new Date(metrics.period.start), calendar)} to ${localDate(last, calendar)}`;
}

function incidentsTable(periods: readonly PeriodMetrics[], severities: readonly string[]): string {
  const header = `| ${["Period", ...severities.map((severity) => `${severity} opened`), "Resolved", "Median to resolve", "p90 to resolve"].join(" | ")} |`;
  const rows = periods.map((metrics) => {
    const resolved = Object.values(metrics.incidents.resolved).reduce((sum, count) => sum + count, 0);
    const ttr = metrics.incidents.timeToResolve.all;
    return `| ${[shortLabel(metrics), ...severities.map((severity) => String(metrics.incidents.opened[severity] ?? 0)), String(resolved), formatMinutes(ttr.medianMinutes), formatMinutes(ttr.p90Minutes)].join(" | ")} |`;
  });
  return [header, `|${" --- |".repeat(severities.length + 4)}`, ...rows].join("\n");
}

function postmortemTable(periods: readonly PeriodMetrics[]): string {
  const rows = periods.map((metrics) => {
    const p = metrics.postmortems;
    return `| ${shortLabel(metrics)} | ${p.required} | ${p.opened} | ${p.completed} | ${p.completedOnTime} | ${p.overdueReviews.length} |`;
  });
  return ["| Period | Required | Opened | Completed | On time | Overdue reviews |", "| --- | --- | --- | --- | --- | --- |", ...rows].join("\n");
}

function actionItemTable(periods: readonly PeriodMetrics[]): string {
  const rows = periods.map((metrics) => {
    const a = metrics.actionItems;
    return `| ${shortLabel(metrics)} | ${a.filed} | ${a.implemented} | ${a.done} | ${a.dropped} | ${formatRate(a.completionRate)} | ${a.overdue.length} | ${a.unowned.length} |`;
  });
  return ["| Period | Filed | Implemented | Done | Dropped | Completion rate | Overdue | No owner |", "| --- | --- | --- | --- | --- | --- | --- | --- |", ...rows].join("\n");
}

function breakdownTable(name: string, counts: Record<string, { filed: number; completed: number; open: number }>): string {
  const keys = Object.keys(counts).sort();
  if (keys.length === 0) return `_No action items by ${name.toLowerCase()} yet._`;
  return [
    `| ${name} | Filed | Completed | Open |`,
    "| --- | --- | --- | --- |",
    ...keys.map((key) => `| ${escapeInline(key)} | ${counts[key]!.filed} | ${counts[key]!.completed} | ${counts[key]!.open} |`),
  ].join("\n");
}

function issueList(title: string, entries: readonly { issue: SourceIssue; text: string }[], options: RenderOptions): string[] {
  if (entries.length === 0) return [`**${title}:** none.`];
  const shown = entries.filter((entry) => options.mayShow(entry.issue));
  const hidden = entries.length - shown.length;
  const lines = [`**${title}** (${entries.length}):`, ""];
  for (const entry of shown) lines.push(`- ${issueLink(entry.issue)}${entry.text ? ` — ${entry.text}` : ""}`);
  if (hidden > 0) lines.push(`- ${hidden} in private repositories, not named in this public digest`);
  lines.push("");
  return lines;
}

function issueLink(issue: SourceIssue): string {
  return `[${escapeInline(issue.title).slice(0, 120)}](${issue.url}) (\`${issue.repo}#${issue.number}\`)`;
}

/**
 * Mermaid's xychart has no stacked bars: drawing the cumulative totals from the largest down makes
 * each later bar sit inside the earlier one, which reads as a stack. The table above has the numbers.
 */
function incidentsChart(periods: readonly PeriodMetrics[], severities: readonly string[]): string {
  const labels = periods.map((metrics) => `"${shortLabel(metrics)}"`).join(", ");
  const cumulative = severities.map((_severity, index) => periods.map((metrics) => severities.slice(index).reduce((sum, name) => sum + (metrics.incidents.opened[name] ?? 0), 0)));
  const max = Math.max(1, ...cumulative.flat());
  return [
    "```mermaid",
    "xychart-beta",
    `  title "Incidents opened by severity (stacked, ${[...severities].reverse().join(" under ")})"`,
    `  x-axis [${labels}]`,
    `  y-axis "Incidents" 0 --> ${max}`,
    ...cumulative.map((series) => `  bar [${series.join(", ")}]`),
    "```",
  ].join("\n");
}

function timeToResolveChart(periods: readonly PeriodMetrics[]): string {
  const hours = periods.map((metrics) => {
    const median = metrics.incidents.timeToResolve.all.medianMinutes;
    return median === null ? 0 : Math.round((median / 60) * 10) / 10;
  });
  return [
    "```mermaid",
    "xychart-beta",
    '  title "Median time to resolve (hours; 0 where nothing was resolved)"',
    `  x-axis [${periods.map((metrics) => `"${shortLabel(metrics)}"`).join(", ")}]`,
    `  y-axis "Hours" 0 --> ${Math.max(1, ...hours)}`,
    `  line [${hours.join(", ")}]`,
    "```",
  ].join("\n");
}

function actionItemPie(metrics: PeriodMetrics): string {
  const a = metrics.actionItems;
  const slices: [string, number][] = [
    ["Open", a.openAtEnd],
    ["Implemented", a.implemented],
    ["Done", a.done],
    ["Dropped", a.dropped],
  ];
  if (slices.every(([, count]) => count === 0)) return "_No action items to chart._";
  return [
    "```mermaid",
    `pie title Action items: open at the end, closed in ${metrics.period.label}`,
    ...slices.filter(([, count]) => count > 0).map(([name, count]) => `  "${name}" : ${count}`),
    "```",
  ].join("\n");
}

function shortLabel(metrics: PeriodMetrics): string {
  return metrics.period.kind === "weekly" ? metrics.period.id.slice(5) : metrics.period.label.slice(0, 3) + metrics.period.id.slice(2, 4);
}

function durationSummary(durations: Durations): string {
  if (durations.count === 0) return "not recorded";
  return `median ${formatMinutes(durations.medianMinutes)}, p90 ${formatMinutes(durations.p90Minutes)} (${durations.count})`;
}

function formatRate(rate: number | null): string {
  return rate === null ? "–" : `${Math.round(rate * 100)}%`;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
