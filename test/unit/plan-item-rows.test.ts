import { describe, expect, it } from "vitest";
import type { ActionItemRecord } from "../../src/action-items/action-item-body.js";
import { findActionTable, type ActionTable, type ColumnName } from "../../src/action-items/action-table.js";
import { editCells } from "../../src/action-items/edit-cells.js";
import { itemsNeedingEvidence, priorityFromLabels, redatedRecord, rowEdits, rowOf, statusWithoutEvidence, type ObservedItem } from "../../src/action-items/plan-item-rows.js";
import { readActionRows, type ActionRow } from "../../src/action-items/read-rows.js";
import { knownItemsSuffice } from "../../src/reconcile/reconcile-postmortem.js";
import { DEFAULT_CONFIG, type Priority } from "../../src/config/schema.js";

const REPO = { owner: "acme", repo: "incidents" };
const POSTMORTEM = { ...REPO, number: 2 };
const WITH_STATUS = ["| Action | Type | Owner | Priority | Due | Issue | Status |", "|---|---|---|---|---|---|---|"];
const WITHOUT_STATUS = ["| Action | Type | Owner | Priority | Due | Issue |", "|---|---|---|---|---|---|"];

/** Item #5's row (filed): Status last, left out with `status: null`. */
function row5(cells: { owner?: string; priority?: string; due?: string; status?: string | null } = {}): string {
  const { owner = "@dana", priority = "P3", due = "2026-12-26", status = "open" } = cells;
  return `| Add an alert | detection | ${owner} | ${priority} | ${due} | #5 |${status === null ? "" : ` ${status} |`}`;
}
const doc = (header: string[], ...rows: string[]) => ["## Action items", "", ...header, ...rows, "", "## Lessons learned", ""].join("\n");

function parsed(markdown: string): { table: ActionTable; rows: ActionRow[] } {
  const table = findActionTable(markdown);
  if (!table) throw new Error("no action items table");
  return { table, rows: readActionRows(table, REPO) };
}

function record(overrides: Partial<ActionItemRecord> = {}): ActionItemRecord {
  return {
    postmortem: POSTMORTEM,
    incident: null,
    key: "add an alert",
    priority: "P3",
    type: "detection",
    due: "2026-12-26",
    dueSource: "derived",
    filedAt: "2026-11-26T10:00:00.000Z",
    reminded: null,
    ...overrides,
  };
}

/** An action item as GitHub holds it: by default #5, open, labelled P3, assigned to dana. */
function item(fields: { number?: number; state?: "open" | "closed"; labels?: string[]; assignees?: string[]; record?: Partial<ActionItemRecord> } = {}): ObservedItem {
  const number = fields.number ?? 5;
  return {
    ref: { ...REPO, number },
    issue: {
      number,
      id: 2_000_000 + number,
      title: "Add an alert",
      body: "",
      state: fields.state ?? "open",
      html_url: `https://github.com/acme/incidents/issues/${number}`,
      created_at: "2026-11-26T10:00:00Z",
      closed_at: fields.state === "closed" ? "2026-12-01T09:00:00Z" : null,
      user: { login: "postmortem-bot[bot]", type: "Bot" },
      assignees: (fields.assignees ?? ["dana"]).map((login) => ({ login })),
      labels: (fields.labels ?? ["action-item", "priority:P3"]).map((name) => ({ name })),
    },
    record: record(fields.record),
  };
}

describe("itemsNeedingEvidence: whose closing timeline must be read", () => {
  it.each<[string, string, "open" | "closed", boolean]>([
    ["closed, its row still says open", "open", "closed", true],
    ["closed, its Status cell empty", "", "closed", true],
    ["closed, a person's own words in the cell", "waiting on infra", "closed", true],
    ["closed, its row says done already", "done", "closed", false],
    ["closed, its row says dropped already (any case)", "Dropped", "closed", false],
    ["closed, its row says implemented already", "implemented (#12)", "closed", false],
    ["open again, its row says implemented (a regression to warn of)", "implemented (#12)", "open", true],
    ["open again, its row says done (no regression: nothing to read)", "done", "open", false],
    ["open, its row says open", "open", "open", false],
  ])("%s (Status %j, item %s) → timeline needed: %s", (_name, status, state, needed) => {
    const { table, rows } = parsed(doc(WITH_STATUS, row5({ status })));
    expect(itemsNeedingEvidence(rows, [item({ state })], table).map((each) => each.ref.number)).toEqual(needed ? [5] : []);
  });

  it("a table without a Status column needs no timeline, whatever the items' state", () => {
    const { table, rows } = parsed(doc(WITHOUT_STATUS, row5({ status: null })));
    expect(itemsNeedingEvidence(rows, [item({ state: "closed" })], table)).toEqual([]);
  });

  it("an item no row names needs none (there is no cell to fill); only the items that need it are returned", () => {
    const { table, rows } = parsed(doc(WITH_STATUS, row5({ status: "open" }), "| Rotate the pager | response | @lee | P2 | | #6 | done |"));
    const items = [item({ state: "closed" }), item({ number: 6, state: "closed" }), item({ number: 7, state: "closed" })];
    expect(itemsNeedingEvidence(rows, items, table).map((each) => each.ref.number)).toEqual([5]);
  });
});

describe("statusWithoutEvidence: the Status known without reading the timeline", () => {
  it.each<[string, string, "open" | "closed", string | undefined]>([
    ["open, its row says done", "done", "open", "open"],
    ["open, its row says dropped", "dropped", "open", "open"],
    ["open, its row says implemented", "implemented (abc1234)", "open", "open"],
    ["open, its row says open", "open", "open", undefined],
    ["open, a person's own words stay", "in progress", "open", undefined],
    ["closed: only its timeline tells how", "open", "closed", undefined],
  ])("%s (Status %j, item %s) → %s", (_name, status, state, expected) => {
    const { rows } = parsed(doc(WITH_STATUS, row5({ status })));
    expect(statusWithoutEvidence(rows, item({ state }))).toBe(expected);
  });

  it("an item without a row has none", () => {
    const { rows } = parsed(doc(WITH_STATUS, row5({ status: "done" })));
    expect(statusWithoutEvidence(rows, item({ number: 6 }))).toBeUndefined();
  });
});

describe("rowOf", () => {
  it("finds a row by its issue, written short or long, never an unfiled row with the same text", () => {
    const { rows } = parsed(doc(WITH_STATUS, "| Add an alert | detection | @dana | P3 | | | |", "| Other | detection | @dana | P3 | | acme/incidents#5 | |"));
    expect(rowOf(rows, { ...REPO, number: 5 })?.row.position).toBe(2);
    expect(rowOf(rows, { ...REPO, number: 6 })).toBeUndefined();
    expect(rowOf(rows, { owner: "acme", repo: "other", number: 5 })).toBeUndefined();
  });
});

describe("priorityFromLabels", () => {
  it.each<[string[], Priority | undefined]>([
    [[], undefined],
    [["action-item", "team:payments"], undefined],
    [["priority:P1"], "P1"],
    [["Priority:p2"], "P2"],
    [["priority:high"], undefined],
    // Half-way through a change both labels are there: the most urgent wins, whichever came first.
    [["priority:P3", "priority:P1"], "P1"],
    [["priority:P1", "priority:P3"], "P1"],
    [["priority:P5", "priority:P0", "priority:P4"], "P0"],
  ])("%j → %s", (labels, expected) => {
    expect(priorityFromLabels(labels)).toBe(expected);
  });
});

describe("redatedRecord: a new priority re-dates a derived due date, never an explicit one", () => {
  it.each<[string, string[], Partial<ActionItemRecord>, Partial<ActionItemRecord> | undefined]>([
    ["the same priority label", ["action-item", "priority:P3"], {}, undefined],
    ["no priority label: the recorded one stands", ["action-item"], {}, undefined],
    ["P3 → P1, derived: two weeks from filing", ["action-item", "priority:P1"], {}, { priority: "P1", due: "2026-12-10", dueSource: "derived" }],
    ["P3 → P0, derived: one week from filing", ["action-item", "priority:P0"], {}, { priority: "P0", due: "2026-12-03" }],
    ["P3 → P5, derived: three months from filing", ["action-item", "priority:P5"], {}, { priority: "P5", due: "2027-02-26" }],
    [
      "P3 → P0, explicit: the date stays",
      ["action-item", "priority:P0"],
      { due: "2026-12-20", dueSource: "explicit" },
      { priority: "P0", due: "2026-12-20", dueSource: "explicit" },
    ],
    ["a reminder stage is reset (the new date gets its own reminders)", ["priority:P1"], { reminded: "overdue" }, { priority: "P1", due: "2026-12-10", reminded: null }],
    ["both labels while a change is half done: the most urgent", ["priority:P3", "priority:P1"], {}, { priority: "P1", due: "2026-12-10" }],
  ])("%s", (_name, labels, recorded, expected) => {
    const observed = item({ labels, record: recorded });
    const redated = redatedRecord(observed, DEFAULT_CONFIG);
    if (!expected) return expect(redated).toBeUndefined();
    expect(redated).toEqual({ ...observed.record, reminded: null, ...expected });
  });

  it("dates from the filing day in the configured time zone and timeframe", () => {
    const config = { ...DEFAULT_CONFIG, timeZone: "Pacific/Auckland", actionItems: { ...DEFAULT_CONFIG.actionItems, dueIn: { ...DEFAULT_CONFIG.actionItems.dueIn, P1: "10d" } } };
    // 2026-11-26T20:00Z is already the 27th in Auckland.
    const redated = redatedRecord(item({ labels: ["priority:P1"], record: { filedAt: "2026-11-26T20:00:00.000Z" } }), config);
    expect(redated?.due).toBe("2026-12-07");
  });
});

type Edit = [ColumnName, string];

describe("rowEdits: only the cells that differ from the item", () => {
  const cases: [string, string, { item?: Parameters<typeof item>[0]; record?: Partial<ActionItemRecord>; status?: string }, Edit[]][] = [
    ["in step: nothing", row5(), {}, []],
    ["reassigned: the Owner cell", row5(), { item: { assignees: ["bob", "carol"] } }, [["owner", "@bob, @carol"]]],
    ["every assignee removed: the Owner cell is emptied", row5(), { item: { assignees: [] } }, [["owner", ""]]],
    ["no assignee and an empty Owner cell: nothing", row5({ owner: "" }), { item: { assignees: [] } }, []],
    ["a new priority: its cell", row5(), { record: { priority: "P1" } }, [["priority", "P1"]]],
    ["a derived due date moved: its cell", row5(), { record: { due: "2026-12-10" } }, [["due", "2026-12-10"]]],
    ["an explicit due date is the row's own: never written", row5({ due: "next week" }), { record: { due: "2026-12-20", dueSource: "explicit" } }, []],
    ["a known Status: its cell", row5(), { status: "done" }, [["status", "done"]]],
    ["a known Status the row already says: nothing", row5({ status: "done" }), { status: "done" }, []],
    ["an unknown Status leaves a person's words", row5({ status: "blocked on infra" }), {}, []],
    ["a row without its Status cell gets it", row5({ status: null }), { status: "done" }, [["status", "done"]]],
    [
      "several cells differ: each, and nothing else",
      row5(),
      { item: { assignees: ["bob"] }, record: { priority: "P0", due: "2026-12-03" }, status: "implemented (#12)" },
      [
        ["priority", "P0"],
        ["owner", "@bob"],
        ["status", "implemented (#12)"],
        ["due", "2026-12-03"],
      ],
    ],
  ];

  it.each(cases)("%s", (_name, row, given, expected) => {
    const { table, rows } = parsed(doc(WITH_STATUS, row));
    const observed = item(given.item);
    const edits = rowEdits(table, rows, [{ item: observed, record: { ...observed.record, ...given.record }, status: given.status }]);
    expect(edits.map((edit) => [edit.column, edit.value])).toEqual(expected);
    expect(edits.every((edit) => edit.row === rows[0]!.row)).toBe(true);
  });

  it("a table without a Status column gets no Status, nor a cell for it", () => {
    const markdown = doc(WITHOUT_STATUS, row5({ status: null }));
    const { table, rows } = parsed(markdown);
    const observed = item({ state: "closed" });
    expect(rowEdits(table, rows, [{ item: observed, record: observed.record, status: "done" }])).toEqual([]);
  });

  it("items without a row are left out; each filed row gets its own item's edits, and the body changes only there", () => {
    const markdown = doc(WITH_STATUS, row5(), "| Rotate the pager | response | @lee | P2 | 2026-12-26 | #6 | open |");
    const { table, rows } = parsed(markdown);
    const five = item({ assignees: ["bob"] });
    const six = item({ number: 6, assignees: ["lee"], record: { key: "rotate the pager", priority: "P2" } });
    const seven = item({ number: 7, assignees: ["zoe"] });
    const edits = rowEdits(table, rows, [
      { item: five, record: five.record, status: undefined },
      { item: six, record: six.record, status: "dropped" },
      { item: seven, record: seven.record, status: "done" },
    ]);
    expect(edits.map((edit) => [edit.row.position, edit.column, edit.value])).toEqual([
      [1, "owner", "@bob"],
      [2, "status", "dropped"],
    ]);
    expect(editCells(markdown, table, edits)).toBe(doc(WITH_STATUS, row5({ owner: "@bob" }), "| Rotate the pager | response | @lee | P2 | 2026-12-26 | #6 | dropped |"));
  });
});

describe("knownItemsSuffice: the catch-up's items read for the whole repository stand for a postmortem's own list", () => {
  const rowsOf = (...rows: string[]) => parsed(doc(WITH_STATUS, ...rows)).rows;
  const filed = (number: number) => `| Fix ${number} | prevention | @dana | P2 | 2027-01-01 | #${number} | open |`;
  it.each<[string, ActionRow[], number[], boolean]>([
    ["every filed row's item is known", rowsOf(filed(5), filed(6)), [5, 6], true],
    ["no rows at all", rowsOf(), [], true],
    ["a filed row's item is not among them (closed long ago, say)", rowsOf(filed(5), filed(6)), [5], false],
    ["a row waits to be filed: its item may exist, to be adopted", rowsOf(filed(5), "| A new fix | detection | @dana | P1 | | | |"), [5], false],
    ["only the template's placeholder row", parsed(doc(WITH_STATUS, "| _Describe a specific, measurable action_ | prevention | @owner | P1 | | | |")).rows, [], true],
  ])("%s", (_name, rows, known, expected) => {
    expect(
      knownItemsSuffice(
        rows,
        known.map((number) => item({ number })),
      ),
    ).toBe(expected);
  });
});
