import { describe, expect, it } from "vitest";
import type { PostmortemConfig } from "../../src/config/schema.js";
import { COMMAND_ROLES, parseSlashCommand, type SlashCommand } from "../../src/domain/commands.js";
import { escapeInline, mention } from "../../src/markdown/escape.js";
import { formatIssueRef, issueMention, parseIssueRef, sameIssue, type IssueRef } from "../../src/domain/issue-ref.js";
import { hasMarker, marker, readMarker, type MarkerKind } from "../../src/domain/markers.js";
import { summaryChangeComment } from "../../src/domain/messages.js";
import type { PostmortemSummary } from "../../src/domain/postmortem-summary.js";
import { currentSeverity, severityForLabel } from "../../src/domain/severity.js";

const ZWJ = "\u200d";

describe("escapeInline", () => {
  it.each([
    ["plain text", "plain text"],
    ["@dana", `@${ZWJ}dana`],
    ["@org/team and @other", `@${ZWJ}org/team and @${ZWJ}other`],
    ["<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"],
    ["end -->", "end --&gt;"],
    ["<!-- postmortem-bot:link {} -->", "&lt;!-- postmortem-bot:link {} --&gt;"],
    ["a|b", "a\\|b"],
    ["AT&T", "AT&amp;T"],
    ["&lt;", "&amp;lt;"],
    ["one\ntwo", "one two"],
    ["one\r\ntwo\rthree", "one two three"],
    ["  padded \n", "padded"],
    ["", ""],
  ])("%j -> %j", (input, expected) => {
    expect(escapeInline(input)).toBe(expected);
  });
});

describe("mention", () => {
  it.each([
    ["dana", "@dana"],
    ["Dana-42", "@Dana-42"],
    ["dependabot[bot]", "dependabot[bot]"],
    ["evil<b>", "evil&lt;b&gt;"],
    ["a@b", `a@${ZWJ}b`],
    ["x|y", "x\\|y"],
    ["", ""],
  ])("%j -> %j", (login, expected) => {
    expect(mention(login)).toBe(expected);
  });
});

describe("marker", () => {
  it.each<[MarkerKind, Record<string, unknown> | undefined, string]>([
    ["link", { postmortem: "acme/incidents#42" }, '<!-- postmortem-bot:link {"postmortem":"acme/incidents#42"} -->'],
    ["summary:end", undefined, "<!-- postmortem-bot:summary:end {} -->"],
    ["checklist", {}, "<!-- postmortem-bot:checklist {} -->"],
    ["reply", { to: 5 }, '<!-- postmortem-bot:reply {"to":5} -->'],
    ["link", { x: "a-->b" }, '<!-- postmortem-bot:link {"x":"a--\\u003eb"} -->'],
    ["optional", { x: "<!-- & -->" }, '<!-- postmortem-bot:optional {"x":"\\u003c!-- \\u0026 --\\u003e"} -->'],
  ])("%s %j", (kind, data, expected) => {
    expect(data === undefined ? marker(kind) : marker(kind, data)).toBe(expected);
  });
});

describe("marker then readMarker round-trips", () => {
  it.each<[string, MarkerKind, Record<string, unknown>]>([
    ["plain", "link", { postmortem: "acme/incidents#42" }],
    ["empty", "checklist", {}],
    ["value with -->", "link", { postmortem: "a-->b" }],
    ["value that is only -->", "config-error", { problem: "-->" }],
    ["a whole comment in a value", "optional", { severity: '<!-- postmortem-bot:link {"postmortem":"x/y#1"} -->' }],
    ["} --> in a value", "reply", { text: "} -->" }],
    ["entities and ampersands", "link", { text: "&amp; & &lt;" }],
    ["line break and quotes", "link", { text: 'line\nbreak "quoted" \\ back' }],
    ["nested objects and arrays", "summary:start", { a: { b: ["-->", 1, null, true] } }],
    ["unicode", "checklist-incomplete", { closedAt: "2026-11-27T16:00:00Z", who: "Zoë 😀" }],
  ])("%s", (_name, kind, data) => {
    const written = marker(kind, data);
    // The only "-->" is the one that closes the comment.
    expect(written.indexOf("-->")).toBe(written.length - 3);
    expect(written).not.toContain("\n");
    expect(readMarker(`Text before.\n${written}\nText after -->`, kind)).toEqual(data);
    expect(hasMarker(written, kind)).toBe(true);
  });
});

describe("readMarker", () => {
  it.each<[string, string | null | undefined, MarkerKind]>([
    ["undefined", undefined, "link"],
    ["null", null, "link"],
    ["empty", "", "link"],
    ["no marker", "just text", "link"],
    ["not JSON", "<!-- postmortem-bot:link {not json} -->", "link"],
    ["unterminated JSON", '<!-- postmortem-bot:link {"a":1 -->', "link"],
    ["trailing comma", '<!-- postmortem-bot:link {"a":1,} -->', "link"],
    ["an array", "<!-- postmortem-bot:link [1,2] -->", "link"],
    ["a string", '<!-- postmortem-bot:link "x" -->', "link"],
    ["no space before -->", '<!-- postmortem-bot:link {"a":1}-->', "link"],
    ["no space after <!--", '<!--postmortem-bot:link {"a":1} -->', "link"],
    ["JSON on the next line", '<!-- postmortem-bot:link\n{"a":1} -->', "link"],
    ["another app's marker", '<!-- other-bot:link {"a":1} -->', "link"],
    ["another kind", '<!-- postmortem-bot:optional {"a":1} -->', "link"],
    ["a longer kind is not the shorter one", '<!-- postmortem-bot:checklist-incomplete {"closedAt":"x"} -->', "checklist"],
    ["summary:end is not summary:start", "<!-- postmortem-bot:summary:end {} -->", "summary:start"],
    ["escaped, as copied text becomes", '&lt;!-- postmortem-bot:link {"a":1} --&gt;', "link"],
  ])("%s: undefined", (_name, text, kind) => {
    expect(readMarker(text, kind)).toBeUndefined();
    expect(hasMarker(text, kind)).toBe(false);
  });

  it.each<[string, string, MarkerKind, Record<string, unknown>]>([
    ["the first of two", '<!-- postmortem-bot:link {"n":1} -->\n<!-- postmortem-bot:link {"n":2} -->', "link", { n: 1 }],
    ["the kind asked for among others", '<!-- postmortem-bot:optional {"n":1} --> <!-- postmortem-bot:link {"n":2} -->', "link", { n: 2 }],
    ["hand-written, with } in a string", '<!-- postmortem-bot:link {"a":"}"} -->', "link", { a: "}" }],
    ["in the middle of a line", 'x <!-- postmortem-bot:reply {"to":9} --> y', "reply", { to: 9 }],
  ])("%s", (_name, text, kind, expected) => {
    expect(readMarker(text, kind)).toEqual(expected);
  });
});

describe("parseSlashCommand", () => {
  it.each<[string | null | undefined, SlashCommand | undefined]>([
    ["/postmortem", { name: "postmortem", argument: "" }],
    ["  \n/postmortem please", { name: "postmortem", argument: "please" }],
    ["/action Fix it priority:P1", { name: "action", argument: "Fix it priority:P1" }],
    ["/action   spaced out   \nsecond line", { name: "action", argument: "spaced out" }],
    ["/postmortem\r\nmore text", { name: "postmortem", argument: "" }],
    ["\r\n\r\n   /postmortem   ", { name: "postmortem", argument: "" }],
    ["/postmortem\tnow", { name: "postmortem", argument: "now" }],
    ["/post-mortem", { name: "post-mortem", argument: "" }],
    ["not /postmortem", undefined],
    ["/Postmortem", undefined],
    ["/POSTMORTEM", undefined],
    ["/postmortem: now", undefined],
    ["/1st", undefined],
    ["/", undefined],
    ["//postmortem", undefined],
    ["text first\n/postmortem", undefined],
    ["", undefined],
    ["   \n  ", undefined],
    [null, undefined],
    [undefined, undefined],
  ])("%j -> %j", (body, expected) => {
    expect(parseSlashCommand(body)).toEqual(expected);
  });

  it.each([
    ["admin", true],
    ["maintain", true],
    ["write", true],
    ["triage", true],
    ["read", false],
    ["none", false],
    ["Admin", false],
  ])("role %s may run commands: %s", (role, allowed) => {
    expect(COMMAND_ROLES.has(role)).toBe(allowed);
  });
});

describe("severity", () => {
  const config = {
    severities: [
      { name: "SEV1", label: "incident:sev1", postmortem: "required", reviewBusinessDays: 1 },
      { name: "SEV2", label: "incident:sev2", postmortem: "required", reviewBusinessDays: 3 },
      { name: "SEV3", label: "incident:sev3", postmortem: "optional", reviewBusinessDays: 5 },
      { name: "SEV4", label: "incident:sev4", postmortem: "optional", reviewBusinessDays: null },
    ],
  } as PostmortemConfig;

  it.each<[string | undefined, string | undefined]>([
    ["incident:sev1", "SEV1"],
    ["incident:sev4", "SEV4"],
    ["INCIDENT:SEV2", "SEV2"],
    ["Incident:Sev3", "SEV3"],
    ["incident:sev5", undefined],
    ["bug", undefined],
    ["incident:sev1 ", undefined],
    ["", undefined],
    [undefined, undefined],
  ])("severityForLabel(%j) is %s", (label, expected) => {
    expect(severityForLabel(config, label)?.name).toBe(expected);
  });

  it.each<[string, string[], string | undefined]>([
    // name, labels now, expected
    ["one severity label", ["bug", "incident:sev2"], "SEV2"],
    ["half-way through a flip down: the more severe until the old label goes", ["incident:sev1", "incident:sev3"], "SEV1"],
    ["half-way through a flip up: the more severe", ["incident:sev4", "incident:sev2"], "SEV2"],
    ["several: most severe", ["incident:sev3", "incident:sev2", "incident:sev4"], "SEV2"],
    ["labels in another case", ["Incident:SEV3"], "SEV3"],
    ["no severity label", ["bug", "postmortem"], undefined],
    ["no labels", [], undefined],
  ])("currentSeverity: %s", (_name, labels, expected) => {
    expect(currentSeverity(config, labels)?.name).toBe(expected);
  });
});

describe("issue references", () => {
  const ref = (owner: string, repo: string, number: number): IssueRef => ({ owner, repo, number });

  it.each<[unknown, IssueRef | undefined]>([
    ["acme/incidents#41", ref("acme", "incidents", 41)],
    ["acme-co/inc.idents_2#7", ref("acme-co", "inc.idents_2", 7)],
    ["Acme/Incidents#007", ref("Acme", "Incidents", 7)],
    ["acme/incidents#", undefined],
    ["acme/incidents#4x", undefined],
    ["acme/incidents#-1", undefined],
    ["#41", undefined],
    ["incidents#41", undefined],
    ["acme_x/incidents#41", undefined],
    ["a/b/c#1", undefined],
    [" acme/incidents#41", undefined],
    ["acme/incidents#41 ", undefined],
    ["", undefined],
    [41, undefined],
    [null, undefined],
    [undefined, undefined],
    [{ owner: "acme", repo: "incidents", number: 41 }, undefined],
  ])("parseIssueRef(%j)", (text, expected) => {
    expect(parseIssueRef(text)).toEqual(expected);
  });

  it.each([
    [ref("acme", "incidents", 41), "acme/incidents#41"],
    [ref("acme-co", "inc.idents_2", 7), "acme-co/inc.idents_2#7"],
  ])("formatIssueRef(%j) is %s and parses back", (value, expected) => {
    expect(formatIssueRef(value)).toBe(expected);
    expect(parseIssueRef(formatIssueRef(value))).toEqual(value);
  });

  it.each([
    [ref("acme", "incidents", 41), ref("acme", "incidents", 41), true],
    [ref("Acme", "INCIDENTS", 41), ref("acme", "incidents", 41), true],
    [ref("acme", "incidents", 41), ref("acme", "incidents", 42), false],
    [ref("acme", "incidents", 41), ref("acme", "postmortems", 41), false],
    [ref("acme", "incidents", 41), ref("other", "incidents", 41), false],
  ])("sameIssue(%j, %j) is %s", (a, b, expected) => {
    expect(sameIssue(a, b)).toBe(expected);
    expect(sameIssue(b, a)).toBe(expected);
  });

  it.each([
    [ref("acme", "incidents", 41), { owner: "acme", repo: "incidents" }, "#41"],
    [ref("acme", "incidents", 41), { owner: "ACME", repo: "Incidents" }, "#41"],
    [ref("acme", "incidents", 41), { owner: "acme", repo: "postmortems" }, "acme/incidents#41"],
    [ref("acme", "incidents", 41), { owner: "other", repo: "incidents" }, "acme/incidents#41"],
  ])("issueMention(%j from %j) is %s", (value, from, expected) => {
    expect(issueMention(value, from)).toBe(expected);
  });
});

describe("summaryChangeComment", () => {
  const RESOLVED = "2026-11-27T16:00:00Z";
  const s = (overrides: Partial<PostmortemSummary> = {}): PostmortemSummary => ({
    incident: { owner: "acme", repo: "incidents", number: 41 },
    incidentUrl: "https://github.com/acme/incidents/issues/41",
    severity: "SEV1",
    reviewBusinessDays: 1,
    openedAt: "2026-11-23T09:00:00Z",
    resolvedAt: null,
    reviewDue: null,
    commanders: [],
    ...overrides,
  });
  const sev3Open = s({ severity: "SEV3", reviewBusinessDays: 5 });
  const sev3Resolved = s({ severity: "SEV3", reviewBusinessDays: 5, resolvedAt: RESOLVED, reviewDue: "2026-12-04" });
  const sev1Open = s();
  const sev1Resolved = s({ resolvedAt: RESOLVED, reviewDue: "2026-11-30" });
  const sev2Resolved = s({ severity: "SEV2", reviewBusinessDays: 3, resolvedAt: RESOLVED, reviewDue: "2026-12-02" });
  const sev4Resolved = s({ severity: "SEV4", reviewBusinessDays: null, resolvedAt: RESOLVED });

  const REOPENED = "The incident was reopened, so the review deadline is cleared until it is resolved again.";
  const RESOLVED_SEV1 = "The incident was resolved. Review due: **2026-11-30** (1 business day after resolution).";

  it.each<[string, PostmortemSummary | undefined, PostmortemSummary, string | undefined]>([
    ["severity change while open", sev3Open, sev1Open, "Severity changed from SEV3 to SEV1."],
    [
      "severity change while resolved: the new deadline",
      sev3Resolved,
      sev1Resolved,
      "Severity changed from SEV3 to SEV1. Review due: **2026-11-30** (1 business day after resolution).",
    ],
    ["severity change to one without deadline while resolved", sev3Resolved, sev4Resolved, "Severity changed from SEV3 to SEV4. Review due: _no deadline for this severity_."],
    ["resolution", sev1Open, sev1Resolved, RESOLVED_SEV1],
    ["resolution, no summary before", undefined, sev1Resolved, RESOLVED_SEV1],
    [
      "resolution of a severity without deadline",
      s({ severity: "SEV4", reviewBusinessDays: null }),
      sev4Resolved,
      "The incident was resolved. Review due: _no deadline for this severity_.",
    ],
    ["resolved again at another time", s({ resolvedAt: "2026-11-26T10:00:00Z", reviewDue: "2026-11-27" }), sev1Resolved, RESOLVED_SEV1],
    [
      "severity change and resolution at once",
      sev1Open,
      sev2Resolved,
      "Severity changed from SEV1 to SEV2. The incident was resolved. Review due: **2026-12-02** (3 business days after resolution).",
    ],
    ["reopening", sev1Resolved, sev1Open, REOPENED],
    ["severity change and reopening", sev1Resolved, s({ severity: "SEV2", reviewBusinessDays: 3 }), `Severity changed from SEV1 to SEV2. ${REOPENED}`],
    ["no change while open", sev1Open, s(), undefined],
    ["no change while resolved", sev1Resolved, s({ resolvedAt: RESOLVED, reviewDue: "2026-11-30" }), undefined],
    ["only the commanders changed", sev1Open, s({ commanders: ["dana"] }), undefined],
    ["first summary of an open incident", undefined, sev1Open, undefined],
    ["first summary of an open incident with commanders", undefined, s({ commanders: ["dana"] }), undefined],
    ["resolution mentions the commander", sev1Open, s({ resolvedAt: RESOLVED, reviewDue: "2026-11-30", commanders: ["dana"] }), `@dana ${RESOLVED_SEV1}`],
    ["resolution mentions every commander", sev1Open, s({ resolvedAt: RESOLVED, reviewDue: "2026-11-30", commanders: ["dana", "lee"] }), `@dana @lee ${RESOLVED_SEV1}`],
    ["reopening mentions the commander", sev1Resolved, s({ commanders: ["dana"] }), `@dana ${REOPENED}`],
    ["a login that is not a login does not ping", sev1Open, s({ resolvedAt: RESOLVED, reviewDue: "2026-11-30", commanders: ["x@y"] }), `x@${ZWJ}y ${RESOLVED_SEV1}`],
  ])("%s", (_name, before, after, expected) => {
    expect(summaryChangeComment(before, after)).toBe(expected);
  });
});
