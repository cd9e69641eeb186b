import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load-config.js";
import { DEFAULT_SEVERITIES } from "../../src/config/schema.js";
import { formatElapsed } from "../../src/domain/postmortem-summary.js";
import { renderPostmortemTitle } from "../../src/domain/render-postmortem.js";

// Bugs found by the unit-test pass, each pinned here.
describe("regressions", () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it.each([
    [["2026-02-30"], ["`holidays[0]`: is not a real calendar date"]],
    [["2026-02-29"], ["`holidays[0]`: is not a real calendar date"]],
    [["2026-04-31"], ["`holidays[0]`: is not a real calendar date"]],
    [["26-12-25"], ["`holidays[0]`: must be a date written YYYY-MM-DD"]],
    [["2028-02-29"], []],
  ])("holidays %j → %j", (holidays, problems) => {
    expect(parseConfig({ holidays }).problems).toEqual(problems);
  });

  it("severity labels that differ only in case are one label", () => {
    const severities = [DEFAULT_SEVERITIES[0], { ...DEFAULT_SEVERITIES[1], label: "Incident:SEV1" }];
    expect(parseConfig({ severities }).problems).toEqual(["`severities`: two severities share a label"]);
  });

  it.each([
    ["America/New_York", "2026-03-07T12:00:00Z", "2026-03-09T12:00:00Z", "2 days"],
    ["America/New_York", "2026-10-31T12:00:00Z", "2026-11-02T12:00:00Z", "2 days"],
    ["Europe/Berlin", "2026-03-28T12:00:00Z", "2026-03-30T12:00:00Z", "2 days"],
  ])("the duration does not depend on the server's time zone (%s, %s → %s)", (serverZone, from, to, expected) => {
    process.env.TZ = serverZone;
    expect(formatElapsed(from, to)).toBe(expected);
  });

  it("a title cut at the limit never splits an emoji", () => {
    const title = renderPostmortemTitle({ titlePrefix: "Postmortem: ", incidentTitle: `${"a".repeat(242)}😀${"b".repeat(20)}` });
    expect(title.endsWith("a😀…")).toBe(true);
    expect(Array.from(title)).toHaveLength(256);
  });
});

describe("action-table regressions", async () => {
  const { findActionTable } = await import("../../src/action-items/action-table.js");
  const { editCells, cellText } = await import("../../src/action-items/edit-cells.js");
  const { readOwners } = await import("../../src/action-items/read-rows.js");

  it.each([
    ["spaces after the closing pipe", "| Action | Type | Issue |\n|---|---|---|\n| Fix | prevention | #1 |   \n", "issue", "#8", "| Fix | prevention | #8 |   \n"],
    ["a short row with spaces after its last pipe", "| Action | Type | Issue |\n|---|---|---|\n| Two | detection |  \n", "issue", "#8", "| Two | detection | #8 |  \n"],
    ["an unclosed row ending in an escaped pipe", "| Issue | Action | Type |\n|---|---|---|\n| #4 | Fix a \\|\n", "type", "response", "| #4 | Fix a \\| | response |\n"],
    ["a closing pipe after an escaped backslash", "| Issue | Action |\n|---|---|\n| #4 | C:\\\\|\n", "issue", "#5", "| #5 | C:\\\\|\n"],
  ] as const)("%s", (_name, markdown, column, value, lastLine) => {
    const table = findActionTable(markdown)!;
    const edited = editCells(markdown, table, [{ row: table.rows[0]!, column, value }]);
    expect(edited.slice(edited.lastIndexOf("\n", edited.length - 2) + 1)).toBe(lastLine);
    expect(findActionTable(edited)!.rows[0]!.cells[column]!.text).toBe(value);
  });

  it.each([
    ["x \\| y", "x \\| y"],
    ["a|b", "a\\|b"],
    ["line\nbreak", "line break"],
  ])("cellText(%j) is %j", (value, expected) => {
    expect(cellText(value)).toBe(expected);
  });

  it.each([
    ["@a and @b", ["a", "b"]],
    ["@a, @b", ["a", "b"]],
    ["alice", ["alice"]],
    ["n/a", []],
    ["alice.smith", []],
    ["team@example.com", []],
  ])("owners of %j are %j", (text, owners) => {
    expect(readOwners(text)).toEqual(owners);
  });
});

describe("a very long action's key", async () => {
  const { actionKey } = await import("../../src/action-items/read-rows.js");
  it("is bounded, stable, and tells two long actions apart", () => {
    const long = `Rewrite ${"the pool ".repeat(5000)}`;
    expect(actionKey(long).length).toBeLessThanOrEqual(200);
    expect(actionKey(long)).toBe(actionKey(long.toUpperCase().replace(/ /g, "  ")));
    expect(actionKey(long)).not.toBe(actionKey(`${long} now`));
    expect(actionKey("Short  Action")).toBe("short action");
  });
});
