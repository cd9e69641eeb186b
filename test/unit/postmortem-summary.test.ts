import { describe, expect, it } from "vitest";
import type { SeverityLevel } from "../../src/config/schema.js";
import type { BusinessCalendar } from "../../src/domain/business-days.js";
import { marker } from "../../src/domain/markers.js";
import {
  describeReviewDue,
  formatElapsed,
  formatInstant,
  readSummary,
  renderSummaryBlock,
  replaceSummaryBlock,
  summarize,
  type IncidentFacts,
  type PostmortemSummary,
} from "../../src/domain/postmortem-summary.js";

// Reference calendar (hand-checked): Mon 2026-11-23 … Fri 11-27, Sat 11-28, Sun 11-29,
// Mon 11-30, Tue 12-01, Wed 12-02, Thu 12-03, Fri 12-04.
const SEV1: SeverityLevel = { name: "SEV1", label: "incident:sev1", postmortem: "required", reviewBusinessDays: 1 };
const SEV2: SeverityLevel = { name: "SEV2", label: "incident:sev2", postmortem: "required", reviewBusinessDays: 3 };
const SEV3: SeverityLevel = { name: "SEV3", label: "incident:sev3", postmortem: "optional", reviewBusinessDays: 5 };
const SEV4: SeverityLevel = { name: "SEV4", label: "incident:sev4", postmortem: "optional", reviewBusinessDays: null };
const SAME_DAY: SeverityLevel = { name: "SEV0", label: "incident:sev0", postmortem: "required", reviewBusinessDays: 0 };

const cal = (timeZone = "UTC", holidays: string[] = []): BusinessCalendar => ({ timeZone, holidays });
const UTC = cal();

const REF = { owner: "acme", repo: "incidents", number: 41 };
const URL41 = "https://github.com/acme/incidents/issues/41";
const OPENED = "2026-11-23T09:00:00Z"; // Monday
const CLOSED_FRI = "2026-11-27T16:00:00Z"; // Friday

function facts(state: "open" | "closed", closedAt: string | null, assignees: string[] = ["dana"]): IncidentFacts {
  return { ref: REF, url: URL41, createdAt: OPENED, closedAt, state, assignees };
}

function summary(overrides: Partial<PostmortemSummary> = {}): PostmortemSummary {
  return {
    incident: REF,
    incidentUrl: URL41,
    severity: "SEV1",
    reviewBusinessDays: 1,
    openedAt: OPENED,
    resolvedAt: null,
    reviewDue: null,
    commanders: ["dana"],
    ...overrides,
  };
}

describe("summarize", () => {
  it("an open incident: everything from the incident, no resolvedAt, no reviewDue", () => {
    expect(summarize(facts("open", null), SEV1, UTC)).toEqual({
      incident: { owner: "acme", repo: "incidents", number: 41 },
      incidentUrl: "https://github.com/acme/incidents/issues/41",
      severity: "SEV1",
      reviewBusinessDays: 1,
      openedAt: "2026-11-23T09:00:00Z",
      resolvedAt: null,
      reviewDue: null,
      commanders: ["dana"],
    });
  });

  it.each<[string, IncidentFacts, SeverityLevel, BusinessCalendar, string | null, string | null]>([
    // description, facts, severity, calendar, resolvedAt, reviewDue
    ["open", facts("open", null), SEV1, UTC, null, null],
    ["open with a stale closedAt (reopened)", facts("open", CLOSED_FRI), SEV1, UTC, null, null],
    ["closed without closedAt", facts("closed", null), SEV1, UTC, null, null],
    ["closed Fri, SEV1: 1 business day -> Mon", facts("closed", CLOSED_FRI), SEV1, UTC, CLOSED_FRI, "2026-11-30"],
    ["closed Fri, SEV2: 3 business days -> Wed", facts("closed", CLOSED_FRI), SEV2, UTC, CLOSED_FRI, "2026-12-02"],
    ["closed Fri, SEV3: 5 business days -> next Fri", facts("closed", CLOSED_FRI), SEV3, UTC, CLOSED_FRI, "2026-12-04"],
    ["closed Fri, SEV4: no deadline", facts("closed", CLOSED_FRI), SEV4, UTC, CLOSED_FRI, null],
    ["closed Fri, 0 business days: same day", facts("closed", CLOSED_FRI), SAME_DAY, UTC, CLOSED_FRI, "2026-11-27"],
    ["closed Fri, SEV1, Mon a holiday -> Tue", facts("closed", CLOSED_FRI), SEV1, cal("UTC", ["2026-11-30"]), CLOSED_FRI, "2026-12-01"],
    ["closed Thu 20:00 UTC, SEV1, UTC -> Fri", facts("closed", "2026-11-26T20:00:00Z"), SEV1, UTC, "2026-11-26T20:00:00Z", "2026-11-27"],
    ["closed Thu 20:00 UTC = Fri 05:00 in Tokyo, SEV1 -> Mon", facts("closed", "2026-11-26T20:00:00Z"), SEV1, cal("Asia/Tokyo"), "2026-11-26T20:00:00Z", "2026-11-30"],
    ["closed Thu 20:00 UTC = Thu 15:00 in New York, SEV1 -> Fri", facts("closed", "2026-11-26T20:00:00Z"), SEV1, cal("America/New_York"), "2026-11-26T20:00:00Z", "2026-11-27"],
  ])("%s", (_name, incident, severity, calendar, resolvedAt, reviewDue) => {
    const result = summarize(incident, severity, calendar);
    expect(result.resolvedAt).toBe(resolvedAt);
    expect(result.reviewDue).toBe(reviewDue);
    expect(result.severity).toBe(severity.name);
    expect(result.reviewBusinessDays).toBe(severity.reviewBusinessDays);
  });

  it("takes the assignees as the commander candidates", () => {
    expect(summarize(facts("open", null, []), SEV1, UTC).commanders).toEqual([]);
    expect(summarize(facts("open", null, ["dana", "lee"]), SEV1, UTC).commanders).toEqual(["dana", "lee"]);
  });
});

/** The rows of a rendered summary table, by key. */
function rowsOf(block: string): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const line of block.split("\n")) {
    const match = /^\| \*\*(.+?)\*\* \| (.*) \|$/.exec(line);
    if (match) rows[match[1]!] = match[2]!;
  }
  return rows;
}

describe("renderSummaryBlock", () => {
  it("renders the README's open SEV1 example exactly", () => {
    expect(renderSummaryBlock(summary(), UTC)).toBe(
      [
        '<!-- postmortem-bot:summary:start {"incident":"acme/incidents#41","incidentUrl":"https://github.com/acme/incidents/issues/41","severity":"SEV1","reviewBusinessDays":1,"openedAt":"2026-11-23T09:00:00Z","resolvedAt":null,"reviewDue":null,"commanders":["dana"]} -->',
        "| | |",
        "|---|---|",
        "| **Incident** | acme/incidents#41 |",
        "| **Severity** | SEV1 |",
        "| **Opened** | 2026-11-23 09:00 UTC |",
        "| **Resolved** | _not yet_ |",
        "| **Duration** | _ongoing_ |",
        "| **Review due** | _1 business day after the incident is resolved_ |",
        "| **Incident commander candidates** | @dana |",
        "<!-- postmortem-bot:summary:end {} -->",
      ].join("\n"),
    );
  });

  const closed = summary({ resolvedAt: CLOSED_FRI, reviewDue: "2026-11-30" });
  it.each<[string, PostmortemSummary, BusinessCalendar, string, string]>([
    ["closed: Resolved", closed, UTC, "Resolved", "2026-11-27 16:00 UTC"],
    ["closed: Duration", closed, UTC, "Duration", "4 days 7 hours"],
    ["closed: Review due", closed, UTC, "Review due", "**2026-11-30** (1 business day after resolution)"],
    ["SEV4: Review due", summary({ severity: "SEV4", reviewBusinessDays: null }), UTC, "Review due", "_no deadline for this severity_"],
    ["SEV2 open: Review due", summary({ severity: "SEV2", reviewBusinessDays: 3 }), UTC, "Review due", "_3 business days after the incident is resolved_"],
    ["no commanders", summary({ commanders: [] }), UTC, "Incident commander candidates", "_none assigned_"],
    ["two commanders", summary({ commanders: ["dana", "lee"] }), UTC, "Incident commander candidates", "@dana, @lee"],
    ["hostile commander login", summary({ commanders: ["x|<b>"] }), UTC, "Incident commander candidates", "x\\|&lt;b&gt;"],
    ["New York: Opened", summary(), cal("America/New_York"), "Opened", "2026-11-23 04:00 America/New_York"],
    ["New York: Resolved", closed, cal("America/New_York"), "Resolved", "2026-11-27 11:00 America/New_York"],
  ])("%s", (_name, value, calendar, key, expected) => {
    expect(rowsOf(renderSummaryBlock(value, calendar))[key]).toBe(expected);
  });
});

describe("renderSummaryBlock then readSummary round-trips", () => {
  it.each<[string, PostmortemSummary]>([
    ["open", summary()],
    ["closed with deadline", summary({ resolvedAt: CLOSED_FRI, reviewDue: "2026-11-30" })],
    ["closed, no deadline", summary({ severity: "SEV4", reviewBusinessDays: null, resolvedAt: CLOSED_FRI })],
    ["no commanders", summary({ commanders: [] })],
    ["URL with & < > and -->", summary({ incidentUrl: "https://example.com/x?a=1&b=<c>&d=-->" })],
    ["severity name with quotes and a pipe", summary({ severity: 'Sev "1" | major' })],
    ["repo with dots", summary({ incident: { owner: "acme-co", repo: "inc.idents_2", number: 7 } })],
  ])("%s", (_name, value) => {
    const block = renderSummaryBlock(value, UTC);
    expect(readSummary(block)).toEqual(value);
    expect(readSummary(`Someone wrote this first.\n\n${block}\n\n## Executive summary\n`)).toEqual(value);
  });

  it.each<[string, string | null | undefined]>([
    ["undefined", undefined],
    ["null", null],
    ["empty", ""],
    ["no marker", "## Executive summary\n\nText."],
    ["incident not a ref", marker("summary:start", { incident: "not a ref", severity: "SEV1" })],
    ["incident missing", marker("summary:start", { severity: "SEV1" })],
    ["only an end marker", marker("summary:end")],
  ])("readSummary of %s is undefined", (_name, body) => {
    expect(readSummary(body)).toBeUndefined();
  });
});

describe("replaceSummaryBlock", () => {
  const oldBlock = renderSummaryBlock(summary(), UTC);
  const newBlock = renderSummaryBlock(summary({ severity: "SEV2", reviewBusinessDays: 3, resolvedAt: CLOSED_FRI, reviewDue: "2026-12-02" }), UTC);
  const before = "Intro a person wrote | with a pipe\n<!-- a human comment -->\n\n";
  const after = [
    "",
    "",
    "## Executive summary",
    "",
    "| Time | Event |",
    "|---|---|",
    "| 09:00 | A \\| B |",
    marker("link", { postmortem: "acme/incidents#41" }),
    marker("checklist"),
    "<!-- postmortem-bot:summary:end-ish {} -->",
    "",
  ].join("\n");

  it("replaces only the block; the text before and after is untouched", () => {
    const result = replaceSummaryBlock(`${before}${oldBlock}${after}`, newBlock);
    expect(result).toBe(`${before}${newBlock}${after}`);
    expect(readSummary(result)?.severity).toBe("SEV2");
  });

  it.each<[string, string, string]>([
    // name, body, expected (block is "NEW")
    ["block alone", oldBlock, "NEW"],
    ["block at the top", `${oldBlock}\n\nrest`, "NEW\n\nrest"],
    ["block at the bottom", `top\n${oldBlock}`, "top\nNEW"],
    ["no block: prepended", "## Executive summary\n\nText | with pipe", "NEW\n\n## Executive summary\n\nText | with pipe"],
    ["empty body: prepended", "", "NEW\n\n"],
    ["start marker without its end: prepended", "<!-- postmortem-bot:summary:start {} -->\nhalf", "NEW\n\n<!-- postmortem-bot:summary:start {} -->\nhalf"],
    ["other markers only: prepended", marker("link", { postmortem: "x/y#1" }), `NEW\n\n${marker("link", { postmortem: "x/y#1" })}`],
  ])("%s", (_name, body, expected) => {
    expect(replaceSummaryBlock(body, "NEW")).toBe(expected);
  });

  it("inserts the block literally, even with $& and $1 in it", () => {
    expect(replaceSummaryBlock(`a\n${oldBlock}\nb`, "x $& $1 $$ $` y")).toBe("a\nx $& $1 $$ $` y\nb");
  });
});

describe("formatElapsed", () => {
  it.each([
    ["2026-11-23T09:00:00Z", "2026-11-23T09:00:00Z", "less than a minute"],
    ["2026-11-23T09:00:00Z", "2026-11-23T09:00:59Z", "less than a minute"],
    ["2026-11-23T09:00:00Z", "2026-11-23T09:01:00Z", "1 minute"],
    ["2026-11-23T09:00:00Z", "2026-11-23T09:45:59Z", "45 minutes"],
    ["2026-11-23T09:00:00Z", "2026-11-23T10:00:00Z", "1 hour"],
    ["2026-11-23T09:00:00Z", "2026-11-23T11:05:00Z", "2 hours 5 minutes"],
    ["2026-11-23T09:00:00Z", "2026-11-24T09:00:00Z", "1 day"],
    ["2026-11-23T09:00:00Z", "2026-11-25T09:30:00Z", "2 days 30 minutes"],
    ["2026-11-23T09:00:00Z", "2026-11-27T16:00:00Z", "4 days 7 hours"],
    ["2026-01-01T00:00:00Z", "2026-02-15T00:00:00Z", "45 days"],
    ["2025-01-15T12:00:00Z", "2026-02-15T13:00:00Z", "396 days 1 hour"],
  ])("%s to %s is %j", (from, to, expected) => {
    expect(formatElapsed(from, to)).toBe(expected);
  });
});

describe("formatInstant", () => {
  it.each([
    ["2026-11-23T09:00:00Z", "UTC", "2026-11-23 09:00 UTC"],
    ["2026-11-23T09:00:59Z", "UTC", "2026-11-23 09:00 UTC"],
    ["2026-11-23T10:00:00+01:00", "UTC", "2026-11-23 09:00 UTC"],
    ["2026-11-23T09:00:00Z", "America/New_York", "2026-11-23 04:00 America/New_York"], // EST, UTC-5
    ["2026-07-01T12:00:00Z", "America/New_York", "2026-07-01 08:00 America/New_York"], // EDT, UTC-4
    ["2026-11-23T03:00:00Z", "America/New_York", "2026-11-22 22:00 America/New_York"], // previous local day
    ["2026-03-08T06:30:00Z", "America/New_York", "2026-03-08 01:30 America/New_York"], // before the spring-forward
    ["2026-03-08T07:30:00Z", "America/New_York", "2026-03-08 03:30 America/New_York"], // after it
    ["2026-11-23T09:00:00Z", "Asia/Kolkata", "2026-11-23 14:30 Asia/Kolkata"],
  ])("%s in %s is %j", (iso, timeZone, expected) => {
    expect(formatInstant(iso, cal(timeZone))).toBe(expected);
  });
});

describe("describeReviewDue", () => {
  it.each<[number | null, string | null, string | null, string]>([
    // reviewBusinessDays, resolvedAt, reviewDue, expected
    [null, null, null, "_no deadline for this severity_"],
    [null, CLOSED_FRI, null, "_no deadline for this severity_"],
    [1, null, null, "_1 business day after the incident is resolved_"],
    [3, null, null, "_3 business days after the incident is resolved_"],
    [0, null, null, "_0 business days after the incident is resolved_"],
    [1, CLOSED_FRI, "2026-11-30", "**2026-11-30** (1 business day after resolution)"],
    [5, CLOSED_FRI, "2026-12-04", "**2026-12-04** (5 business days after resolution)"],
    [0, CLOSED_FRI, "2026-11-27", "**2026-11-27** (0 business days after resolution)"],
  ])("%s days, resolved %s, due %s: %j", (reviewBusinessDays, resolvedAt, reviewDue, expected) => {
    expect(describeReviewDue({ reviewBusinessDays, resolvedAt, reviewDue })).toBe(expected);
  });
});
