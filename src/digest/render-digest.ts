import { localDate } from "../domain/business-days.js";
import { escapeInline } from "../markdown/escape.js";
import { marker } from "../domain/markers.js";
import { fitBody, MAX_BODY_LENGTH, MAX_CREATED_BODY_LENGTH } from "../domain/render-template.js";
import { formatMinutes } from "./format-duration.js";
import type { Digest, Durations, PeriodMetrics, SourceIssue } from "./model.js";

export interface RenderOptions {
  /** Repositories the digest covers, `owner/name`. */
  repositories: readonly string[];
  severities: readonly string[];
  timeZone: string;
  /** False for an issue from a private repository in a public digest: it is counted, never named. */
  mayShow: (issue: SourceIssue) => boolean;
  /** The labels the lists are found by, for the search a cut list links to. */
  labels: { incidents: readonly string[]; postmortem: string; actionItem: string };
  /** The most characters the body may have (default: what an issue the client creates may have). */
  limit?: number;
}

/** One of the digest's lists of issues, and the GitHub search that shows what a cut leaves out. */
interface IssueListSpec {
  title: string;
  entries: readonly { issue: SourceIssue; text: string }[];
  /** The search's qualifiers, before the repositories: `is:issue is:open label:"action-item"`. */
  query: string;
  /** What the search shows, as the link's text. */
  shows: string;
}

export function digestTitle(digest: Digest): string {
  return `Incident digest: ${digest.periods[0]!.period.label}`;
}

export function digestMarker(digest: Digest): string {
  return marker("digest", { kind: digest.kind, period: digest.periods[0]!.period.id });
}

/**
 * The digest issue's body: what changed, then tables that read without the charts, then the
 * charts. Over GitHub's body limit, the longest lists are cut to the most entries that fit (each
 * list then ends with "and N more" and a link to a GitHub search that shows them), rather than the
 * text cut blindly at its end.
 */
export function renderDigest(digest: Digest, options: RenderOptions): string {
  const limit = options.limit ?? MAX_CREATED_BODY_LENGTH;
  const whole = renderDigestWith(digest, options, Number.POSITIVE_INFINITY);
  if (whole.length <= limit) return whole;
  // The most entries per list that fit: each render is linear, and a binary search needs ~11 of them for 2,000 entries.
  const current = digest.periods[0]!;
  const longest = Math.max(current.incidents.openedList.length, current.postmortems.overdueReviews.length, current.actionItems.overdue.length, current.actionItems.unowned.length);
  let fits = -1;
  for (let low = 0, high = longest - 1; low <= high; ) {
    const middle = Math.floor((low + high) / 2);
    if (renderDigestWith(digest, options, middle).length <= limit) {
      fits = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  // Even without any list entry too long (a recurrence list of thousands): the one blind cut, said.
  return fits >= 0 ? renderDigestWith(digest, options, fits) : fitBody(renderDigestWith(digest, options, 0), limit);
}

function renderDigestWith(digest: Digest, options: RenderOptions, perList: number): string {
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
      {
        title: `Opened in ${current.period.label}`,
        entries: current.incidents.openedList.map((incident) => ({ issue: incident, text: `${incident.severity}${incident.closedAt ? `, resolved` : ", open"}` })),
        query: `is:issue label:${labelList(options.labels.incidents)} created:${searchInstant(current.period.start)}..${searchInstant(new Date(Date.parse(current.period.end) - 1000).toISOString())}`,
        shows: `the incidents opened in ${current.period.label}`,
      },
      options,
      perList,
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
      {
        title: "Overdue reviews, oldest first",
        entries: current.postmortems.overdueReviews.map((review) => ({ issue: review.issue, text: `review due ${review.reviewDue}, ${review.daysOverdue} days overdue` })),
        query: `is:issue is:open label:${labelList([options.labels.postmortem])} sort:created-asc`,
        shows: "the open postmortems, oldest first (the overdue ones among them)",
      },
      options,
      perList,
    ),
  );

  lines.push("", "## Action items", "", actionItemTable(ordered), "");
  lines.push(
    `Completion rate (items filed so far, dropped ones aside): **${formatRate(current.actionItems.completionRate)}**. Implemented means closed by a merged pull request; done means closed by hand.`,
  );
  lines.push("", breakdownTable("Priority", current.actionItems.byPriority), "", breakdownTable("Type", current.actionItems.byType), "");
  lines.push(
    ...issueList(
      {
        title: "Overdue, most overdue first",
        entries: current.actionItems.overdue.map((item) => ({
          issue: item.issue,
          text: `${item.priority}, due ${item.due}, ${item.daysOverdue} days overdue, ${item.owners.length ? item.owners.map((owner) => `\`${owner}\``).join(", ") : "no owner"}`,
        })),
        query: `is:issue is:open label:${labelList([options.labels.actionItem])} sort:created-asc`,
        shows: "the open action items, oldest first (the overdue ones among them)",
      },
      options,
      perList,
    ),
  );
  lines.push(
    ...issueList(
      {
        title: "Without an owner",
        entries: current.actionItems.unowned.map((issue) => ({ issue, text: "" })),
        query: `is:issue is:open label:${labelList([options.labels.actionItem])} no:assignee`,
        shows: "the open action items without an assignee",
      },
      options,
      perList,
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
  return lines.join("\n");
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

/** A list of issues, at most `perList` of them named; the rest counted, with a link to a search that shows them. */
function issueList(list: IssueListSpec, options: RenderOptions, perList: number): string[] {
  const { title, entries } = list;
  if (entries.length === 0) return [`**${title}:** none.`];
  const shown = entries.filter((entry) => options.mayShow(entry.issue));
  const hidden = entries.length - shown.length;
  const lines = [`**${title}** (${entries.length}):`, ""];
  for (const entry of shown.slice(0, perList)) lines.push(`- ${issueLink(entry.issue)}${entry.text ? ` — ${entry.text}` : ""}`);
  const left = shown.slice(perList);
  if (left.length > 0) {
    lines.push(
      `- … and ${left.length} more, not listed to keep this digest within GitHub's ${MAX_BODY_LENGTH.toLocaleString("en")} characters: [${list.shows} on GitHub](${searchUrl(
        list.query,
        left.map((entry) => entry.issue),
      )})`,
    );
  }
  if (hidden > 0) lines.push(`- ${hidden} in private repositories, not named in this public digest`);
  lines.push("");
  return lines;
}

/** GitHub search's own limit on a query's length. */
const SEARCH_QUERY_LENGTH = 256;

/**
 * A GitHub issue search for the qualifiers in the issues' repositories, on the issues' own host
 * (github.com or a GitHub Enterprise Server). Too many repositories for one query, and all of one
 * owner: the owner's, which shows the same issues among others.
 */
export function searchUrl(query: string, issues: readonly SourceIssue[]): string {
  const repositories = [...new Set(issues.map((issue) => issue.repo))].sort();
  const owners = new Set(repositories.map((repo) => repo.split("/")[0]!.toLowerCase()));
  const byRepository = `${query} ${repositories.map((repo) => `repo:${repo}`).join(" ")}`;
  const full = byRepository.length > SEARCH_QUERY_LENGTH && owners.size === 1 ? `${query} user:${repositories[0]!.split("/")[0]}` : byRepository;
  const origin = issues[0] ? new URL(issues[0].url).origin : "https://github.com";
  // Parentheses would end the Markdown link early.
  return `${origin}/search?type=issues&q=${encodeURIComponent(full).replace(/\(/g, "%28").replace(/\)/g, "%29")}`;
}

/** Labels for a `label:` qualifier: several are any of them. */
function labelList(labels: readonly string[]): string {
  return labels.map((label) => `"${label.replace(/"/g, "")}"`).join(",");
}

/** An instant as search's `created:` qualifier takes it: to the second, in UTC. */
function searchInstant(iso: string): string {
  return `${iso.slice(0, 19)}Z`;
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
