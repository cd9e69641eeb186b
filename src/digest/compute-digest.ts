import { ACTION_TYPES, PRIORITIES, type SeverityLevel } from "../config/schema.js";
import { localDate, type BusinessCalendar } from "../domain/business-days.js";
import type { ActionItemFact, Digest, DigestFacts, IncidentFact, Period, PeriodKind, PeriodMetrics, PostmortemFact, SourceIssue } from "./model.js";
import { movements } from "./movements.js";
import { inPeriod, previousPeriods } from "./periods.js";
import { durations, sum } from "./statistics.js";

export interface DigestOptions {
  kind: PeriodKind;
  period: Period;
  timeZone: string;
  severities: readonly SeverityLevel[];
  /** Previous periods to compare with: 4 weeks or 6 months. */
  history: number;
  now: Date;
}

/** Everything one period's metrics are read against. */
interface PeriodContext {
  period: Period;
  /**
   * The instant "the period's end" is read at: its end, or `now` while the period is still
   * running, so nothing counts as overdue or still open on a day that has not come yet.
   */
  at: number;
  /** Local date of `at`: a deadline before it has passed. */
  atDate: string;
  /** Local date of the last instant counted (`at` − 1 ms), from which days overdue are counted. */
  lastDate: string;
  /** Start of the recurrence window: the oldest compared period that ends with this one. */
  windowStart: number;
  calendar: BusinessCalendar;
  severities: readonly SeverityLevel[];
  incidentsByKey: ReadonlyMap<string, IncidentFact>;
}

type Tally = Record<string, { filed: number; completed: number; open: number }>;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const UNSET_TYPE = "unset";

export function computeDigest(facts: DigestFacts, options: DigestOptions): Digest {
  assertOptions(options);
  const { period, timeZone, history } = options;
  const calendar: BusinessCalendar = { timeZone, holidays: [] };
  const incidentsByKey = new Map(facts.incidents.map((incident) => [issueKey(incident.repo, incident.number), incident]));
  const compared = [period, ...previousPeriods(period, history, timeZone)];
  const periods = compared.map((each) => {
    const context = periodContext(each, options, calendar, incidentsByKey);
    return periodMetrics(facts, context);
  });
  const [current, previous] = periods;
  return {
    kind: options.kind,
    periods,
    movements: previous === undefined ? [] : movements(current!, previous, options.severities),
    empty: isQuiet(current!),
  };
}

function assertOptions(options: DigestOptions): void {
  const { kind, period, history, now } = options;
  if (period.kind !== kind) throw new RangeError(`Period ${period.id} is ${period.kind}, not ${kind}`);
  if (!Number.isInteger(history) || history < 0) {
    throw new RangeError(`history must be a non-negative integer, got ${history}`);
  }
  if (Number.isNaN(now.getTime())) throw new RangeError("Invalid now: not a valid Date");
  if (Date.parse(period.start) > now.getTime()) throw new RangeError(`Period ${period.id} has not started yet`);
}

function periodContext(period: Period, options: DigestOptions, calendar: BusinessCalendar, incidentsByKey: ReadonlyMap<string, IncidentFact>): PeriodContext {
  const at = Math.min(Date.parse(period.end), options.now.getTime());
  const window = previousPeriods(period, options.history, options.timeZone);
  const oldest = window.at(-1) ?? period;
  return {
    period,
    at,
    atDate: localDate(new Date(at), calendar),
    lastDate: localDate(new Date(at - 1), calendar),
    windowStart: Date.parse(oldest.start),
    calendar,
    severities: options.severities,
    incidentsByKey,
  };
}

function periodMetrics(facts: DigestFacts, context: PeriodContext): PeriodMetrics {
  return {
    period: context.period,
    incidents: incidentMetrics(facts, context),
    postmortems: postmortemMetrics(facts, context),
    actionItems: actionItemMetrics(facts.actionItems, context),
    recurrence: recurrenceMetrics(facts, context),
  };
}

// ---------------------------------------------------------------------------------------------
// Incidents

function incidentMetrics(facts: DigestFacts, context: PeriodContext): PeriodMetrics["incidents"] {
  const { period } = context;
  const opened = facts.incidents.filter((incident) => inPeriod(incident.createdAt, period));
  const resolved = facts.incidents.filter((incident) => inPeriod(incident.closedAt, period));
  const timelines = postmortemsOfIncidents(facts.postmortems, context, (incident) => inPeriod(incident.closedAt, period));
  return {
    opened: countBySeverity(opened, context.severities),
    openedList: [...opened].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt)),
    resolved: countBySeverity(resolved, context.severities),
    stillOpen: facts.incidents.filter((incident) => isOpenAt(incident, context.at)).length,
    timeToResolve: {
      all: durations(resolved.map(timeToResolve)),
      bySeverity: durationsBySeverity(resolved, context.severities),
    },
    timeToDetect: durations(timelineMinutes(timelines, "detectedAt")),
    timeToMitigate: durations(timelineMinutes(timelines, "mitigatedAt")),
  };
}

/** Every configured severity, zeros included, then any other severity the facts name (a label since removed from the config). */
function severityNames(incidents: readonly IncidentFact[], severities: readonly SeverityLevel[]): string[] {
  return [...new Set([...severities.map((level) => level.name), ...incidents.map((incident) => incident.severity)])];
}

function countBySeverity(incidents: readonly IncidentFact[], severities: readonly SeverityLevel[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of severityNames(incidents, severities)) {
    counts[name] = incidents.filter((incident) => incident.severity === name).length;
  }
  return counts;
}

function durationsBySeverity(resolved: readonly IncidentFact[], severities: readonly SeverityLevel[]): PeriodMetrics["incidents"]["timeToResolve"]["bySeverity"] {
  const bySeverity: PeriodMetrics["incidents"]["timeToResolve"]["bySeverity"] = {};
  for (const name of severityNames(resolved, severities)) {
    bySeverity[name] = durations(resolved.filter((incident) => incident.severity === name).map(timeToResolve));
  }
  return bySeverity;
}

function timeToResolve(incident: IncidentFact): number {
  return minutesBetween(incident.createdAt, incident.closedAt!);
}

/** Postmortems whose incident (among the facts) matches; a postmortem of an unknown incident has no dates to go by. */
function postmortemsOfIncidents(postmortems: readonly PostmortemFact[], context: PeriodContext, matches: (incident: IncidentFact) => boolean): PostmortemFact[] {
  return postmortems.filter((postmortem) => {
    const incident = context.incidentsByKey.get(postmortem.incident.toLowerCase());
    return incident !== undefined && matches(incident);
  });
}

/**
 * Impact start to `field`, where the timeline records both. A negative span (detection written
 * before the impact started) is a typo in the timeline, not a measurement: it is left out.
 */
function timelineMinutes(postmortems: readonly PostmortemFact[], field: "detectedAt" | "mitigatedAt"): number[] {
  const minutes: number[] = [];
  for (const postmortem of postmortems) {
    const start = postmortem.impactStartedAt;
    const end = postmortem[field];
    if (start === null || end === null) continue;
    const span = minutesBetween(start, end);
    if (span >= 0) minutes.push(span);
  }
  return minutes;
}

// ---------------------------------------------------------------------------------------------
// Postmortems

function postmortemMetrics(facts: DigestFacts, context: PeriodContext): PeriodMetrics["postmortems"] {
  const { period } = context;
  const completed = facts.postmortems.filter((postmortem) => inPeriod(postmortem.closedAt, period));
  return {
    required: facts.incidents.filter((incident) => inPeriod(incident.closedAt, period) && requiresPostmortem(incident, context)).length,
    opened: facts.postmortems.filter((postmortem) => inPeriod(postmortem.createdAt, period)).length,
    completed: completed.length,
    completedOnTime: completed.filter((postmortem) => closedOnTime(postmortem, context)).length,
    overdueReviews: overdueReviews(facts.postmortems, context),
  };
}

/** By the severity's label, not its name: a severity renamed in the config keeps its rule. */
function requiresPostmortem(incident: IncidentFact, context: PeriodContext): boolean {
  const label = incident.severityLabel.toLowerCase();
  return context.severities.some((level) => level.label.toLowerCase() === label && level.postmortem === "required");
}

/** Closed on or before the review date, both read as local dates; no review date means no deadline to miss. */
function closedOnTime(postmortem: PostmortemFact, context: PeriodContext): boolean {
  if (postmortem.reviewDue === null) return true;
  return localDateOf(postmortem.closedAt!, context) <= postmortem.reviewDue;
}

function overdueReviews(postmortems: readonly PostmortemFact[], context: PeriodContext): PeriodMetrics["postmortems"]["overdueReviews"] {
  return postmortems
    .filter((postmortem) => isOpenAt(postmortem, context.at) && isPastDue(postmortem.reviewDue, context))
    .sort((a, b) => compareText(a.reviewDue!, b.reviewDue!) || compareIssues(a, b))
    .map((postmortem) => ({
      issue: sourceIssue(postmortem),
      reviewDue: postmortem.reviewDue!,
      daysOverdue: daysBetween(postmortem.reviewDue!, context.lastDate),
    }));
}

// ---------------------------------------------------------------------------------------------
// Action items

function actionItemMetrics(items: readonly ActionItemFact[], context: PeriodContext): PeriodMetrics["actionItems"] {
  const { period, at } = context;
  const closed = items.filter((item) => inPeriod(item.closedAt, period));
  const openAtEnd = items.filter((item) => isOpenAt(item, at));
  return {
    filed: items.filter((item) => inPeriod(item.createdAt, period)).length,
    completed: closed.filter(isCompleted).length,
    implemented: closed.filter((item) => item.outcome === "implemented").length,
    done: closed.filter((item) => item.outcome === "done").length,
    dropped: closed.filter((item) => item.outcome === "dropped").length,
    completionRate: completionRate(items, at),
    byPriority: tally(items, (item) => item.priority, PRIORITIES, context),
    byType: tally(items, (item) => item.type ?? UNSET_TYPE, [...ACTION_TYPES, UNSET_TYPE], context),
    overdue: overdueItems(openAtEnd, context),
    unowned: openAtEnd
      .filter((item) => item.owners.length === 0)
      .sort(compareIssues)
      .map(sourceIssue),
    openAtEnd: openAtEnd.length,
  };
}

function isCompleted(item: ActionItemFact): boolean {
  return item.closedAt !== null && (item.outcome === "implemented" || item.outcome === "done");
}

function closedBefore(item: ActionItemFact, at: number): boolean {
  return item.closedAt !== null && Date.parse(item.closedAt) < at;
}

/**
 * Of the items filed before `at` and not dropped by then, the share completed by then. An item
 * dropped only later still counts as open at `at`, so a past period's rate does not change afterwards.
 */
function completionRate(items: readonly ActionItemFact[], at: number): number | null {
  const counted = items.filter((item) => Date.parse(item.createdAt) < at && !(item.outcome === "dropped" && closedBefore(item, at)));
  if (counted.length === 0) return null;
  return counted.filter((item) => isCompleted(item) && closedBefore(item, at)).length / counted.length;
}

/** Filed, completed and open-at-end counts per key; the known keys are always present so periods line up. */
function tally(items: readonly ActionItemFact[], keyOf: (item: ActionItemFact) => string, knownKeys: readonly string[], context: PeriodContext): Tally {
  const counts: Tally = {};
  for (const key of knownKeys) counts[key] = { filed: 0, completed: 0, open: 0 };
  for (const item of items) {
    const filed = inPeriod(item.createdAt, context.period);
    const completed = isCompleted(item) && inPeriod(item.closedAt, context.period);
    const open = isOpenAt(item, context.at);
    if (!filed && !completed && !open) continue;
    const entry = counts[keyOf(item)] ?? { filed: 0, completed: 0, open: 0 };
    counts[keyOf(item)] = entry;
    if (filed) entry.filed++;
    if (completed) entry.completed++;
    if (open) entry.open++;
  }
  return counts;
}

function overdueItems(openAtEnd: readonly ActionItemFact[], context: PeriodContext): PeriodMetrics["actionItems"]["overdue"] {
  return openAtEnd
    .filter((item) => isPastDue(item.due, context))
    .sort((a, b) => compareText(a.due, b.due) || compareIssues(a, b))
    .map((item) => ({
      issue: sourceIssue(item),
      owners: [...item.owners],
      due: item.due,
      daysOverdue: daysBetween(item.due, context.lastDate),
      priority: item.priority,
    }));
}

// ---------------------------------------------------------------------------------------------
// Recurrence

function recurrenceMetrics(facts: DigestFacts, context: PeriodContext): PeriodMetrics["recurrence"] {
  const { period } = context;
  const related = postmortemsOfIncidents(facts.postmortems, context, (incident) => inPeriod(incident.createdAt, period) || inPeriod(incident.closedAt, period));
  return {
    services: recurringServices(facts.incidents, context),
    related: related
      .filter((postmortem) => postmortem.relatedIncidents.length > 0)
      .sort(compareIssues)
      .map((postmortem) => ({ postmortem: sourceIssue(postmortem), related: [...postmortem.relatedIncidents] })),
  };
}

/** Services (labels compared case-insensitively) with two or more incidents opened in the window, most first, then by name. */
function recurringServices(incidents: readonly IncidentFact[], context: PeriodContext): PeriodMetrics["recurrence"]["services"] {
  const end = Date.parse(context.period.end);
  const inWindow = incidents
    .filter((incident) => {
      const opened = Date.parse(incident.createdAt);
      return opened >= context.windowStart && opened < end;
    })
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || compareIssues(a, b));
  const byService = new Map<string, { service: string; incidents: IncidentFact[] }>();
  for (const incident of inWindow) {
    for (const service of new Set(incident.services.map((label) => label.toLowerCase()))) {
      const name = incident.services.find((label) => label.toLowerCase() === service)!;
      const entry = byService.get(service) ?? { service: name, incidents: [] };
      entry.incidents.push(incident);
      byService.set(service, entry);
    }
  }
  return [...byService.values()]
    .filter((entry) => entry.incidents.length >= 2)
    .sort((a, b) => b.incidents.length - a.incidents.length || compareText(a.service, b.service))
    .map((entry) => ({ service: entry.service, incidents: entry.incidents.map(sourceIssue) }));
}

// ---------------------------------------------------------------------------------------------
// Emptiness

function isQuiet(metrics: PeriodMetrics): boolean {
  const { incidents, postmortems, actionItems } = metrics;
  const counts = [
    sum(Object.values(incidents.opened)),
    sum(Object.values(incidents.resolved)),
    postmortems.opened,
    postmortems.completed,
    postmortems.overdueReviews.length,
    actionItems.filed,
    actionItems.completed + actionItems.dropped,
    actionItems.overdue.length,
  ];
  return counts.every((count) => count === 0);
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** Created before `at` and not closed by then (a reopened issue that is open again has closedAt null). */
function isOpenAt(fact: { createdAt: string; closedAt: string | null }, at: number): boolean {
  return Date.parse(fact.createdAt) < at && (fact.closedAt === null || Date.parse(fact.closedAt) >= at);
}

/** A due date (local, YYYY-MM-DD) has passed once its local day is over, i.e. it is before the local date of `at`. */
function isPastDue(due: string | null, context: PeriodContext): boolean {
  return due !== null && due < context.atDate;
}

function localDateOf(instant: string, context: PeriodContext): string {
  return localDate(new Date(instant), context.calendar);
}

function minutesBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / MINUTE_MS;
}

/** Calendar days between two local dates; anchored at UTC midnight so DST cannot shorten a day. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function issueKey(repo: string, number: number): string {
  return `${repo}#${number}`.toLowerCase();
}

/** Code-unit order, not the locale's, so the digest reads the same on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareIssues(a: SourceIssue, b: SourceIssue): number {
  return compareText(a.repo, b.repo) || a.number - b.number;
}

/** Only the issue's identity: the facts carry more than a digest should repeat. */
function sourceIssue(fact: SourceIssue): SourceIssue {
  return { repo: fact.repo, number: fact.number, title: fact.title, url: fact.url, private: fact.private };
}
