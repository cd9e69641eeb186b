import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findActionTable, type ActionTable, type ColumnName } from "../../src/action-items/action-table.js";
import { actionKey, isCalendarDate, readActionRows, readIssueCell, type ActionRow } from "../../src/action-items/read-rows.js";
import type { IssueRef } from "../../src/domain/issue-ref.js";

// Every expectation below is worked out by hand from the markdown next to it.

const REPO = { owner: "acme", repo: "incidents" };
const TEMPLATE = readFileSync(new URL("../../templates/postmortem.md", import.meta.url), "utf8");
const TEMPLATE_ROW = "| _Describe a specific, measurable action_ | prevention | @owner | P1 | | | |";
const HEADER = ["| Action | Type | Owner | Priority | Due | Issue |", "|--------|------|-------|----------|-----|-------|"];

const lines = (...parts: string[]): string => parts.join("\n");

function tableOf(markdown: string): ActionTable {
  const table = findActionTable(markdown);
  if (!table) throw new Error("no action items table found");
  return table;
}

function rowsOf(markdown: string): ActionRow[] {
  return readActionRows(tableOf(markdown), REPO);
}

interface RowSummary {
  action: string;
  key: string;
  type: ActionRow["type"];
  owners: string[];
  priority: ActionRow["priority"];
  due: string | undefined;
  issue: IssueRef | undefined;
  problems: string[];
  placeholder: boolean;
  fileable: boolean;
}

function summary(row: ActionRow): RowSummary {
  const { action, key, type, owners, priority, due, issue, problems, fileable } = row;
  return { action, key, type, owners, priority, due, issue, problems, placeholder: row.row.placeholder, fileable };
}

/** A table under "## Action items" with the standard header and the given body rows. */
const actionItems = (...rows: string[]): string => lines("# Postmortem: Checkout outage", "", "## Action items", "", ...HEADER, ...rows, "");

describe("findActionTable on the real template", () => {
  it("the template is the one these tests were written against", () => {
    expect(TEMPLATE.split("\n")).toContain(TEMPLATE_ROW);
    expect(TEMPLATE.split("\n")).toContain("| Time | Event | Actions taken | Notes |");
  });

  it("the unedited template has only its placeholder row, which is not fileable", () => {
    const table = tableOf(TEMPLATE);
    expect(table.columns).toEqual({ action: 0, type: 1, owner: 2, priority: 3, due: 4, issue: 5, status: 6 });
    expect(table.columnCount).toBe(7);
    expect(table.rows).toHaveLength(1);
    expect(TEMPLATE.slice(table.end).startsWith("\n\n## Lessons learned")).toBe(true);
    expect(readActionRows(table, REPO).map(summary)).toEqual([
      {
        action: "Describe a specific, measurable action",
        key: "describe a specific, measurable action",
        type: "prevention",
        owners: ["owner"],
        priority: "P1",
        due: undefined,
        issue: undefined,
        problems: [],
        placeholder: true,
        fileable: false,
      },
    ]);
  });

  const added = [
    "| Add alerting on queue depth | detection | @dana | P1 | | |",
    "| Roll back automatically on 5xx spike | Prevention | @lee, @sam | p0 | 2026-12-24 | #12 |",
    "| Write the failover runbook | response | | | | acme/platform#7 |",
  ];
  const filled = TEMPLATE.replace(TEMPLATE_ROW, [TEMPLATE_ROW, ...added].join("\n"));

  it.each<[number, Omit<RowSummary, "placeholder" | "problems">]>([
    [
      1,
      {
        action: "Add alerting on queue depth",
        key: "add alerting on queue depth",
        type: "detection",
        owners: ["dana"],
        priority: "P1",
        due: undefined,
        issue: undefined,
        fileable: true,
      },
    ],
    [
      2,
      {
        action: "Roll back automatically on 5xx spike",
        key: "roll back automatically on 5xx spike",
        type: "prevention",
        owners: ["lee", "sam"],
        priority: "P0",
        due: "2026-12-24",
        issue: { owner: "acme", repo: "incidents", number: 12 },
        fileable: true,
      },
    ],
    [
      3,
      {
        action: "Write the failover runbook",
        key: "write the failover runbook",
        type: "response",
        owners: [],
        priority: undefined,
        due: undefined,
        issue: { owner: "acme", repo: "platform", number: 7 },
        fileable: true,
      },
    ],
  ])("rows added under the template's placeholder: row index %i", (index, expected) => {
    const rows = rowsOf(filled);
    expect(rows).toHaveLength(4);
    expect(rows[0]!.row.placeholder).toBe(true);
    expect(summary(rows[index]!)).toEqual({ ...expected, placeholder: false, problems: [] });
    expect(rows[index]!.row.position).toBe(index + 1);
  });

  it("offsets of the added rows slice the template's own source", () => {
    const table = tableOf(filled);
    const second = table.rows[2]!;
    expect(filled.slice(second.cells.issue!.start, second.cells.issue!.end)).toBe(" #12 ");
    expect(filled.slice(second.cells.owner!.start, second.cells.owner!.end)).toBe(" @lee, @sam ");
    expect(filled.slice(second.cells.due!.start, second.cells.due!.end)).toBe(" 2026-12-24 ");
    expect(filled.slice(0, table.rows[3]!.end).endsWith(added[2]!)).toBe(true);
    expect(filled.slice(table.end).startsWith("\n\n## Lessons learned")).toBe(true);
  });
});

describe("columns in any order and case", () => {
  const withHeader = (header: string, count: number, body: string): string => lines("## Action items", "", header, `|${"---|".repeat(count)}`, body, "");

  it.each<[string, number, Partial<Record<ColumnName, number>>]>([
    ["| Action | Type | Owner | Priority | Due | Issue |", 6, { action: 0, type: 1, owner: 2, priority: 3, due: 4, issue: 5 }],
    ["| issue | OWNER | Action | Priority | Type | Due Date |", 6, { issue: 0, owner: 1, action: 2, priority: 3, type: 4, due: 5 }],
    ["| ID | Action | Notes | Issue | Status |", 5, { action: 1, issue: 3, status: 4 }],
    ["| **Action** | Issue | Due date |", 3, { action: 0, issue: 1, due: 2 }],
    ["| Action | Issue | Action |", 3, { action: 0, issue: 1 }],
  ])("%s", (header, count, columns) => {
    const table = tableOf(withHeader(header, count, `|${" x |".repeat(count)}`));
    expect(table.columns).toEqual(columns);
    expect(table.columnCount).toBe(count);
  });

  it("a header with Action but no Issue column is not an action items table", () => {
    expect(findActionTable(withHeader("| Action | Owner | Due |", 3, "| Fix it | @dana | 2027-01-05 |"))).toBeUndefined();
  });

  it("reads a row of `| issue | OWNER | Action | Priority | Type | Due Date |` by name", () => {
    const markdown = withHeader("| issue | OWNER | Action | Priority | Type | Due Date |", 6, "| #3 | @dana | Add a canary stage | P2 | Prevention | 2027-01-15 |");
    expect(rowsOf(markdown).map(summary)).toEqual([
      {
        action: "Add a canary stage",
        key: "add a canary stage",
        type: "prevention",
        owners: ["dana"],
        priority: "P2",
        due: "2027-01-15",
        issue: { owner: "acme", repo: "incidents", number: 3 },
        problems: [],
        placeholder: false,
        fileable: true,
      },
    ]);
  });

  it("ignores ID and Notes columns", () => {
    const markdown = withHeader(
      "| ID | Issue | Owner | Action | Notes | Priority | Type | Due Date |",
      8,
      "| 1 | #3 | @dana | Add a canary stage | agreed in review, see #9 | P2 | detection | 2027-01-15 |",
    );
    const table = tableOf(markdown);
    const row = table.rows[0]!;
    expect(Object.keys(row.cells).sort()).toEqual(["action", "due", "issue", "owner", "priority", "type"]);
    expect(row.cellCount).toBe(8);
    expect(markdown.slice(row.cells.action!.start, row.cells.action!.end)).toBe(" Add a canary stage ");
    const [read] = readActionRows(table, REPO);
    expect(read!.action).toBe("Add a canary stage");
    expect(read!.issue).toEqual({ owner: "acme", repo: "incidents", number: 3 });
    expect(read!.problems).toEqual([]);
  });

  it("reads a Status column and reports the missing Type column", () => {
    const markdown = withHeader("| Action | Issue | Status |", 3, "| Add a canary stage | #3 | in progress |");
    const table = tableOf(markdown);
    expect(table.rows[0]!.cells.status).toEqual({
      text: "in progress",
      start: markdown.indexOf(" in progress |"),
      end: markdown.indexOf(" in progress |") + " in progress ".length,
    });
    const [read] = readActionRows(table, REPO);
    expect(read!.type).toBeUndefined();
    expect(read!.problems).toEqual(["no type (prevention, detection or response)"]);
    expect(read!.fileable).toBe(true);
  });
});

describe("cells and their source ranges", () => {
  it.each<[string, number, ColumnName, string, string]>([
    // markdown, row index, column, source between the pipes, text
    [
      lines("| Action | Type | Issue |", "|---|---|---|", "| Split read \\| write paths | prevention | #4 |"),
      0,
      "action",
      " Split read \\| write paths ",
      "Split read | write paths",
    ],
    [lines("| Action | Type | Issue |", "|---|---|---|", "| Split read \\| write paths | prevention | #4 |"), 0, "type", " prevention ", "prevention"],
    [lines("| Action | Type | Issue |", "|---|---|---|", "| Split read \\| write paths | prevention | #4 |"), 0, "issue", " #4 ", "#4"],
    [lines("| Action | Type | Issue |", "|---|---|---|", "| Quote `a \\| b` in docs | response | #5 |"), 0, "action", " Quote `a \\| b` in docs ", "Quote a | b in docs"],
    [lines("| Action | Type | Issue |", "|---|---|---|", "| Quote `a \\| b` in docs | response | #5 |"), 0, "type", " response ", "response"],
    [lines("| Issue | Action |", "|---|---|", "| #6 | Fix a \\| b |"), 0, "action", " Fix a \\| b ", "Fix a | b"],
    [lines("| Issue | Action |", "|---|---|", "| #6 | Fix a \\| b |"), 0, "issue", " #6 ", "#6"],
  ])("escaped pipes: %j row %i %s", (markdown, index, column, source, text) => {
    const cell = tableOf(markdown).rows[index]!.cells[column]!;
    expect(markdown.slice(cell.start, cell.end)).toBe(source);
    expect(cell.text).toBe(text);
  });

  const unicode = lines(
    "# 🚨 Postmortem: Zahlungsausfall — 決済",
    "",
    "## Action items",
    "",
    ...HEADER,
    "| 🔥 Réparer le cache — 日本語のテスト 👩‍👩‍👧 | prevention | @dana | P1 | 2027-01-05 | #5 |",
    "| Add 🇩🇪 locale checks | détection | @lee | P2 |  | acme/web#9 |",
    "",
  );

  it.each<[number, ColumnName, string, string]>([
    [0, "action", " 🔥 Réparer le cache — 日本語のテスト 👩‍👩‍👧 ", "🔥 Réparer le cache — 日本語のテスト 👩‍👩‍👧"],
    [0, "type", " prevention ", "prevention"],
    [0, "owner", " @dana ", "@dana"],
    [0, "due", " 2027-01-05 ", "2027-01-05"],
    [0, "issue", " #5 ", "#5"],
    [1, "action", " Add 🇩🇪 locale checks ", "Add 🇩🇪 locale checks"],
    [1, "type", " détection ", "détection"],
    [1, "due", "  ", ""],
    [1, "issue", " acme/web#9 ", "acme/web#9"],
  ])("unicode and emoji: row %i %s slices %j", (index, column, source, text) => {
    const cell = tableOf(unicode).rows[index]!.cells[column]!;
    expect(unicode.slice(cell.start, cell.end)).toBe(source);
    expect(cell.text).toBe(text);
  });

  it("unicode rows read as actions; an accented type is not a type", () => {
    expect(rowsOf(unicode).map((row) => [row.action, row.key, row.type, row.issue, row.problems])).toEqual([
      ["🔥 Réparer le cache — 日本語のテスト 👩‍👩‍👧", "🔥 réparer le cache — 日本語のテスト 👩‍👩‍👧", "prevention", { owner: "acme", repo: "incidents", number: 5 }, []],
      ["Add 🇩🇪 locale checks", "add 🇩🇪 locale checks", undefined, { owner: "acme", repo: "web", number: 9 }, ["type `détection` is not one of prevention, detection, response"]],
    ]);
  });

  it("inline markdown in cells reads as plain text", () => {
    const markdown = actionItems(
      "| **Rate-limit** the `/search` endpoint per [tenant](https://example.com/t) | **Detection** | [@dana](https://github.com/dana) | `P1` | _2027-01-05_ | [#12](https://github.com/acme/incidents/issues/12) |",
      "| ~~Old~~ New alert | detection | @lee | P3 | | |",
    );
    expect(rowsOf(markdown).map(summary)).toEqual([
      {
        action: "Rate-limit the /search endpoint per tenant",
        key: "rate-limit the /search endpoint per tenant",
        type: "detection",
        owners: ["dana"],
        priority: "P1",
        due: "2027-01-05",
        issue: { owner: "acme", repo: "incidents", number: 12 },
        problems: [],
        placeholder: false,
        fileable: true,
      },
      {
        action: "Old New alert",
        key: "old new alert",
        type: "detection",
        owners: ["lee"],
        priority: "P3",
        due: undefined,
        issue: undefined,
        problems: [],
        placeholder: false,
        fileable: true,
      },
    ]);
  });

  it("empty rows and rows shorter than the header", () => {
    const markdown = actionItems("|  |  |  |  |  |  |", "| Add a runbook | response |", "| Tune the pager | detection");
    const table = tableOf(markdown);
    expect(table.rows.map((row) => [row.position, row.cellCount, row.closed, Object.keys(row.cells).sort()])).toEqual([
      [1, 6, true, ["action", "due", "issue", "owner", "priority", "type"]],
      [2, 2, true, ["action", "type"]],
      [3, 2, false, ["action", "type"]],
    ]);
    expect(markdown.slice(0, table.rows[1]!.end).endsWith("\n| Add a runbook | response |")).toBe(true);
    expect(markdown.slice(0, table.rows[2]!.end).endsWith("\n| Tune the pager | detection")).toBe(true);
    expect(markdown[table.rows[2]!.end]).toBe("\n");
    expect(table.end).toBe(table.rows[2]!.end);
    const type = table.rows[2]!.cells.type!;
    expect(markdown.slice(type.start, type.end)).toBe(" detection");
    expect(readActionRows(table, REPO).map((row) => [row.action, row.type, row.owners, row.problems, row.fileable])).toEqual([
      ["", undefined, [], ["no type (prevention, detection or response)"], false],
      ["Add a runbook", "response", [], [], true],
      ["Tune the pager", "detection", [], [], true],
    ]);
  });

  it.each<[string, string, boolean]>([
    ["_Describe a specific, measurable action_", "Describe a specific, measurable action", true],
    ["_Describe…_", "Describe…", true],
    ["*x*", "x", true],
    ["[Action 1]", "[Action 1]", true],
    ["**Bold action**", "Bold action", false],
    ["_Partly_ emphasised", "Partly emphasised", false],
    ["[Action 1](https://example.com/a1)", "Action 1", false],
    ["Add alerting [see runbook]", "Add alerting [see runbook]", false],
  ])("placeholder: %j reads %j, placeholder %s", (cell, action, placeholder) => {
    const [row] = rowsOf(actionItems(`| ${cell} | prevention | @dana | P1 | | |`));
    expect(row!.action).toBe(action);
    expect(row!.row.placeholder).toBe(placeholder);
    expect(row!.fileable).toBe(!placeholder);
  });
});

describe("which table is the action items table", () => {
  const table = (action: string, issue = ""): string[] => ["| Action | Issue |", "|---|---|", `| ${action} | ${issue} |`];

  it.each<[string, string, string | undefined]>([
    [
      "timeline (Action, no Issue) and approvals are skipped",
      lines(
        "## Timeline",
        "",
        "| Time | Event | Action | Notes |",
        "|---|---|---|---|",
        "| 10:00 | Impact began | Restart the pods | |",
        "",
        "## Action items",
        "",
        ...table("Add alerting"),
        "",
        "## Review and approval",
        "",
        "| Role | Name | Approved | Date |",
        "|---|---|---|---|",
        "| Incident commander | @dana | yes | 2026-11-30 |",
      ),
      "Add alerting",
    ],
    ["only a table with Action but no Issue", lines("## Follow-ups", "", "| Action | Owner |", "|---|---|", "| Restart the pods | @dana |", ""), undefined],
    ["no table at all", lines("# Postmortem", "", "## Action items", "", "- none yet", ""), undefined],
    [
      "the one under an Action items heading wins over an earlier one",
      lines("## Follow-ups", "", ...table("From follow-ups"), "", "## Action items", "", ...table("From action items"), ""),
      "From action items",
    ],
    ["without an Action items heading the first wins", lines("## Follow-ups", "", ...table("First"), "", "## Notes", "", ...table("Second"), ""), "First"],
    [
      "an Action items table first stays the one",
      lines("## Action items", "", ...table("Under the heading"), "", "## Appendix", "", ...table("Appendix"), ""),
      "Under the heading",
    ],
    ["the heading may be singular, upper case or a sub-heading", lines("## Other", "", ...table("Other"), "", "### ACTION ITEM", "", ...table("Sub-heading"), ""), "Sub-heading"],
    [
      "tables in a blockquote or a list are ignored",
      lines("## Action items", "", ...table("Quoted").map((line) => `> ${line}`), "", "- Listed:", "", ...table("Listed").map((line) => `  ${line}`), ""),
      undefined,
    ],
    [
      "a top-level table after quoted and listed ones is found",
      lines(
        "## Action items",
        "",
        ...table("Quoted").map((line) => `> ${line}`),
        "",
        "- Listed:",
        "",
        ...table("Listed").map((line) => `  ${line}`),
        "",
        "## Tracking",
        "",
        ...table("Top level"),
        "",
      ),
      "Top level",
    ],
  ])("%s", (_name, markdown, firstAction) => {
    expect(findActionTable(markdown)?.rows[0]?.cells.action?.text).toBe(firstAction);
  });
});

describe("readActionRows: problems", () => {
  const one = (type: string, owner: string, priority: string, due: string, issue: string): ActionRow =>
    rowsOf(actionItems(`| Fix the retry storm | ${type} | ${owner} | ${priority} | ${due} | ${issue} |`))[0]!;

  it.each<[string, [string, string, string, string, string], string[], boolean]>([
    ["all good", ["prevention", "@dana", "P1", "2027-01-05", "#12"], [], true],
    ["type in another case", ["Response", "@dana", "P1", "", ""], [], true],
    ["no type", ["", "@dana", "P1", "", ""], ["no type (prevention, detection or response)"], true],
    ["unknown type", ["mitigation", "@dana", "P1", "", ""], ["type `mitigation` is not one of prevention, detection, response"], true],
    ["unknown priority P7", ["prevention", "@dana", "P7", "", ""], ["priority `P7` is not one of P0..P5"], true],
    ["unknown priority high", ["prevention", "@dana", "high", "", ""], ["priority `high` is not one of P0..P5"], true],
    ["impossible date", ["prevention", "@dana", "P1", "2026-02-30", ""], ["due date `2026-02-30` is not a date written YYYY-MM-DD; the priority's due date was used"], true],
    ["words for a date", ["prevention", "@dana", "P1", "next Friday", ""], ["due date `next Friday` is not a date written YYYY-MM-DD; the priority's due date was used"], true],
    ["European date", ["prevention", "@dana", "P1", "24.12.2026", ""], ["due date `24.12.2026` is not a date written YYYY-MM-DD; the priority's due date was used"], true],
    ["owner not a login", ["prevention", "—", "P1", "", ""], ["owner `—` is not a GitHub login"], true],
    ["owner in parentheses", ["prevention", "(unassigned)", "P1", "", ""], ["owner `(unassigned)` is not a GitHub login"], true],
    ["unreadable issue", ["prevention", "@dana", "P1", "", "#12 (done)"], ["the Issue cell `#12 (done)` is not an issue reference such as #12; the row was left alone"], false],
    ["issue in words", ["prevention", "@dana", "P1", "", "done"], ["the Issue cell `done` is not an issue reference such as #12; the row was left alone"], false],
    [
      "everything wrong, reported in column order",
      ["mitigation", "???", "P9", "soon", "#x"],
      [
        "type `mitigation` is not one of prevention, detection, response",
        "priority `P9` is not one of P0..P5",
        "due date `soon` is not a date written YYYY-MM-DD; the priority's due date was used",
        "owner `???` is not a GitHub login",
        "the Issue cell `#x` is not an issue reference such as #12; the row was left alone",
      ],
      false,
    ],
  ])("%s", (_name, cells, problems, fileable) => {
    const row = one(...cells);
    expect(row.problems).toEqual(problems);
    expect(row.fileable).toBe(fileable);
  });

  it.each<[string, ActionRow["priority"]]>([
    ["P0", "P0"],
    ["p5", "P5"],
    ["P7", undefined],
    ["", undefined],
  ])("priority cell %j reads %j", (cell, priority) => {
    expect(one("prevention", "@dana", cell, "", "").priority).toBe(priority);
  });

  it.each<[string, string | undefined]>([
    ["2027-01-05", "2027-01-05"],
    ["2028-02-29", "2028-02-29"],
    ["2027-02-29", undefined],
    ["next Friday", undefined],
    ["", undefined],
  ])("due cell %j reads %j", (cell, due) => {
    expect(one("prevention", "@dana", "P1", cell, "").due).toBe(due);
  });
});

describe("readActionRows: owners", () => {
  it.each<[string, string[], string[]]>([
    ["@a, @b", ["a", "b"], []],
    ["a", ["a"], []],
    ["@dana", ["dana"], []],
    ["@dana-sre;@lee", ["dana-sre", "lee"], []],
    ["@Dana @Lee", ["Dana", "Lee"], []],
    ["", [], []],
    ["—", [], ["owner `—` is not a GitHub login"]],
    ["@", [], ["owner `@` is not a GitHub login"]],
  ])("owner cell %j → %j", (cell, owners, problems) => {
    const [row] = rowsOf(actionItems(`| Fix the retry storm | prevention | ${cell} | P1 | | |`));
    expect(row!.owners).toEqual(owners);
    expect(row!.problems).toEqual(problems);
  });
});

describe("Issue cells", () => {
  it.each<[string, IssueRef | undefined, boolean]>([
    ["#12", { owner: "acme", repo: "incidents", number: 12 }, true],
    ["owner/repo#12", { owner: "owner", repo: "repo", number: 12 }, true],
    ["https://github.com/o/r/issues/12", { owner: "o", repo: "r", number: 12 }, true],
    ["#12 (done)", undefined, false],
    ["", undefined, true],
  ])("in a row: %j → %j, fileable %s", (cell, issue, fileable) => {
    const [row] = rowsOf(actionItems(`| Fix the retry storm | prevention | @dana | P1 | | ${cell} |`));
    expect(row!.issue).toEqual(issue);
    expect(row!.fileable).toBe(fileable);
  });

  it.each<[string, IssueRef | undefined]>([
    ["#12", { owner: "acme", repo: "incidents", number: 12 }],
    ["  #7  ", { owner: "acme", repo: "incidents", number: 7 }],
    ["#012", { owner: "acme", repo: "incidents", number: 12 }],
    ["acme/platform#7", { owner: "acme", repo: "platform", number: 7 }],
    ["acme/web.app_v2#3", { owner: "acme", repo: "web.app_v2", number: 3 }],
    ["https://github.com/o/r/issues/12", { owner: "o", repo: "r", number: 12 }],
    ["https://ghe.example.com/acme/web/issues/5", { owner: "acme", repo: "web", number: 5 }],
    ["#12 (done)", undefined],
    ["12", undefined],
    ["#", undefined],
    ["GH-12", undefined],
    ["acme/platform #7", undefined],
    ["https://github.com/o/r/pull/12", undefined],
    ["http://github.com/o/r/issues/12", undefined],
    ["https://github.com/o/r/issues/12#issuecomment-1", undefined],
  ])("readIssueCell(%j) → %j", (text, expected) => {
    expect(readIssueCell(text, REPO)).toEqual(expected);
  });
});

describe("isCalendarDate", () => {
  it.each<[string, boolean]>([
    ["2026-12-24", true],
    ["2026-02-28", true],
    ["2028-02-29", true],
    ["2026-02-29", false],
    ["2026-02-30", false],
    ["2026-04-31", false],
    ["2026-13-01", false],
    ["2026-00-10", false],
    ["2026-01-00", false],
    ["2026-1-05", false],
    ["26-01-05", false],
    ["2026/01/05", false],
    [" 2026-01-05", false],
    ["2026-01-05T00:00:00Z", false],
    ["24.12.2026", false],
    ["", false],
  ])("%j → %s", (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
  });
});

describe("actionKey", () => {
  it.each<[string, string]>([
    ["Add alerting", "add alerting"],
    ["  Add   Alerting\ton Queue  ", "add alerting on queue"],
    ["Roll\nback", "roll back"],
    ["Réparer le CACHE 🔥", "réparer le cache 🔥"],
    ["", ""],
  ])("%j → %j", (action, key) => {
    expect(actionKey(action)).toBe(key);
  });
});
