import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { actionCommandRow, addActionRow } from "../../src/action-items/action-command.js";
import { findActionTable, type ActionTable, type ColumnName } from "../../src/action-items/action-table.js";
import { appendRow, cellText, editCells, type CellEdit } from "../../src/action-items/edit-cells.js";
import { readActionRows } from "../../src/action-items/read-rows.js";

// Every expected document below is written out by hand, character for character.

const REPO = { owner: "acme", repo: "incidents" };
const TEMPLATE = readFileSync(new URL("../../templates/postmortem.md", import.meta.url), "utf8");
const TEMPLATE_ROW = "| _Describe a specific, measurable action_ | prevention | @owner | P1 | | | |";
const HEADER = ["| Action | Type | Owner | Priority | Due | Issue |", "|--------|------|-------|----------|-----|-------|"];
const NEW_SECTION_HEADER = "| Action | Type | Owner | Priority | Due | Issue | Status |\n|--------|------|-------|----------|-----|-------|--------|";

const lines = (...parts: string[]): string => parts.join("\n");

function tableOf(markdown: string): ActionTable {
  const table = findActionTable(markdown);
  if (!table) throw new Error("no action items table found");
  return table;
}

/** Edits written as [row index, column, value]. */
type EditSpec = [number, ColumnName, string];
const toEdits = (table: ActionTable, specs: readonly EditSpec[]): CellEdit[] => specs.map(([index, column, value]) => ({ row: table.rows[index]!, column, value }));

const texts = (table: ActionTable, index: number): Partial<Record<ColumnName, string>> =>
  Object.fromEntries(Object.entries(table.rows[index]!.cells).map(([column, cell]) => [column, cell!.text]));

// A postmortem whose action items table sits in the middle, with a person's uneven spacing.
const R1 = "| Add alerting on queue depth |  detection | @dana | P1 |  |   |";
const R2 = "| Roll back on 5xx spike | prevention | @lee | P0 | 2026-12-24 | |";
const doc = (r1: string, r2: string, ...more: string[]): string =>
  lines(
    "# Postmortem: Checkout outage",
    "",
    "Summary with a | pipe and **bold**.",
    "",
    "## Action items",
    "",
    ...HEADER,
    r1,
    r2,
    ...more,
    "",
    "## Lessons learned",
    "",
    "- Keep runbooks current",
    "",
  );
const DOC = doc(R1, R2);

describe("cellText", () => {
  it.each<[string, string]>([
    ["plain", "plain"],
    ["  padded  ", "padded"],
    ["a|b", "a\\|b"],
    ["a | b | c", "a \\| b \\| c"],
    ["one\ntwo", "one two"],
    ["one\r\ntwo\rthree", "one two three"],
    ["line\n", "line"],
    ["", ""],
    ["@dana, @lee", "@dana, @lee"],
    ["C:\\temp", "C:\\temp"],
  ])("%j → %j", (value, expected) => {
    expect(cellText(value)).toBe(expected);
  });
});

describe("editCells on full rows", () => {
  it.each<[string, EditSpec[], string, string]>([
    ["no edits", [], R1, R2],
    ["the Issue cell of the first row", [[0, "issue", "#12"]], "| Add alerting on queue depth |  detection | @dana | P1 |  | #12 |", R2],
    ["the Priority cell of the second row", [[1, "priority", "P2"]], R1, "| Roll back on 5xx spike | prevention | @lee | P2 | 2026-12-24 | |"],
    [
      "two cells of one row",
      [
        [0, "type", "prevention"],
        [0, "due", "2027-01-10"],
      ],
      "| Add alerting on queue depth | prevention | @dana | P1 | 2027-01-10 |   |",
      R2,
    ],
    [
      "every cell of one row",
      [
        [0, "issue", "#1"],
        [0, "action", "A"],
        [0, "due", "2027-02-01"],
        [0, "type", "response"],
        [0, "priority", "P3"],
        [0, "owner", "@x"],
      ],
      "| A | response | @x | P3 | 2027-02-01 | #1 |",
      R2,
    ],
    [
      "cells across rows, listed last row first",
      [
        [1, "issue", "#13"],
        [0, "issue", "#12"],
      ],
      "| Add alerting on queue depth |  detection | @dana | P1 |  | #12 |",
      "| Roll back on 5xx spike | prevention | @lee | P0 | 2026-12-24 | #13 |",
    ],
    ["a value with a pipe", [[0, "action", "Split read | write"]], "| Split read \\| write |  detection | @dana | P1 |  |   |", R2],
    ["a value with a newline", [[1, "owner", "@lee\n@sam"]], R1, "| Roll back on 5xx spike | prevention | @lee @sam | P0 | 2026-12-24 | |"],
    ["a padded value with CRLF", [[1, "due", "  2027-01-31\r\n"]], R1, "| Roll back on 5xx spike | prevention | @lee | P0 | 2027-01-31 | |"],
    ["an empty value", [[1, "due", ""]], R1, "| Roll back on 5xx spike | prevention | @lee | P0 |  | |"],
    ["a column the table does not have", [[0, "status", "done"]], R1, R2],
    ["unicode", [[0, "action", "Réparer 🔥 le cache"]], "| Réparer 🔥 le cache |  detection | @dana | P1 |  |   |", R2],
  ])("%s", (_name, specs, r1, r2) => {
    const table = tableOf(DOC);
    expect(editCells(DOC, table, toEdits(table, specs))).toBe(doc(r1, r2));
  });

  it.each<[ColumnName, string, string]>([
    ["issue", "#12", "#12"],
    ["due", "2027-01-10", "2027-01-10"],
    ["action", "Split read | write", "Split read | write"],
    ["type", "a | b | c", "a | b | c"],
    ["owner", "@lee\n@sam", "@lee @sam"],
    ["action", "**Bold** move", "Bold move"],
    ["action", "C:\\temp\\logs", "C:\\temp\\logs"],
    ["action", "pipe at the end |", "pipe at the end |"],
    ["action", "ends with a backslash\\", "ends with a backslash\\"],
    ["action", "🇩🇪 Zahlungs-API — 決済", "🇩🇪 Zahlungs-API — 決済"],
  ])("round trip: %s ← %j reads back %j, other cells unchanged", (column, value, text) => {
    const table = tableOf(DOC);
    const result = editCells(DOC, table, [{ row: table.rows[0]!, column, value }]);
    const reread = tableOf(result);
    expect(reread.rows).toHaveLength(2);
    expect(texts(reread, 0)).toEqual({ ...texts(table, 0), [column]: text });
    expect(texts(reread, 1)).toEqual(texts(table, 1));
  });

  it("round trip through readActionRows after filing", () => {
    const table = tableOf(DOC);
    const result = editCells(DOC, table, [
      { row: table.rows[0]!, column: "issue", value: "#12" },
      { row: table.rows[1]!, column: "issue", value: "acme/platform#7" },
    ]);
    expect(readActionRows(tableOf(result), REPO).map((row) => [row.action, row.issue, row.fileable])).toEqual([
      ["Add alerting on queue depth", { owner: "acme", repo: "incidents", number: 12 }, true],
      ["Roll back on 5xx spike", { owner: "acme", repo: "platform", number: 7 }, true],
    ]);
  });
});

describe("editCells on rows shorter than the table", () => {
  const CLOSED = "| Add a canary stage | prevention |";
  const OPEN = "| Tune the pager | detection";
  const short = (r1: string, r2: string): string => lines("## Action items", "", ...HEADER, r1, r2, "", "## Lessons learned", "");
  const SHORT = short(CLOSED, OPEN);

  it.each<[string, EditSpec[], string, string]>([
    ["closed row: missing Issue cell", [[0, "issue", "#21"]], "| Add a canary stage | prevention |  |  |  | #21 |", OPEN],
    ["unclosed row: missing Issue cell", [[1, "issue", "#22"]], CLOSED, "| Tune the pager | detection |  |  |  | #22 |"],
    ["closed row: the next missing cell only", [[0, "owner", "@dana"]], "| Add a canary stage | prevention | @dana |", OPEN],
    [
      "closed row: two missing cells with a gap",
      [
        [0, "issue", "#21"],
        [0, "owner", "@dana"],
      ],
      "| Add a canary stage | prevention | @dana |  |  | #21 |",
      OPEN,
    ],
    [
      "unclosed row: an existing cell and a missing one",
      [
        [1, "type", "prevention"],
        [1, "issue", "#22"],
      ],
      CLOSED,
      "| Tune the pager | prevention  |  |  |  | #22 |",
    ],
    ["closed row: escaped value in a missing cell", [[0, "issue", "a|b\nc"]], "| Add a canary stage | prevention |  |  |  | a\\|b c |", OPEN],
    [
      "both rows",
      [
        [0, "due", "2027-01-05"],
        [1, "priority", "P1"],
      ],
      "| Add a canary stage | prevention |  |  | 2027-01-05 |",
      "| Tune the pager | detection |  | P1 |",
    ],
  ])("%s", (_name, specs, r1, r2) => {
    const table = tableOf(SHORT);
    const result = editCells(SHORT, table, toEdits(table, specs));
    expect(result).toBe(short(r1, r2));
  });

  it.each<[number, ColumnName, string, Partial<Record<ColumnName, string>>]>([
    [0, "issue", "#21", { action: "Add a canary stage", type: "prevention", owner: "", priority: "", due: "", issue: "#21" }],
    [1, "issue", "#22", { action: "Tune the pager", type: "detection", owner: "", priority: "", due: "", issue: "#22" }],
    [0, "owner", "@dana", { action: "Add a canary stage", type: "prevention", owner: "@dana" }],
    [1, "priority", "P1", { action: "Tune the pager", type: "detection", owner: "", priority: "P1" }],
  ])("round trip: row %i %s ← %j reads back", (index, column, value, cells) => {
    const table = tableOf(SHORT);
    const reread = tableOf(editCells(SHORT, table, [{ row: table.rows[index]!, column, value }]));
    expect(texts(reread, index)).toEqual(cells);
    expect(reread.rows).toHaveLength(2);
  });

  it("an unclosed last row at the very end of the document, without a newline", () => {
    const markdown = lines("## Action items", "", "| Action | Issue |", "|---|---|", "| Tune the pager");
    const table = tableOf(markdown);
    const result = editCells(markdown, table, [{ row: table.rows[0]!, column: "issue", value: "#30" }]);
    expect(result).toBe(lines("## Action items", "", "| Action | Issue |", "|---|---|", "| Tune the pager | #30 |"));
    expect(texts(tableOf(result), 0)).toEqual({ action: "Tune the pager", issue: "#30" });
  });
});

describe("appendRow", () => {
  it.each<[string, Partial<Record<ColumnName, string>>, string]>([
    [
      "a row in the table's column order",
      { action: "Page the on-call on queue depth", type: "detection", owner: "@dana", priority: "P1" },
      "| Page the on-call on queue depth | detection | @dana | P1 |  |  |",
    ],
    ["values with pipes and newlines", { action: "Use a | b\nformat", issue: "#3" }, "| Use a \\| b format |  |  |  |  | #3 |"],
    ["no values", {}, "|  |  |  |  |  |  |"],
  ])("in the middle of a document: %s", (_name, values, row) => {
    expect(appendRow(DOC, tableOf(DOC), values)).toBe(doc(R1, R2, row));
  });

  it("columns in another order, extra columns left empty, unknown names dropped", () => {
    const markdown = lines("## Action items", "", "| ID | Issue | Action | Notes |", "|---|---|---|---|", "| 1 | #2 | Old | n |", "", "End.", "");
    const result = appendRow(markdown, tableOf(markdown), { action: "X", issue: "#3", status: "open", type: "response" });
    expect(result).toBe(lines("## Action items", "", "| ID | Issue | Action | Notes |", "|---|---|---|---|", "| 1 | #2 | Old | n |", "|  | #3 | X |  |", "", "End.", ""));
  });

  it.each<[string, string, Partial<Record<ColumnName, string>>, string]>([
    [
      "after a last row",
      lines("## Action items", "", "| Action | Issue |", "|---|---|", "| Old | #1 |"),
      { action: "New", issue: "#2" },
      lines("## Action items", "", "| Action | Issue |", "|---|---|", "| Old | #1 |", "| New | #2 |"),
    ],
    ["after the delimiter row of an empty table", lines("| Action | Issue |", "|---|---|"), { action: "New" }, lines("| Action | Issue |", "|---|---|", "| New |  |")],
  ])("at the very end of a document without a newline: %s", (_name, markdown, values, expected) => {
    expect(appendRow(markdown, tableOf(markdown), values)).toBe(expected);
  });

  it("round trip: the appended row reads back as the table's last row", () => {
    const result = appendRow(DOC, tableOf(DOC), { action: "Use a | b\nformat", type: "response", owner: "@lee", due: "2027-03-01" });
    const reread = tableOf(result);
    expect(reread.rows).toHaveLength(3);
    expect(texts(reread, 2)).toEqual({ action: "Use a | b format", type: "response", owner: "@lee", priority: "", due: "2027-03-01", issue: "" });
    expect(texts(reread, 0)).toEqual(texts(tableOf(DOC), 0));
  });
});

describe("actionCommandRow", () => {
  it.each<[string, Partial<Record<ColumnName, string>> | undefined]>([
    [
      "Add alerting on queue depth priority:p1 type:Response owner:@dana due:2026-12-24",
      { action: "Add alerting on queue depth", priority: "P1", type: "response", owner: "@dana", due: "2026-12-24" },
    ],
    ["priority:P0 Roll back faster", { action: "Roll back faster", priority: "P0" }],
    ["Fix type:prevention the cache owner:@lee", { action: "Fix the cache", type: "prevention", owner: "@lee" }],
    ["Priority:p2 TYPE:Detection Add a canary", { action: "Add a canary", priority: "P2", type: "detection" }],
    ["Fix\npriority:P1\nnow", { action: "Fix now", priority: "P1" }],
    ["  Fix   the   cache  ", { action: "Fix the cache" }],
    ["Fix xpriority:P1", { action: "Fix xpriority:P1" }],
    ["Fix it type:", { action: "Fix it type:" }],
    ["Fix foo:bar", { action: "Fix foo:bar" }],
    ["priority:P1 Fix priority:P2", { action: "Fix", priority: "P2" }],
    ["Fix a|b priority:P1", { action: "Fix a|b", priority: "P1" }],
    ["Réparer le cache 🔥 owner:@Dana", { action: "Réparer le cache 🔥", owner: "@Dana" }],
    // Unknown values are kept as written, for the table's checks to report.
    ["Fix it priority:P9 type:mitigation owner:dana.smith due:tomorrow", { action: "Fix it", priority: "P9", type: "mitigation", owner: "dana.smith", due: "tomorrow" }],
    ["Fix it due:2026-02-30", { action: "Fix it", due: "2026-02-30" }],
    ["", undefined],
    ["   ", undefined],
    ["priority:P1", undefined],
    ["priority:P1 type:prevention owner:@dana due:2026-12-24", undefined],
  ])("%j → %j", (argument, expected) => {
    expect(actionCommandRow(argument)).toEqual(expected);
  });
});

describe("addActionRow", () => {
  const values = { action: "Fix it", type: "prevention", priority: "P1" };
  const ROW = "| Fix it | prevention |  | P1 |  |  |";
  /** The same row in a table with a Status column (the template's, and a new section's). */
  const ROW7 = "| Fix it | prevention |  | P1 |  |  |  |";

  it.each<[string, string, string]>([
    [
      "a body without a table gets an Action items section",
      "Incident notes.\n\nSee the timeline.\n",
      `Incident notes.\n\nSee the timeline.\n\n## Action items\n\n${NEW_SECTION_HEADER}\n${ROW7}\n`,
    ],
    ["trailing blank lines are trimmed first", "Notes\n\n\n", `Notes\n\n## Action items\n\n${NEW_SECTION_HEADER}\n${ROW7}\n`],
    [
      "a table with Action but no Issue is not the action items table",
      "## Timeline\n\n| Time | Action |\n|---|---|\n| 10:00 | Restart |\n",
      `## Timeline\n\n| Time | Action |\n|---|---|\n| 10:00 | Restart |\n\n## Action items\n\n${NEW_SECTION_HEADER}\n${ROW7}\n`,
    ],
    ["a body with a table gets the row in it", DOC, doc(R1, R2, ROW)],
    ["the real template gets the row under its placeholder", TEMPLATE, TEMPLATE.replace(TEMPLATE_ROW, `${TEMPLATE_ROW}\n${ROW7}`)],
  ])("%s", (_name, body, expected) => {
    expect(TEMPLATE.split("\n")).toContain(TEMPLATE_ROW);
    expect(addActionRow(body, values)).toBe(expected);
  });

  it("a /action command becomes a row the table reads, with its problems", () => {
    const row = actionCommandRow("Roll out | canary   priority:p9 type:Mitigation owner:@lee due:tomorrow");
    const result = addActionRow(DOC, row!);
    expect(result).toBe(doc(R1, R2, "| Roll out \\| canary | mitigation | @lee | P9 | tomorrow |  |"));
    const [, , added] = readActionRows(tableOf(result), REPO);
    expect([added!.action, added!.type, added!.owners, added!.priority, added!.due, added!.fileable]).toEqual([
      "Roll out | canary",
      undefined,
      ["lee"],
      undefined,
      undefined,
      true,
    ]);
    expect(added!.problems).toEqual([
      "type `mitigation` is not one of prevention, detection, response",
      "priority `P9` is not one of P0..P5",
      "due date `tomorrow` is not a date written YYYY-MM-DD; the priority's due date was used",
    ]);
  });
});
