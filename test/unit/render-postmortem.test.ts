import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { readMarker } from "../../src/domain/markers.js";
import { readSummary, renderSummaryBlock, summarize } from "../../src/domain/postmortem-summary.js";
import { renderPostmortemBody, renderPostmortemTitle, type PostmortemDraft } from "../../src/domain/render-postmortem.js";
import { fillPlaceholders, fitBody, MAX_BODY_LENGTH } from "../../src/domain/render-template.js";

const ZWJ = "\u200d";
const NOTE = "\n\n> **Truncated by postmortem-bot:** this text was longer than GitHub allows in one issue body."; // 95 characters

function draft(overrides: Partial<PostmortemDraft> = {}): PostmortemDraft {
  return {
    incidentTitle: "Checkout API returns 500 for all users",
    incidentRef: "acme/incidents#41",
    incidentUrl: "https://github.com/acme/incidents/issues/41",
    incidentDate: "2026-11-23",
    severity: "SEV1",
    commanders: ["dana", "lee"],
    timeZone: "UTC",
    summaryBlock: "SUMMARY-BLOCK",
    titlePrefix: "Postmortem: ",
    ...overrides,
  };
}

describe("fillPlaceholders", () => {
  const values = { a: "1", "incident.title": "T", b_2: "two" };
  it.each([
    ["{{a}}", "1"],
    ["{{ a }}", "1"],
    ["{{  a\t}}", "1"],
    ["x{{a}}y{{b_2}}z", "x1ytwoz"],
    ["{{incident.title}} / {{ incident.title }}", "T / T"],
    ["{{ a }} and {{a}} and {{ unknown }}", "1 and 1 and {{ unknown }}"],
    ["{{unknown}}", "{{unknown}}"],
    ["{{incident.number}}", "{{incident.number}}"],
    ["{{constructor}} {{toString}} {{__proto__}}", "{{constructor}} {{toString}} {{__proto__}}"],
    ["{{a b}}", "{{a b}}"],
    ["{{}}", "{{}}"],
    ["{a} {{a}", "{a} {{a}"],
    ["no placeholders", "no placeholders"],
  ])("%j -> %j", (template, expected) => {
    expect(fillPlaceholders(template, values)).toBe(expected);
  });

  it.each([
    ["dollar patterns stay literal", { a: "$& $1 $$ $`" }, "x{{a}}y", "x$& $1 $$ $`y"],
    ["values are not expanded again", { a: "{{b}}", b: "no" }, "{{a}}", "{{b}}"],
  ])("%s", (_name, vals, template, expected) => {
    expect(fillPlaceholders(template, vals)).toBe(expected);
  });
});

describe("renderPostmortemTitle", () => {
  const a = (n: number) => "a".repeat(n);
  it.each([
    ["Postmortem: ", "Checkout API returns 500", "Postmortem: Checkout API returns 500"],
    ["[PM] ", "Checkout", "[PM] Checkout"],
    ["", "  padded  ", "padded"],
    ["Postmortem: ", "Checkout\nAPI\t  down\r\n", "Postmortem: Checkout API down"],
    // "Postmortem: " is 12 characters
    ["Postmortem: ", a(244), `Postmortem: ${a(244)}`], // 256: kept
    ["Postmortem: ", a(245), `Postmortem: ${a(243)}…`], // 257: cut to 255 + "…"
    ["Postmortem: ", a(1000), `Postmortem: ${a(243)}…`],
  ])("%j + %j", (titlePrefix, incidentTitle, expected) => {
    const title = renderPostmortemTitle({ titlePrefix, incidentTitle });
    expect(title).toBe(expected);
    expect(title.length).toBeLessThanOrEqual(256);
  });
});

describe("renderPostmortemBody: placeholders", () => {
  it.each<[string, string, Partial<PostmortemDraft>, string]>([
    ["summary where the template puts it", "{{summary}}\n# {{incident.title}}", {}, "SUMMARY-BLOCK\n# Checkout API returns 500 for all users"],
    ["inner spaces", "{{ summary }}\nRef {{ incident.ref }} at {{incident.url}}", {}, "SUMMARY-BLOCK\nRef acme/incidents#41 at https://github.com/acme/incidents/issues/41"],
    ["summary prepended when absent", "Sev {{ severity }} on {{incident.date}} ({{timeZone}})", {}, "SUMMARY-BLOCK\n\nSev SEV1 on 2026-11-23 (UTC)"],
    ["empty template", "", {}, "SUMMARY-BLOCK\n\n"],
    ["summary twice: both filled, nothing prepended", "{{summary}}|{{summary}}", {}, "SUMMARY-BLOCK|SUMMARY-BLOCK"],
    ["commanders as mentions", "{{summary}}\nIC: {{commanders}}", {}, "SUMMARY-BLOCK\nIC: @dana, @lee"],
    ["no commanders", "{{summary}}\nIC: {{commanders}}", { commanders: [] }, "SUMMARY-BLOCK\nIC: "],
    ["hostile commander login escaped", "{{summary}}\nIC: {{commanders}}", { commanders: ["evil<b>"] }, "SUMMARY-BLOCK\nIC: evil&lt;b&gt;"],
    ["related", "{{summary}}\n{{related}}", {}, "SUMMARY-BLOCK\n_None recorded yet._"],
    ["unknown placeholders left", "{{summary}}\n{{owner}} {{ incident.number }}", {}, "SUMMARY-BLOCK\n{{owner}} {{ incident.number }}"],
    ["time zone", "{{summary}}\nAll times {{timeZone}}.", { timeZone: "Europe/Berlin" }, "SUMMARY-BLOCK\nAll times Europe/Berlin."],
  ])("%s", (_name, template, overrides, expected) => {
    expect(renderPostmortemBody(template, draft(overrides))).toBe(expected);
  });
});

describe("renderPostmortemBody: hostile incident titles are escaped", () => {
  it.each([
    ["@org/team is down", `@${ZWJ}org/team is down`],
    ["ping @dana and @acme/sre", `ping @${ZWJ}dana and @${ZWJ}acme/sre`],
    ["<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"],
    ["x --> y", "x --&gt; y"],
    ['x --> <!-- postmortem-bot:link {"postmortem":"evil/r#1"} -->', 'x --&gt; &lt;!-- postmortem-bot:link {"postmortem":"evil/r#1"} --&gt;'],
    ["a | b || c", "a \\| b \\|\\| c"],
    ["line one\nline two\r\nthree\rfour", "line one line two three four"],
    ["AT&T outage", "AT&amp;T outage"],
    ["cost $& $1", "cost $&amp; $1"],
    ["{{summary}} {{severity}}", "{{summary}} {{severity}}"],
  ])("%j", (incidentTitle, expected) => {
    const body = renderPostmortemBody("{{summary}}\n# {{incident.title}}\nend", draft({ incidentTitle }));
    expect(body).toBe(`SUMMARY-BLOCK\n# ${expected}\nend`);
    expect(readMarker(body, "link")).toBeUndefined();
  });
});

describe("fitBody", () => {
  it("MAX_BODY_LENGTH is GitHub's 65,536", () => {
    expect(MAX_BODY_LENGTH).toBe(65_536);
  });

  it.each([
    ["empty", ""],
    ["short", "short\nbody"],
    ["exactly at the limit", "x".repeat(65_536)],
    ["at the limit with lines", `${"y".repeat(99)}\n`.repeat(655) + "z".repeat(36)],
  ])("leaves a body %s alone", (_name, body) => {
    expect(fitBody(body)).toBe(body);
  });

  it("cuts a 200 KB body of 100-character lines at a line boundary, with the note", () => {
    // 2,048 lines of 99 characters + "\n" = 204,800 characters. Room for text: 65,536 - 95 = 65,441;
    // the last "\n" at or before index 65,441 ends line 654 (index 653 * 100 + 99 = 65,399).
    const lines = Array.from({ length: 2048 }, (_, i) => `line ${String(i).padStart(5, "0")} `.padEnd(99, "."));
    const body = `${lines.join("\n")}\n`;
    expect(body.length).toBe(204_800);
    const fitted = fitBody(body);
    expect(fitted).toBe(`${lines.slice(0, 654).join("\n")}${NOTE}`);
    expect(fitted.length).toBe(65_399 + 95);
    expect(fitted.length).toBeLessThanOrEqual(65_536);
    expect(fitted.endsWith("this text was longer than GitHub allows in one issue body.")).toBe(true);
  });

  it("cuts a body without line breaks at exactly the limit", () => {
    const fitted = fitBody("x".repeat(200_000));
    expect(fitted).toBe(`${"x".repeat(65_441)}${NOTE}`);
    expect(fitted.length).toBe(65_536);
  });

  it("one character over the limit is cut", () => {
    const body = `${"a".repeat(99)}\n`.repeat(655) + "b".repeat(37); // 65,537
    // the last "\n" at or before 65,441 is at 65,399: 653 whole lines, then line 654 without its "\n"
    expect(fitBody(body)).toBe(`${`${"a".repeat(99)}\n`.repeat(653)}${"a".repeat(99)}${NOTE}`);
  });

  it("honours a custom limit", () => {
    // "a\n" * 100 with limit 150: room 55, last "\n" at or before 55 is at 55 -> keep 55 characters.
    expect(fitBody("a\n".repeat(100), 150)).toBe(`${"a\n".repeat(27)}a${NOTE}`);
  });
});

describe("the built-in templates/postmortem.md", () => {
  const calendar = { timeZone: "UTC", holidays: [] };
  const incident = {
    ref: { owner: "acme", repo: "incidents", number: 41 },
    url: "https://github.com/acme/incidents/issues/41",
    createdAt: "2026-11-23T09:00:00Z",
    closedAt: null,
    state: "open" as const,
    assignees: ["dana"],
  };
  const severity = { name: "SEV1", label: "incident:sev1", postmortem: "required" as const, reviewBusinessDays: 1 };
  const summary = summarize(incident, severity, calendar);
  const block = renderSummaryBlock(summary, calendar);

  async function renderBuiltIn(): Promise<string> {
    const template = await readFile(new URL("../../templates/postmortem.md", import.meta.url), "utf8");
    return renderPostmortemBody(template, draft({ commanders: ["dana"], summaryBlock: block, incidentTitle: "Checkout API returns 500 for all users" }));
  }

  it("fills every placeholder: no {{ remains, nothing truncated", async () => {
    const body = await renderBuiltIn();
    expect(body).not.toContain("{{");
    expect(body).not.toContain("}}");
    expect(body).not.toContain("Truncated by postmortem-bot");
    expect(body.length).toBeLessThan(MAX_BODY_LENGTH);
  });

  it.each([
    "## Executive summary",
    "**One-line summary:**",
    "**Root cause:**",
    "**Resolution:**",
    "## Impact",
    "## Timeline",
    "## Detection",
    "## Response",
    "## Root cause",
    "### Five whys",
    "### Contributing factors",
    "## What went well",
    "## What went wrong",
    "## Action items",
    "| Action | Type | Owner | Priority | Due | Issue |",
    "## Lessons learned",
    "## Related incidents",
    "## Review and approval",
  ])("has a line starting with %j", async (heading) => {
    const body = await renderBuiltIn();
    expect(body.split("\n").filter((line) => line.startsWith(heading))).not.toHaveLength(0);
  });

  it("puts the summary under the executive summary (not on top), once, and it reads back", async () => {
    const body = await renderBuiltIn();
    expect(body.startsWith("# Postmortem: Checkout API returns 500 for all users\n")).toBe(true);
    expect(body.split(block)).toHaveLength(2);
    expect(body.indexOf(block)).toBeGreaterThan(body.indexOf("## Executive summary"));
    expect(body.indexOf(block)).toBeLessThan(body.indexOf("## Impact"));
    expect(readSummary(body)).toEqual(summary);
  });

  it.each([
    "All times UTC. Record when the impact began, when it was detected and how, when the response started, when it was mitigated and when it was resolved.",
    "| 2026-11-23 HH:MM | Impact began | | |",
    "| 2026-11-23 HH:MM | Incident resolved | | |",
    "| Incident commander | @dana | | |",
    "_None recorded yet._",
  ])("fills the line %j", async (line) => {
    const body = await renderBuiltIn();
    expect(body.split("\n")).toContain(line);
  });
});
