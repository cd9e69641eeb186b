import { describe, expect, it } from "vitest";
import { DEFAULT_SEVERITIES } from "../../src/config/schema.js";
import { computeDigest, type DigestOptions } from "../../src/digest/compute-digest.js";
import type { ActionItemFact, Digest, DigestFacts, IncidentFact, Movement, PeriodMetrics, PostmortemFact, SourceIssue } from "../../src/digest/model.js";
import { periodOf } from "../../src/digest/periods.js";
import { durations, median, percentile } from "../../src/digest/statistics.js";

// Reference weeks in UTC (hand-checked): W44 Mon 10-26, W45 11-02, W46 11-09, W47 11-16,
// W48 Mon 2026-11-23 00:00 .. Mon 2026-11-30 00:00 (exclusive), W49 11-30.
// DEFAULT_SEVERITIES: SEV1 and SEV2 require a postmortem, SEV3 and SEV4 do not.
const NOW = new Date("2026-12-07T09:00:00Z");

// ---------------------------------------------------------------------------------------------
// Builders: only what a test is about is written out; everything else gets a dull default.

let lastNumber = 1000;
const nextNumber = (): number => ++lastNumber;

function source(repo: string, number: number, kind: string): SourceIssue {
  return { repo, number, title: `${kind} ${number}`, url: `https://github.com/${repo}/issues/${number}`, private: false };
}

function incident(fields: Partial<IncidentFact> & Pick<IncidentFact, "createdAt">): IncidentFact {
  const repo = fields.repo ?? "acme/shop";
  const number = fields.number ?? nextNumber();
  const severity = fields.severity ?? "SEV2";
  // The default severities' labels: SEV1 is incident:sev1, and so on.
  return { ...source(repo, number, "Incident"), severity, severityLabel: `incident:${severity.toLowerCase()}`, services: [], closedAt: null, ...fields };
}

function postmortem(fields: Partial<PostmortemFact> & Pick<PostmortemFact, "createdAt">): PostmortemFact {
  const repo = fields.repo ?? "acme/shop";
  const number = fields.number ?? nextNumber();
  return {
    ...source(repo, number, "Postmortem"),
    incident: "acme/shop#1",
    severity: "SEV2",
    severityLabel: "incident:sev2",
    required: true,
    closedAt: null,
    reviewDue: null,
    impactStartedAt: null,
    detectedAt: null,
    mitigatedAt: null,
    relatedIncidents: [],
    ...fields,
  };
}

function actionItem(fields: Partial<ActionItemFact> & Pick<ActionItemFact, "createdAt">): ActionItemFact {
  const repo = fields.repo ?? "acme/shop";
  const number = fields.number ?? nextNumber();
  return {
    ...source(repo, number, "Action"),
    postmortem: "acme/shop#2",
    priority: "P2",
    type: null,
    closedAt: null,
    outcome: fields.closedAt ? "done" : "open",
    due: "2027-06-30",
    owners: ["alice"],
    ...fields,
  };
}

function digest(facts: Partial<DigestFacts>, options: Partial<DigestOptions> = {}): Digest {
  const timeZone = options.timeZone ?? "UTC";
  const kind = options.kind ?? "weekly";
  return computeDigest(
    { incidents: [], postmortems: [], actionItems: [], ...facts },
    {
      kind,
      period: periodOf(kind, kind === "weekly" ? "2026-W48" : "2026-11", timeZone),
      timeZone,
      severities: DEFAULT_SEVERITIES,
      history: 4,
      now: NOW,
      ...options,
    },
  );
}

function metricsOf(result: Digest, id: string): PeriodMetrics {
  const metrics = result.periods.find((each) => each.period.id === id);
  if (!metrics) throw new Error(`no period ${id} in the digest`);
  return metrics;
}

const ref = (issue: SourceIssue): string => `${issue.repo}#${issue.number}`;
const noDurations = { count: 0, medianMinutes: null, p90Minutes: null };

// ---------------------------------------------------------------------------------------------

describe("percentile and median (R-7 interpolation)", () => {
  it.each<[string, number[], number, number | null]>([
    ["one value, median", [42], 0.5, 42],
    ["one value, p90", [42], 0.9, 42],
    ["median of an odd count", [5, 1, 3], 0.5, 3],
    ["median of 4: halfway between the middle two", [4, 1, 3, 2], 0.5, 2.5],
    ["p90 of 1..10: h = 8.1, 9 + 0.1·(10 − 9)", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9.1],
    ["p90 of 10 values, unsorted: h = 8.1, 90 + 0.1·10", [70, 10, 100, 30, 50, 90, 20, 60, 80, 40], 0.9, 91],
    ["p90 of 4 values: h = 2.7, 90 + 0.7·150", [30, 60, 90, 240], 0.9, 195],
    ["p0 is the minimum", [3, 1, 2], 0, 1],
    ["p100 is the maximum", [3, 1, 2], 1, 3],
    ["no values", [], 0.5, null],
  ])("%s", (_why, values, p, expected) => {
    const result = percentile(values, p);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toBeCloseTo(expected, 9);
  });

  it("median is the 0.5 percentile and does not reorder its input", () => {
    const values = [4, 1, 3, 2];
    expect(median(values)).toBe(2.5);
    expect(values).toEqual([4, 1, 3, 2]);
  });

  it.each([-0.1, 1.1, Number.NaN])("rejects p = %s", (p) => {
    expect(() => percentile([1, 2], p)).toThrow(RangeError);
  });

  it.each<[number[], { count: number; medianMinutes: number | null; p90Minutes: number | null }]>([
    [[], noDurations],
    [[15], { count: 1, medianMinutes: 15, p90Minutes: 15 }],
    [[10, 20], { count: 2, medianMinutes: 15, p90Minutes: 19 }], // h = 0.9: 10 + 0.9·10
  ])("durations(%j)", (minutes, expected) => {
    const result = durations(minutes);
    expect(result.count).toBe(expected.count);
    expect(result.medianMinutes).toBe(expected.medianMinutes);
    if (expected.p90Minutes === null) expect(result.p90Minutes).toBeNull();
    else expect(result.p90Minutes).toBeCloseTo(expected.p90Minutes, 9);
  });
});

describe("computeDigest: the compared periods", () => {
  it.each([
    ["weekly", 4, ["2026-W48", "2026-W47", "2026-W46", "2026-W45", "2026-W44"]],
    ["monthly", 6, ["2026-11", "2026-10", "2026-09", "2026-08", "2026-07", "2026-06", "2026-05"]],
    ["weekly", 0, ["2026-W48"]],
  ] as const)("%s with %i previous periods", (kind, history, ids) => {
    const result = digest({}, { kind, history });
    expect(result.kind).toBe(kind);
    expect(result.periods.map((metrics) => metrics.period.id)).toEqual(ids);
  });

  it("counts an incident in the local month it was opened in (Auckland: 1 Dec 01:00 NZDT)", () => {
    const facts = { incidents: [incident({ createdAt: "2026-11-30T12:00:00Z" })] };
    const result = digest(facts, {
      kind: "monthly",
      timeZone: "Pacific/Auckland",
      period: periodOf("monthly", "2026-12", "Pacific/Auckland"),
      now: new Date("2027-01-05T00:00:00Z"),
    });
    expect(metricsOf(result, "2026-12").incidents.opened.SEV2).toBe(1);
    expect(metricsOf(result, "2026-11").incidents.opened.SEV2).toBe(0);
  });

  it.each<[string, Partial<DigestOptions>]>([
    ["a period of another kind", { kind: "monthly" }],
    ["a negative history", { history: -1 }],
    ["a fractional history", { history: 1.5 }],
    ["a period that has not started", { now: new Date("2026-11-22T23:59:59Z") }],
  ])("rejects %s", (_why, options) => {
    expect(() =>
      computeDigest(
        { incidents: [], postmortems: [], actionItems: [] },
        { kind: "weekly", period: periodOf("weekly", "2026-W48", "UTC"), timeZone: "UTC", severities: DEFAULT_SEVERITIES, history: 4, now: NOW, ...options },
      ),
    ).toThrow(RangeError);
  });
});

describe("incidents", () => {
  describe("an incident opened in W47 and resolved in W48 (4 days later)", () => {
    const result = digest({ incidents: [incident({ createdAt: "2026-11-20T10:00:00Z", closedAt: "2026-11-24T10:00:00Z" })] });
    it.each([
      // period, opened SEV2, resolved SEV2, still open at the end, time to resolve
      ["2026-W46", 0, 0, 0, noDurations],
      ["2026-W47", 1, 0, 1, noDurations],
      ["2026-W48", 0, 1, 0, { count: 1, medianMinutes: 4 * 24 * 60, p90Minutes: 4 * 24 * 60 }],
      ["2026-W44", 0, 0, 0, noDurations],
    ])("%s: opened %i, resolved %i, still open %i", (id, opened, resolved, stillOpen, timeToResolve) => {
      const { incidents } = metricsOf(result, id);
      expect(incidents.opened.SEV2).toBe(opened);
      expect(incidents.resolved.SEV2).toBe(resolved);
      expect(incidents.stillOpen).toBe(stillOpen);
      expect(incidents.timeToResolve.all).toEqual(timeToResolve);
    });
  });

  it.each([
    // why, createdAt, closedAt, still open at the end of W48, resolved in W48
    ["reopened and open again (closedAt null)", "2026-11-17T10:00:00Z", null, 1, 0],
    ["closed after the end", "2026-11-17T10:00:00Z", "2026-12-01T00:00:00Z", 1, 0],
    ["closed exactly at the end (end is exclusive)", "2026-11-17T10:00:00Z", "2026-11-30T00:00:00Z", 1, 0],
    ["closed in the last millisecond", "2026-11-17T10:00:00Z", "2026-11-29T23:59:59.999Z", 0, 1],
    ["opened exactly at the end", "2026-11-30T00:00:00Z", null, 0, 0],
    ["opened and closed before the period", "2026-11-10T10:00:00Z", "2026-11-12T10:00:00Z", 0, 0],
  ])("%s: still open %i, resolved %i", (_why, createdAt, closedAt, stillOpen, resolved) => {
    const { incidents } = metricsOf(digest({ incidents: [incident({ createdAt, closedAt })] }), "2026-W48");
    expect(incidents.stillOpen).toBe(stillOpen);
    expect(incidents.resolved.SEV2).toBe(resolved);
  });

  it("counts opened incidents for every configured severity, zeros included, then unknown ones", () => {
    const opened = (severity: string): IncidentFact => incident({ severity, createdAt: "2026-11-24T10:00:00Z" });
    const result = digest({ incidents: [opened("SEV1"), opened("SEV3"), opened("SEV1"), opened("SEV0")] });
    expect(Object.entries(metricsOf(result, "2026-W48").incidents.opened)).toEqual([
      ["SEV1", 2],
      ["SEV2", 0],
      ["SEV3", 1],
      ["SEV4", 0],
      ["SEV0", 1],
    ]);
    expect(metricsOf(result, "2026-W47").incidents.opened).toEqual({ SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0 });
  });

  it("measures time to resolve over incidents resolved in the period, in all and by severity", () => {
    const resolvedAfter = (severity: string, minutes: number): IncidentFact =>
      incident({ severity, createdAt: "2026-11-24T10:00:00Z", closedAt: new Date(Date.parse("2026-11-24T10:00:00Z") + minutes * 60_000).toISOString() });
    const result = digest({
      incidents: [
        resolvedAfter("SEV1", 30),
        resolvedAfter("SEV1", 60),
        resolvedAfter("SEV2", 90),
        resolvedAfter("SEV3", 240),
        incident({ severity: "SEV1", createdAt: "2026-11-24T10:00:00Z" }), // still open
        incident({ severity: "SEV2", createdAt: "2026-11-17T10:00:00Z", closedAt: "2026-11-17T10:10:00Z" }), // resolved in W47
      ],
    });
    const { timeToResolve } = metricsOf(result, "2026-W48").incidents;
    // 30, 60, 90, 240: median 75; p90 h = 2.7 → 90 + 0.7·150 = 195. SEV1 30, 60: p90 h = 0.9 → 57.
    expect(timeToResolve.all).toEqual({ count: 4, medianMinutes: 75, p90Minutes: expect.closeTo(195, 9) });
    expect(timeToResolve.bySeverity).toEqual({
      SEV1: { count: 2, medianMinutes: 45, p90Minutes: expect.closeTo(57, 9) },
      SEV2: { count: 1, medianMinutes: 90, p90Minutes: 90 },
      SEV3: { count: 1, medianMinutes: 240, p90Minutes: 240 },
      SEV4: noDurations,
    });
    expect(metricsOf(result, "2026-W47").incidents.timeToResolve.all).toEqual({ count: 1, medianMinutes: 10, p90Minutes: 10 });
  });

  describe("time to detect and to mitigate, from postmortem timelines of incidents resolved in the period", () => {
    const facts: Partial<DigestFacts> = {
      incidents: [
        incident({ number: 10, createdAt: "2026-11-24T09:00:00Z", closedAt: "2026-11-24T15:00:00Z" }),
        incident({ number: 11, createdAt: "2026-11-24T09:00:00Z", closedAt: "2026-11-24T15:00:00Z" }),
        incident({ number: 12, createdAt: "2026-11-18T09:00:00Z", closedAt: "2026-11-18T15:00:00Z" }), // W47
        incident({ number: 13, createdAt: "2026-11-24T09:00:00Z", closedAt: "2026-11-24T15:00:00Z" }),
        incident({ number: 14, createdAt: "2026-11-24T09:00:00Z" }), // still open
        incident({ number: 15, createdAt: "2026-11-24T09:00:00Z", closedAt: "2026-11-24T15:00:00Z" }),
      ],
      postmortems: [
        postmortem({
          incident: "acme/shop#10",
          createdAt: "2026-11-24T16:00:00Z",
          impactStartedAt: "2026-11-24T09:00:00Z",
          detectedAt: "2026-11-24T09:20:00Z",
          mitigatedAt: "2026-11-24T10:00:00Z",
        }),
        postmortem({ incident: "acme/shop#11", createdAt: "2026-11-24T16:00:00Z", impactStartedAt: "2026-11-24T09:00:00Z", mitigatedAt: "2026-11-24T09:30:00Z" }),
        postmortem({
          incident: "acme/shop#12",
          createdAt: "2026-11-18T16:00:00Z",
          impactStartedAt: "2026-11-18T09:00:00Z",
          detectedAt: "2026-11-18T09:05:00Z",
          mitigatedAt: "2026-11-18T09:10:00Z",
        }),
        postmortem({ incident: "acme/shop#13", createdAt: "2026-11-24T16:00:00Z", detectedAt: "2026-11-24T09:20:00Z", mitigatedAt: "2026-11-24T10:00:00Z" }), // no impact start
        postmortem({ incident: "acme/shop#14", createdAt: "2026-11-24T16:00:00Z", impactStartedAt: "2026-11-24T09:00:00Z", detectedAt: "2026-11-24T09:01:00Z" }), // incident not resolved
        // Detection written before the impact started: a typo in the timeline, left out.
        postmortem({ incident: "acme/shop#15", createdAt: "2026-11-24T16:00:00Z", impactStartedAt: "2026-11-24T09:30:00Z", detectedAt: "2026-11-24T09:10:00Z" }),
        postmortem({ incident: "acme/other#99", createdAt: "2026-11-24T16:00:00Z", impactStartedAt: "2026-11-24T09:00:00Z", detectedAt: "2026-11-24T09:02:00Z" }), // unknown incident
      ],
    };
    const result = digest(facts);
    it.each([
      // period, time to detect, time to mitigate (30, 60: median 45, p90 30 + 0.9·30 = 57)
      ["2026-W48", { count: 1, medianMinutes: 20, p90Minutes: 20 }, { count: 2, medianMinutes: 45, p90Minutes: expect.closeTo(57, 9) }],
      ["2026-W47", { count: 1, medianMinutes: 5, p90Minutes: 5 }, { count: 1, medianMinutes: 10, p90Minutes: 10 }],
      ["2026-W46", noDurations, noDurations],
    ])("%s", (id, timeToDetect, timeToMitigate) => {
      const { incidents } = metricsOf(result, id);
      expect(incidents.timeToDetect).toEqual(timeToDetect);
      expect(incidents.timeToMitigate).toEqual(timeToMitigate);
    });
  });
});

describe("postmortems", () => {
  describe("required, opened and completed", () => {
    const resolvedIn48 = (severity: string): IncidentFact => incident({ severity, createdAt: "2026-11-24T10:00:00Z", closedAt: "2026-11-25T10:00:00Z" });
    const result = digest({
      incidents: [
        resolvedIn48("SEV1"),
        resolvedIn48("SEV2"),
        resolvedIn48("SEV3"),
        resolvedIn48("SEV4"),
        incident({ severity: "SEV1", createdAt: "2026-11-17T10:00:00Z", closedAt: "2026-11-18T10:00:00Z" }), // W47
        incident({ severity: "SEV1", createdAt: "2026-11-24T10:00:00Z" }), // still open: nothing required yet
      ],
      postmortems: [
        postmortem({ createdAt: "2026-11-24T12:00:00Z" }),
        postmortem({ createdAt: "2026-11-25T12:00:00Z" }),
        postmortem({ createdAt: "2026-11-18T12:00:00Z", closedAt: "2026-11-26T12:00:00Z" }),
        postmortem({ createdAt: "2026-11-18T13:00:00Z" }),
      ],
    });
    it.each([
      // period, required, opened, completed
      ["2026-W48", 2, 2, 1],
      ["2026-W47", 1, 2, 0],
    ])("%s: required %i, opened %i, completed %i", (id, required, opened, completed) => {
      const { postmortems } = metricsOf(result, id);
      expect(postmortems.required).toBe(required);
      expect(postmortems.opened).toBe(opened);
      expect(postmortems.completed).toBe(completed);
    });

    it("a severity renamed in the config (same label) still requires its postmortems", () => {
      const renamed = DEFAULT_SEVERITIES.map((level) => (level.name === "SEV1" ? { ...level, name: "Critical" } : level));
      // An incident read before the rename still says SEV1; its label is what identifies the severity.
      const before = incident({ severity: "SEV1", severityLabel: "incident:sev1", createdAt: "2026-11-24T10:00:00Z", closedAt: "2026-11-25T10:00:00Z" });
      const after = incident({ severity: "Critical", severityLabel: "incident:sev1", createdAt: "2026-11-24T10:00:00Z", closedAt: "2026-11-25T10:00:00Z" });
      expect(metricsOf(digest({ incidents: [before, after] }, { severities: renamed }), "2026-W48").postmortems.required).toBe(2);
    });
  });

  it.each([
    // why, zone, closedAt, reviewDue, on time
    ["closed on the review date", "UTC", "2026-11-25T12:00:00Z", "2026-11-25", 1],
    ["closed a day late", "UTC", "2026-11-26T00:00:00Z", "2026-11-25", 0],
    ["no review date: no deadline to miss", "UTC", "2026-11-25T12:00:00Z", null, 1],
    ["16:00 UTC is already the next day in Tokyo", "Asia/Tokyo", "2026-11-25T16:00:00Z", "2026-11-25", 0],
    ["the same instant read in UTC", "UTC", "2026-11-25T16:00:00Z", "2026-11-25", 1],
    ["06:00 UTC is still the review date in Los Angeles", "America/Los_Angeles", "2026-11-26T06:00:00Z", "2026-11-25", 1],
  ])("%s (%s): on time %i", (_why, timeZone, closedAt, reviewDue, onTime) => {
    const facts = { postmortems: [postmortem({ createdAt: "2026-11-20T00:00:00Z", closedAt, reviewDue })] };
    const { postmortems } = metricsOf(digest(facts, { timeZone }), "2026-W48");
    expect(postmortems.completed).toBe(1);
    expect(postmortems.completedOnTime).toBe(onTime);
  });

  describe("overdue reviews: open at the end with a review date before the end's local date, oldest first", () => {
    const open = (number: number, reviewDue: string | null, fields: Partial<PostmortemFact> = {}): PostmortemFact =>
      postmortem({ number, reviewDue, createdAt: "2026-11-10T10:00:00Z", ...fields });
    const result = digest({
      postmortems: [
        open(1, "2026-11-29"), // due on the last day: overdue at the end, 0 days
        open(2, "2026-11-20"),
        open(3, "2026-11-30"), // due on the day after the period: not yet
        open(4, "2026-11-25", { closedAt: "2026-12-01T10:00:00Z" }), // closed only after the end
        open(5, "2026-11-25", { closedAt: "2026-11-28T10:00:00Z" }), // closed in time for the end
        open(6, null),
        open(7, "2026-11-25", { createdAt: "2026-12-01T10:00:00Z" }), // did not exist yet
        open(8, "2026-11-20", { repo: "acme/api" }), // same date as #2: ordered by repository
      ],
    });
    it.each([
      // period, [issue, reviewDue, daysOverdue] in order
      [
        "2026-W48",
        [
          ["acme/api#8", "2026-11-20", 9],
          ["acme/shop#2", "2026-11-20", 9],
          ["acme/shop#4", "2026-11-25", 4],
          ["acme/shop#1", "2026-11-29", 0],
        ],
      ],
      [
        "2026-W47",
        [
          ["acme/api#8", "2026-11-20", 2],
          ["acme/shop#2", "2026-11-20", 2],
        ],
      ],
      ["2026-W46", []],
    ])("%s", (id, expected) => {
      const { overdueReviews } = metricsOf(result, id).postmortems;
      expect(overdueReviews.map((review) => [ref(review.issue), review.reviewDue, review.daysOverdue])).toEqual(expected);
    });
  });
});

describe("action items", () => {
  describe("counts, open at the end and the completion rate", () => {
    const result = digest({
      actionItems: [
        actionItem({ number: 1, createdAt: "2026-11-10T10:00:00Z", closedAt: "2026-11-18T10:00:00Z", outcome: "implemented" }),
        actionItem({ number: 2, createdAt: "2026-11-17T10:00:00Z", closedAt: "2026-11-25T10:00:00Z", outcome: "done" }),
        actionItem({ number: 3, createdAt: "2026-11-24T10:00:00Z" }),
        actionItem({ number: 4, createdAt: "2026-11-17T10:00:00Z", closedAt: "2026-11-26T10:00:00Z", outcome: "dropped" }),
        actionItem({ number: 5, createdAt: "2026-11-17T10:00:00Z", closedAt: "2026-12-02T10:00:00Z", outcome: "implemented" }),
        actionItem({ number: 6, createdAt: "2026-12-01T10:00:00Z" }),
        actionItem({ number: 7, createdAt: "2026-11-18T10:00:00Z", closedAt: "2026-12-01T10:00:00Z", outcome: "dropped" }),
      ],
    });
    it.each([
      // period, filed, completed, implemented, done, dropped, completion rate, open at end
      // W48: counted #1 #2 #3 #5 #7 (#4 dropped by then, #6 filed later); closed by then #1 #2 → 2/5.
      ["2026-W48", 1, 1, 0, 1, 1, 0.4, 3],
      // W47: counted #1 #2 #4 #5 #7 (#4 dropped only later); closed by then #1 → 1/5.
      ["2026-W47", 4, 1, 1, 0, 0, 0.2, 4],
      ["2026-W46", 1, 0, 0, 0, 0, 0, 1],
      ["2026-W45", 0, 0, 0, 0, 0, null, 0],
    ])("%s: filed %i, completed %i", (id, filed, completed, implemented, done, dropped, completionRate, openAtEnd) => {
      const { actionItems } = metricsOf(result, id);
      expect(actionItems).toMatchObject({ filed, completed, implemented, done, dropped, completionRate, openAtEnd });
    });
  });

  it("counts filed, completed and open by priority and by type; every known key present", () => {
    const result = digest({
      actionItems: [
        actionItem({ priority: "P1", type: "prevention", createdAt: "2026-11-24T10:00:00Z" }),
        actionItem({ priority: "P1", type: null, createdAt: "2026-11-17T10:00:00Z", closedAt: "2026-11-25T10:00:00Z", outcome: "done" }),
        actionItem({ priority: "P3", type: "detection", createdAt: "2026-11-10T10:00:00Z" }),
        actionItem({ priority: "P3", type: "response", createdAt: "2026-11-10T10:00:00Z", closedAt: "2026-11-18T10:00:00Z", outcome: "implemented" }),
        actionItem({ priority: "P2", type: "prevention", createdAt: "2026-12-01T10:00:00Z" }), // after the end
        actionItem({ priority: "P2", type: "ops", createdAt: "2026-11-25T10:00:00Z" }), // a type the config does not know
        actionItem({ priority: "P9", type: "legacy", createdAt: "2026-11-02T10:00:00Z", closedAt: "2026-11-03T10:00:00Z" }), // nothing in W48: no key
      ],
    });
    const { byPriority, byType } = metricsOf(result, "2026-W48").actionItems;
    const zero = { filed: 0, completed: 0, open: 0 };
    expect(byPriority).toEqual({
      P0: zero,
      P1: { filed: 1, completed: 1, open: 1 },
      P2: { filed: 1, completed: 0, open: 1 },
      P3: { filed: 0, completed: 0, open: 1 },
      P4: zero,
      P5: zero,
    });
    expect(byType).toEqual({
      prevention: { filed: 1, completed: 0, open: 1 },
      detection: { filed: 0, completed: 0, open: 1 },
      response: zero,
      unset: { filed: 0, completed: 1, open: 0 },
      ops: { filed: 1, completed: 0, open: 1 },
    });
  });

  it("lists overdue items most overdue first and unowned open items", () => {
    const item = (number: number, fields: Partial<ActionItemFact>): ActionItemFact => actionItem({ number, createdAt: "2026-11-01T10:00:00Z", ...fields });
    const result = digest({
      actionItems: [
        item(1, { due: "2026-11-10", owners: ["alice"], priority: "P1" }),
        item(2, { due: "2026-11-29", owners: [], priority: "P2" }), // due on the last day: 0 days
        item(3, { due: "2026-11-30", owners: ["bob"] }), // due the day after: not overdue
        item(4, { due: "2026-11-20", owners: ["carol", "dan"], priority: "P0", closedAt: "2026-12-03T10:00:00Z", outcome: "implemented" }),
        item(5, { due: "2026-11-01", owners: [], closedAt: "2026-11-25T10:00:00Z", outcome: "done" }),
        item(6, { due: "2026-12-15", owners: [] }),
      ],
    });
    const { overdue, unowned, openAtEnd } = metricsOf(result, "2026-W48").actionItems;
    expect(overdue.map((entry) => [ref(entry.issue), entry.due, entry.daysOverdue, entry.priority, entry.owners])).toEqual([
      ["acme/shop#1", "2026-11-10", 19, "P1", ["alice"]],
      ["acme/shop#4", "2026-11-20", 9, "P0", ["carol", "dan"]],
      ["acme/shop#2", "2026-11-29", 0, "P2", []],
    ]);
    expect(unowned.map(ref)).toEqual(["acme/shop#2", "acme/shop#6"]);
    expect(unowned[0]).toEqual(source("acme/shop", 2, "Action")); // only the issue's identity
    expect(openAtEnd).toBe(5);
  });

  it("reads a period still running at now: overdue once the due day is over, days counted to today", () => {
    const result = digest(
      {
        actionItems: [
          actionItem({ number: 1, createdAt: "2026-11-20T10:00:00Z", due: "2026-12-01" }),
          actionItem({ number: 2, createdAt: "2026-11-20T10:00:00Z", due: "2026-12-02" }), // due today
        ],
        incidents: [incident({ createdAt: "2026-12-01T10:00:00Z" })],
      },
      { period: periodOf("weekly", "2026-W49", "UTC"), now: new Date("2026-12-02T12:00:00Z"), history: 1 },
    );
    const { actionItems, incidents } = metricsOf(result, "2026-W49");
    expect(actionItems.overdue.map((entry) => [ref(entry.issue), entry.daysOverdue])).toEqual([["acme/shop#1", 1]]);
    expect(incidents.stillOpen).toBe(1);
  });
});

describe("recurrence", () => {
  const opened = (number: number, createdAt: string, services: string[], closedAt: string | null = null): IncidentFact => incident({ number, createdAt, services, closedAt });
  const result = digest({
    incidents: [
      opened(1, "2026-10-27T10:00:00Z", ["service:checkout"]), // W44: the oldest compared week
      opened(2, "2026-11-25T10:00:00Z", ["service:checkout"]),
      opened(3, "2026-11-26T10:00:00Z", ["service:checkout", "component:db"]),
      opened(4, "2026-11-10T10:00:00Z", ["component:db"], "2026-11-24T10:00:00Z"),
      opened(5, "2026-11-03T10:00:00Z", ["service:auth"]),
      opened(6, "2026-11-04T10:00:00Z", ["service:auth"]),
      opened(7, "2026-11-24T10:00:00Z", ["service:search"]),
      opened(8, "2026-10-20T10:00:00Z", ["service:search"]), // W43: outside W48's window
      opened(9, "2026-11-24T10:00:00Z", ["service:payments", "Service:Payments"]), // one incident, not two
      opened(10, "2026-12-01T10:00:00Z", ["service:checkout"]), // after the end
    ],
    postmortems: [
      postmortem({ repo: "acme/pm", number: 102, incident: "acme/shop#4", createdAt: "2026-11-24T12:00:00Z", relatedIncidents: ["acme/shop#3"] }), // resolved in W48
      postmortem({ repo: "acme/pm", number: 101, incident: "acme/shop#2", createdAt: "2026-11-25T12:00:00Z", relatedIncidents: ["acme/shop#1"] }), // opened in W48
      postmortem({ repo: "acme/pm", number: 103, incident: "acme/shop#5", createdAt: "2026-11-25T12:00:00Z", relatedIncidents: ["acme/shop#6"] }), // W45
      postmortem({ repo: "acme/pm", number: 104, incident: "acme/shop#7", createdAt: "2026-11-25T12:00:00Z", relatedIncidents: [] }),
    ],
  });

  it.each([
    // period, services with their incidents; W48's window is W44..W48, W47's is W43..W47
    [
      "2026-W48",
      [
        ["service:checkout", [1, 2, 3]],
        ["component:db", [4, 3]],
        ["service:auth", [5, 6]],
      ],
    ],
    ["2026-W47", [["service:auth", [5, 6]]]], // search has only #8 here: #7 was opened in W48
  ])("%s: services with two or more incidents in the window, most first, then by name", (id, expected) => {
    const { services } = metricsOf(result, id).recurrence;
    expect(services.map((entry) => [entry.service, entry.incidents.map((issue) => issue.number)])).toEqual(expected);
  });

  it("lists postmortems of the period's incidents that name related incidents", () => {
    const { related } = metricsOf(result, "2026-W48").recurrence;
    expect(related.map((entry) => [ref(entry.postmortem), entry.related])).toEqual([
      ["acme/pm#101", ["acme/shop#1"]],
      ["acme/pm#102", ["acme/shop#3"]],
    ]);
  });
});

describe("empty periods", () => {
  it("has all zeros, no durations and empty lists when nothing happened", () => {
    const result = digest({});
    const zero = { filed: 0, completed: 0, open: 0 };
    const severities = { SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0 };
    expect(result.empty).toBe(true);
    expect(result.movements).toEqual([]);
    expect(metricsOf(result, "2026-W48")).toEqual({
      period: periodOf("weekly", "2026-W48", "UTC"),
      incidents: {
        opened: severities,
        openedList: [],
        resolved: severities,
        stillOpen: 0,
        timeToResolve: { all: noDurations, bySeverity: { SEV1: noDurations, SEV2: noDurations, SEV3: noDurations, SEV4: noDurations } },
        timeToDetect: noDurations,
        timeToMitigate: noDurations,
      },
      postmortems: { required: 0, opened: 0, completed: 0, completedOnTime: 0, overdueReviews: [] },
      actionItems: {
        filed: 0,
        completed: 0,
        implemented: 0,
        done: 0,
        dropped: 0,
        completionRate: null,
        byPriority: { P0: zero, P1: zero, P2: zero, P3: zero, P4: zero, P5: zero },
        byType: { prevention: zero, detection: zero, response: zero, unset: zero },
        overdue: [],
        unowned: [],
        openAtEnd: 0,
      },
      recurrence: { services: [], related: [] },
    });
  });

  it.each<[string, Partial<DigestFacts>, boolean]>([
    ["no facts at all", {}, true],
    ["activity only in an earlier week", { incidents: [incident({ createdAt: "2026-11-10T10:00:00Z", closedAt: "2026-11-11T10:00:00Z" })] }, true],
    ["an incident still open from an earlier week", { incidents: [incident({ createdAt: "2026-11-10T10:00:00Z" })] }, true],
    ["an action item filed earlier, due later", { actionItems: [actionItem({ createdAt: "2026-11-10T10:00:00Z" })] }, true],
    ["an incident opened", { incidents: [incident({ createdAt: "2026-11-24T10:00:00Z" })] }, false],
    ["an incident resolved", { incidents: [incident({ createdAt: "2026-11-10T10:00:00Z", closedAt: "2026-11-24T10:00:00Z" })] }, false],
    ["a postmortem opened", { postmortems: [postmortem({ createdAt: "2026-11-24T10:00:00Z" })] }, false],
    ["a postmortem closed", { postmortems: [postmortem({ createdAt: "2026-11-10T10:00:00Z", closedAt: "2026-11-24T10:00:00Z" })] }, false],
    ["an action item filed", { actionItems: [actionItem({ createdAt: "2026-11-24T10:00:00Z" })] }, false],
    ["an action item dropped", { actionItems: [actionItem({ createdAt: "2026-11-10T10:00:00Z", closedAt: "2026-11-24T10:00:00Z", outcome: "dropped" })] }, false],
    ["an action item overdue at the end", { actionItems: [actionItem({ createdAt: "2026-11-10T10:00:00Z", due: "2026-11-20" })] }, false],
    ["a review overdue at the end", { postmortems: [postmortem({ createdAt: "2026-11-10T10:00:00Z", reviewDue: "2026-11-20" })] }, false],
  ])("%s: empty %s", (_why, facts, empty) => {
    expect(digest(facts).empty).toBe(empty);
  });
});

describe("movements between the period and the one before", () => {
  const at = (instant: string, minutes = 0): string => new Date(Date.parse(instant) + minutes * 60_000).toISOString();
  const openedIn = (createdAt: string, severity: string): IncidentFact => incident({ createdAt, severity });
  const resolvedAfter = (createdAt: string, minutes: number): IncidentFact => incident({ createdAt, closedAt: at(createdAt, minutes) });
  const closedOnTime = (closedAt: string): PostmortemFact => postmortem({ createdAt: "2026-11-10T10:00:00Z", closedAt });
  const W47 = "2026-11-17T10:00:00Z";
  const W48 = "2026-11-24T10:00:00Z";
  const times = <T>(count: number, make: () => T): T[] => Array.from({ length: count }, make);

  it.each<[string, Partial<DigestFacts>, Movement[]]>([
    [
      // Sizes |Δ| / max(1, |previous|): SEV1 3, SEV3 1, all opened 1/3, on time 4/20 (the largest Δ, yet fourth: left out).
      "the three largest relative changes",
      {
        incidents: [openedIn(W47, "SEV1"), openedIn(W47, "SEV3"), openedIn(W47, "SEV3"), ...times(4, () => openedIn(W48, "SEV1"))],
        postmortems: [...times(20, () => closedOnTime(W47)), ...times(24, () => closedOnTime(W48))],
      },
      [
        { metric: "SEV1 incidents opened", previous: 1, current: 4, change: "+3" },
        { metric: "SEV3 incidents opened", previous: 2, current: 0, change: "\u22122" },
        { metric: "incidents opened", previous: 3, current: 4, change: "+1" },
      ],
    ],
    [
      "a shorter median time to resolve, in hours and minutes",
      { incidents: [resolvedAfter(W47, 100), resolvedAfter(W48, 20)] },
      [{ metric: "median time to resolve", previous: 100, current: 20, change: "\u22121 h 20 min" }],
    ],
    [
      "a longer median time to resolve, in minutes",
      { incidents: [resolvedAfter(W47, 20), resolvedAfter(W48, 60)] },
      [{ metric: "median time to resolve", previous: 20, current: 60, change: "+40 min" }],
    ],
    [
      "a whole number of hours",
      { incidents: [resolvedAfter(W47, 60), resolvedAfter(W48, 180)] },
      [{ metric: "median time to resolve", previous: 60, current: 180, change: "+2 h" }],
    ],
    [
      // 4 items filed in W46: one done in W47 (25 %), one more in W48 (50 %); one completed in each week.
      "the completion rate, in points",
      {
        actionItems: [
          actionItem({ createdAt: "2026-11-10T10:00:00Z", closedAt: W47, outcome: "done" }),
          actionItem({ createdAt: "2026-11-10T10:00:00Z", closedAt: W48, outcome: "implemented" }),
          ...times(2, () => actionItem({ createdAt: "2026-11-10T10:00:00Z" })),
        ],
      },
      [{ metric: "action item completion rate", previous: 25, current: 50, change: "+25 points" }],
    ],
    [
      "overdue items and reviews, equal sizes in the fixed order",
      {
        actionItems: [actionItem({ createdAt: "2026-11-10T10:00:00Z", due: "2026-11-26" })],
        postmortems: [postmortem({ createdAt: "2026-11-10T10:00:00Z", reviewDue: "2026-11-25" })],
      },
      [
        { metric: "overdue action items", previous: 0, current: 1, change: "+1" },
        { metric: "overdue reviews", previous: 0, current: 1, change: "+1" },
      ],
    ],
    ["nothing changed", { incidents: [openedIn(W47, "SEV2"), openedIn(W48, "SEV2")] }, []],
  ])("%s", (_why, facts, expected) => {
    expect(digest(facts).movements).toEqual(expected);
  });

  it("has no movements without a previous period", () => {
    expect(digest({ incidents: [incident({ createdAt: "2026-11-24T10:00:00Z" })] }, { history: 0 }).movements).toEqual([]);
  });
});
