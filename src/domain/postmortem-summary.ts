import { TZDate } from "@date-fns/tz";
import { format, formatDuration } from "date-fns";
import { z } from "zod";
import type { SeverityLevel } from "../config/schema.js";
import { addBusinessDays, type BusinessCalendar } from "./business-days.js";
import { mention } from "../markdown/escape.js";
import { formatIssueRef, parseIssueRef, type IssueRef } from "./issue-ref.js";
import { block, readBlockData, replaceBlock } from "./markers.js";

/**
 * The app-owned block at the top of a postmortem: everything in it is derived from the incident
 * (labels, open and close times, assignees) and rewritten whenever the incident changes. The rest
 * of the body belongs to people and is never touched.
 */
export interface PostmortemSummary {
  incident: IssueRef;
  incidentUrl: string;
  severity: string;
  reviewBusinessDays: number | null;
  openedAt: string;
  resolvedAt: string | null;
  /** Local date (YYYY-MM-DD) in the configured time zone, or null while unresolved or without deadline. */
  reviewDue: string | null;
  commanders: string[];
}

export interface IncidentFacts {
  ref: IssueRef;
  url: string;
  createdAt: string;
  closedAt: string | null;
  state: "open" | "closed";
  assignees: string[];
}

export function summarize(incident: IncidentFacts, severity: SeverityLevel, calendar: BusinessCalendar): PostmortemSummary {
  const resolvedAt = incident.state === "closed" ? incident.closedAt : null;
  return {
    incident: incident.ref,
    incidentUrl: incident.url,
    severity: severity.name,
    reviewBusinessDays: severity.reviewBusinessDays,
    openedAt: incident.createdAt,
    resolvedAt,
    reviewDue: resolvedAt && severity.reviewBusinessDays !== null ? addBusinessDays(new Date(resolvedAt), severity.reviewBusinessDays, calendar) : null,
    commanders: incident.assignees,
  };
}

export function renderSummaryBlock(summary: PostmortemSummary, calendar: BusinessCalendar): string {
  const data = { ...summary, incident: formatIssueRef(summary.incident) };
  const rows: [string, string][] = [
    ["Incident", `${formatIssueRef(summary.incident)}`],
    ["Severity", summary.severity],
    ["Opened", formatInstant(summary.openedAt, calendar)],
    ["Resolved", summary.resolvedAt ? formatInstant(summary.resolvedAt, calendar) : "_not yet_"],
    ["Duration", summary.resolvedAt ? formatElapsed(summary.openedAt, summary.resolvedAt) : "_ongoing_"],
    ["Review due", describeReviewDue(summary)],
    ["Incident commander candidates", summary.commanders.length ? summary.commanders.map(mention).join(", ") : "_none assigned_"],
  ];
  return block("summary", data, ["| | |", "|---|---|", ...rows.map(([key, value]) => `| **${key}** | ${value} |`)].join("\n"));
}

/** The summary as its block's marker carries it: the incident written `owner/repo#number`. */
const SUMMARY_DATA = z.object({
  incident: z.string(),
  incidentUrl: z.string(),
  severity: z.string(),
  reviewBusinessDays: z.number().nullable(),
  openedAt: z.string(),
  resolvedAt: z.string().nullable(),
  reviewDue: z.string().nullable(),
  commanders: z.array(z.string()),
});

/** The summary held in a postmortem body, or undefined when the body has none the app can read. */
export function readSummary(body: string | null | undefined): PostmortemSummary | undefined {
  const data = readBlockData(body, "summary", SUMMARY_DATA);
  const incident = parseIssueRef(data?.incident);
  if (!data || !incident) return undefined;
  return { ...data, incident };
}

/** Replaces the summary block, or puts one at the top when a person deleted it. */
export function replaceSummaryBlock(body: string, summaryBlock: string): string {
  return replaceBlock(body, "summary", summaryBlock);
}

export function describeReviewDue(summary: Pick<PostmortemSummary, "reviewDue" | "reviewBusinessDays" | "resolvedAt">): string {
  if (summary.reviewBusinessDays === null) return "_no deadline for this severity_";
  if (!summary.reviewDue) return `_${plural(summary.reviewBusinessDays, "business day")} after the incident is resolved_`;
  return `**${summary.reviewDue}** (${plural(summary.reviewBusinessDays, "business day")} after resolution)`;
}

export function formatInstant(iso: string, calendar: BusinessCalendar): string {
  return `${format(new TZDate(iso, calendar.timeZone), "yyyy-MM-dd HH:mm")} ${calendar.timeZone}`;
}

/** Elapsed time in days, hours and minutes of real time: no calendar, so no daylight-saving hour. */
export function formatElapsed(fromIso: string, toIso: string): string {
  const minutes = Math.max(0, Math.floor((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
  const duration = { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 };
  return formatDuration(duration, { format: ["days", "hours", "minutes"] }) || "less than a minute";
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}
