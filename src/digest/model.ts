/**
 * The facts a digest is computed from, gathered from GitHub (issues, labels and the app's markers)
 * and nothing else, and what the computation returns. Instants are ISO 8601 strings in UTC; dates
 * are local calendar dates (YYYY-MM-DD) in the configured time zone.
 */

export interface SourceIssue {
  /** `owner/name` of the repository the issue lives in. */
  repo: string;
  number: number;
  title: string;
  url: string;
  /** Whether the repository is private: a public digest shows such an issue only as a count. */
  private: boolean;
}

export interface IncidentFact extends SourceIssue {
  /** Severity name (SEV1…) from the incident's current severity label, as the config names it today. */
  severity: string;
  /** The severity label itself: what identifies the severity, whatever it is called. */
  severityLabel: string;
  /** Labels with a recurrence prefix (`service:checkout`, `component:db`). */
  services: string[];
  createdAt: string;
  /** The last close, or null while open. A reopened incident that is open again has null here. */
  closedAt: string | null;
}

export interface PostmortemFact extends SourceIssue {
  /** `owner/name#number` of the incident. */
  incident: string;
  /** The severity's name as the config names it today (the summary's own words when it is no longer configured). */
  severity: string;
  /** The severity's label, found through the incident (see read-postmortem-severity.ts); null when unknown. */
  severityLabel: string | null;
  /** Whether the severity (by its label) requires a postmortem. */
  required: boolean;
  createdAt: string;
  closedAt: string | null;
  reviewDue: string | null;
  /** From the postmortem's timeline table, when recorded: impact start, detection, mitigation. */
  impactStartedAt: string | null;
  detectedAt: string | null;
  mitigatedAt: string | null;
  /** Incidents the postmortem names as related (`owner/name#number`). */
  relatedIncidents: string[];
}

export type ActionItemOutcome = "open" | "implemented" | "done" | "dropped";

export interface ActionItemFact extends SourceIssue {
  postmortem: string;
  priority: string;
  type: string | null;
  createdAt: string;
  closedAt: string | null;
  /** open; closed by a merged pull request or a commit (implemented); closed as completed by hand (done); closed as not planned (dropped). */
  outcome: ActionItemOutcome;
  due: string;
  owners: string[];
}

export interface DigestFacts {
  incidents: IncidentFact[];
  postmortems: PostmortemFact[];
  actionItems: ActionItemFact[];
}

export type PeriodKind = "weekly" | "monthly";

export interface Period {
  kind: PeriodKind;
  /** `2026-W48` or `2026-11`. */
  id: string;
  /** `week 2026-W48` or `November 2026`. */
  label: string;
  /** First instant of the period in the configured time zone (inclusive). */
  start: string;
  /** First instant after the period (exclusive). */
  end: string;
}

export interface Durations {
  count: number;
  /** Minutes; null when count is 0. */
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface PeriodMetrics {
  period: Period;
  incidents: {
    /** Opened in the period, by severity name (every configured severity present, zeros included). */
    opened: Record<string, number>;
    /** The incidents opened in the period, oldest first. */
    openedList: IncidentFact[];
    resolved: Record<string, number>;
    /** Open at the end of the period (opened before its end, not closed by then). */
    stillOpen: number;
    /** Of incidents resolved in the period: opened to closed. */
    timeToResolve: { all: Durations; bySeverity: Record<string, Durations> };
    /** From postmortem timelines of incidents resolved in the period: impact start to detection, and to mitigation. */
    timeToDetect: Durations;
    timeToMitigate: Durations;
  };
  postmortems: {
    /** Incidents resolved in the period whose severity requires a postmortem. */
    required: number;
    opened: number;
    completed: number;
    completedOnTime: number;
    /** Open postmortems whose review date was before the period's end, oldest deadline first. */
    overdueReviews: { issue: SourceIssue; reviewDue: string; daysOverdue: number }[];
  };
  actionItems: {
    filed: number;
    /** Closed in the period as implemented or done. */
    completed: number;
    implemented: number;
    done: number;
    dropped: number;
    /** Of the items filed up to the period's end and not dropped: the share closed (implemented or done) by then, 0..1; null when none. */
    completionRate: number | null;
    byPriority: Record<string, { filed: number; completed: number; open: number }>;
    byType: Record<string, { filed: number; completed: number; open: number }>;
    /** Open at the period's end and past due then, most overdue first. */
    overdue: { issue: SourceIssue; owners: string[]; due: string; daysOverdue: number; priority: string }[];
    /** Open at the period's end without an owner. */
    unowned: SourceIssue[];
    /** Open at the period's end (the pie chart's open slice). */
    openAtEnd: number;
  };
  recurrence: {
    /** Services with more than one incident opened in the window that ends with this period, most first. */
    services: { service: string; incidents: SourceIssue[] }[];
    /** Postmortems of the period's incidents that name related incidents. */
    related: { postmortem: SourceIssue; related: string[] }[];
  };
}

export interface Movement {
  /** e.g. "SEV1 incidents opened", "median time to resolve". */
  metric: string;
  previous: number;
  current: number;
  /** Human-readable change, e.g. "+3", "−40 min", "+12 points". */
  change: string;
}

export interface Digest {
  kind: PeriodKind;
  /** The digest's period first, then the previous ones, newest first (4 weeks or 6 months). */
  periods: PeriodMetrics[];
  /** The three biggest movements between the period and the one before it. */
  movements: Movement[];
  /** True when nothing at all happened in the period. */
  empty: boolean;
}
