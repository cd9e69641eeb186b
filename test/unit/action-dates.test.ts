import { afterEach, describe, expect, it } from "vitest";
import type { ActionItemRecord } from "../../src/action-items/action-item-body.js";
import { derivedDueDate } from "../../src/action-items/due-date.js";
import { daysOverdue, reminderComment, reminderDue, reminderStage, type ReminderStage } from "../../src/action-items/reminders.js";
import { parseConfig } from "../../src/config/load-config.js";
import type { PostmortemConfig, Priority } from "../../src/config/schema.js";

// Reference calendar (checked by hand): Mon 2026-11-23 … Sun 11-29, Mon 11-30, Tue 12-01, Wed 12-02,
// Thu 12-03, Fri 12-04, Mon 12-07, Wed 12-09. Europe/Berlin is UTC+1 in winter, UTC+2 in summer
// (summer time ends Sun 2026-10-25); America/New_York is UTC-5 in winter (summer time starts Sun
// 2026-03-08); America/Los_Angeles UTC-8 in winter; Asia/Tokyo UTC+9; Pacific/Kiritimati UTC+14.

type RawConfig = Record<string, unknown>;

function config(raw: RawConfig = {}): PostmortemConfig {
  const { config: parsed, problems } = parseConfig(raw);
  if (problems.length > 0) throw new Error(`invalid test config: ${problems.join("; ")}`);
  return parsed;
}

const items = (actionItems: RawConfig, rest: RawConfig = {}): RawConfig => ({ ...rest, actionItems });

function record(due: string, reminded: ReminderStage | null = null, priority: Priority = "P1"): ActionItemRecord {
  return {
    postmortem: { owner: "acme", repo: "incidents", number: 40 },
    incident: { owner: "acme", repo: "incidents", number: 39 },
    key: "add alerting on queue depth",
    priority,
    type: "detection",
    due,
    dueSource: "derived",
    filedAt: "2026-11-16T10:00:00.000Z",
    reminded,
  };
}

describe("the configuration these tests build on", () => {
  it("defaults are the priority framework, 2 business days' notice and 7 days' grace", () => {
    const defaults = config();
    expect(defaults.actionItems.dueIn).toEqual({ P0: "1w", P1: "2w", P2: "1m", P3: "1m", P4: "3m", P5: "3m" });
    expect(defaults.actionItems.dueSoonBusinessDays).toBe(2);
    expect(defaults.actionItems.escalateAfterDays).toBe(7);
    expect(defaults.actionItems.escalateTo).toEqual([]);
    expect(defaults.timeZone).toBe("UTC");
    expect(defaults.holidays).toEqual([]);
  });
});

describe("derivedDueDate", () => {
  it.each<[Priority, string, string]>([
    ["P0", "2026-11-23T12:00:00Z", "2026-11-30"],
    ["P1", "2026-11-23T12:00:00Z", "2026-12-07"],
    ["P2", "2026-11-23T12:00:00Z", "2026-12-23"],
    ["P3", "2026-11-23T12:00:00Z", "2026-12-23"],
    ["P4", "2026-11-23T12:00:00Z", "2027-02-23"],
    ["P5", "2026-11-23T12:00:00Z", "2027-02-23"],
  ])("the framework: %s filed %s → %s", (priority, filedAt, expected) => {
    expect(derivedDueDate(priority, new Date(filedAt), config())).toBe(expected);
  });

  it.each<[Priority, string, string]>([
    ["P2", "2027-01-31T12:00:00Z", "2027-02-28"],
    ["P3", "2028-01-31T12:00:00Z", "2028-02-29"],
    ["P4", "2027-01-31T12:00:00Z", "2027-04-30"],
    ["P5", "2026-11-30T12:00:00Z", "2027-02-28"],
    ["P2", "2026-08-31T12:00:00Z", "2026-09-30"],
    ["P2", "2026-03-31T12:00:00Z", "2026-04-30"],
    ["P2", "2026-12-31T12:00:00Z", "2027-01-31"],
    ["P0", "2026-12-31T12:00:00Z", "2027-01-07"],
    ["P1", "2026-12-20T12:00:00Z", "2027-01-03"],
    ["P0", "2028-02-25T12:00:00Z", "2028-03-03"],
  ])("month and year ends: %s filed %s → %s", (priority, filedAt, expected) => {
    expect(derivedDueDate(priority, new Date(filedAt), config())).toBe(expected);
  });

  it.each<[Priority, string, string, string]>([
    // priority, filed, zone, due (the UTC date would give another answer)
    ["P0", "2026-11-23T23:30:00Z", "Asia/Tokyo", "2026-12-01"],
    ["P0", "2026-11-23T23:30:00Z", "UTC", "2026-11-30"],
    ["P0", "2026-11-24T05:00:00Z", "America/Los_Angeles", "2026-11-30"],
    ["P0", "2026-11-24T05:00:00Z", "UTC", "2026-12-01"],
    ["P2", "2027-02-01T03:00:00Z", "America/New_York", "2027-02-28"],
    ["P2", "2027-02-01T03:00:00Z", "UTC", "2027-03-01"],
    ["P1", "2026-12-31T23:30:00Z", "Europe/Berlin", "2027-01-15"],
    ["P1", "2026-12-31T23:30:00Z", "UTC", "2027-01-14"],
    ["P0", "2026-11-23T09:59:59Z", "Pacific/Kiritimati", "2026-11-30"],
    ["P0", "2026-11-23T10:00:00Z", "Pacific/Kiritimati", "2026-12-01"],
  ])("the filing date is the local one: %s filed %s in %s → %s", (priority, filedAt, timeZone, expected) => {
    expect(derivedDueDate(priority, new Date(filedAt), config({ timeZone }))).toBe(expected);
  });

  it.each<[Priority, RawConfig, string, string]>([
    ["P0", { P0: "10d" }, "2026-11-23T12:00:00Z", "2026-12-03"],
    ["P2", { P2: "10d" }, "2026-12-28T12:00:00Z", "2027-01-07"],
    ["P2", { P2: "0d" }, "2026-11-23T12:00:00Z", "2026-11-23"],
    ["P1", { P1: "3w" }, "2026-11-23T12:00:00Z", "2026-12-14"],
    ["P5", { P5: "12m" }, "2026-11-23T12:00:00Z", "2027-11-23"],
    ["P3", { P3: "365d" }, "2027-01-01T12:00:00Z", "2028-01-01"],
    ["P4", { P4: "6m" }, "2026-08-31T12:00:00Z", "2027-02-28"],
    ["P0", { P1: "10d" }, "2026-11-23T12:00:00Z", "2026-11-30"],
  ])("custom dueIn: %s with %j filed %s → %s", (priority, dueIn, filedAt, expected) => {
    expect(derivedDueDate(priority, new Date(filedAt), config(items({ dueIn })))).toBe(expected);
  });

  it("a day's step across the start of summer time in the configured zone", () => {
    // 2026-03-28T23:30Z is 00:30 on Sun 03-29 in Berlin, the night clocks go forward.
    expect(derivedDueDate("P0", new Date("2026-03-28T23:30:00Z"), config({ timeZone: "Europe/Berlin", ...items({ dueIn: { P0: "1d" } }) }))).toBe("2026-03-30");
  });

  describe("the server's own time zone does not matter", () => {
    const zone = process.env.TZ;
    afterEach(() => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });

    it.each<[string, Priority, string, RawConfig, string]>([
      ["America/New_York", "P0", "2026-03-08T12:00:00Z", {}, "2026-03-15"],
      ["America/New_York", "P2", "2027-01-31T12:00:00Z", {}, "2027-02-28"],
      ["Pacific/Auckland", "P1", "2026-11-23T12:00:00Z", {}, "2026-12-07"],
      ["Pacific/Auckland", "P0", "2026-11-23T23:30:00Z", { timeZone: "America/Los_Angeles" }, "2026-11-30"],
      ["America/Santiago", "P1", "2026-08-23T12:00:00Z", {}, "2026-09-06"],
      ["America/Santiago", "P0", "2026-09-05T12:00:00Z", items({ dueIn: { P0: "1d" } }), "2026-09-06"],
      ["Asia/Kolkata", "P4", "2026-11-30T12:00:00Z", {}, "2027-02-28"],
    ])("server in %s: %s filed %s (%j) → %s", (serverZone, priority, filedAt, raw, expected) => {
      process.env.TZ = serverZone;
      expect(derivedDueDate(priority, new Date(filedAt), config(raw))).toBe(expected);
    });
  });
});

describe("reminderStage", () => {
  it.each<[string, string, string, RawConfig, ReminderStage | null]>([
    // why, due, now, config, stage
    ["Fri: notice reaches Tue 12-01 only", "2026-12-02", "2026-11-27T12:00:00Z", {}, null],
    ["Sat", "2026-12-02", "2026-11-28T12:00:00Z", {}, null],
    ["Sun", "2026-12-02", "2026-11-29T12:00:00Z", {}, null],
    ["Mon: two business days reach Wed", "2026-12-02", "2026-11-30T00:00:00Z", {}, "due-soon"],
    ["the day before", "2026-12-02", "2026-12-01T12:00:00Z", {}, "due-soon"],
    ["the due day", "2026-12-02", "2026-12-02T12:00:00Z", {}, "due-soon"],
    ["the due day's last instant", "2026-12-02", "2026-12-02T23:59:59.999Z", {}, "due-soon"],
    ["the next day's first instant", "2026-12-02", "2026-12-03T00:00:00.000Z", {}, "overdue"],
    ["6 days late", "2026-12-02", "2026-12-08T23:59:59.999Z", {}, "overdue"],
    ["7 days late", "2026-12-02", "2026-12-09T00:00:00.000Z", {}, "escalated"],
    ["months late", "2026-12-02", "2027-03-01T00:00:00Z", {}, "escalated"],
    ["due Mon, now Wed: Thu, Fri", "2026-11-30", "2026-11-25T12:00:00Z", {}, null],
    ["due Mon, now Thu: the weekend is skipped", "2026-11-30", "2026-11-26T12:00:00Z", {}, "due-soon"],
    ["due Mon, now Fri", "2026-11-30", "2026-11-27T12:00:00Z", {}, "due-soon"],
    ["due Sat, now Wed: Thu, Fri", "2026-11-28", "2026-11-25T12:00:00Z", {}, null],
    ["due Sat, now Thu: Fri, Mon", "2026-11-28", "2026-11-26T12:00:00Z", {}, "due-soon"],
    ["due Mon, now Wed, Thu a holiday", "2026-11-30", "2026-11-25T12:00:00Z", { holidays: ["2026-11-26"] }, "due-soon"],
    ["due Mon, now Tue, no holidays", "2026-11-30", "2026-11-24T12:00:00Z", {}, null],
    ["due Mon, now Tue, Thu and Fri holidays", "2026-11-30", "2026-11-24T12:00:00Z", { holidays: ["2026-11-26", "2026-11-27"] }, "due-soon"],
    ["a holiday outside the window", "2026-12-04", "2026-12-01T12:00:00Z", { holidays: ["2026-12-24"] }, null],
    ["no notice: the day before", "2026-12-02", "2026-12-01T12:00:00Z", items({ dueSoonBusinessDays: 0 }), null],
    ["no notice: the due day", "2026-12-02", "2026-12-02T00:00:00Z", items({ dueSoonBusinessDays: 0 }), "due-soon"],
    ["5 days' notice from Mon", "2026-12-07", "2026-11-30T12:00:00Z", items({ dueSoonBusinessDays: 5 }), "due-soon"],
    ["5 days' notice from Fri", "2026-12-07", "2026-11-27T12:00:00Z", items({ dueSoonBusinessDays: 5 }), null],
  ])("%s: due %s at %s (%j) → %s", (_why, due, now, raw, expected) => {
    expect(reminderStage(due, new Date(now), config(raw))).toBe(expected);
  });

  it.each<[string, string, string, ReminderStage | null]>([
    // zone, due, now, stage: the due day ends at local midnight
    ["Europe/Berlin", "2026-12-02", "2026-12-02T22:59:59.999Z", "due-soon"],
    ["Europe/Berlin", "2026-12-02", "2026-12-02T23:00:00.000Z", "overdue"],
    ["UTC", "2026-12-02", "2026-12-02T23:00:00.000Z", "due-soon"],
    ["America/New_York", "2026-12-02", "2026-12-03T04:59:59.999Z", "due-soon"],
    ["America/New_York", "2026-12-02", "2026-12-03T05:00:00.000Z", "overdue"],
    ["Asia/Tokyo", "2026-12-02", "2026-12-02T14:59:59.999Z", "due-soon"],
    ["Asia/Tokyo", "2026-12-02", "2026-12-02T15:00:00.000Z", "overdue"],
    ["America/New_York", "2026-03-08", "2026-03-09T03:59:59.999Z", "due-soon"],
    ["America/New_York", "2026-03-08", "2026-03-09T04:00:00.000Z", "overdue"],
    ["Europe/Berlin", "2026-10-25", "2026-10-25T22:59:59.999Z", "due-soon"],
    ["Europe/Berlin", "2026-10-25", "2026-10-25T23:00:00.000Z", "overdue"],
    ["Europe/Berlin", "2026-07-15", "2026-07-15T21:59:59.999Z", "due-soon"],
    ["Europe/Berlin", "2026-07-15", "2026-07-15T22:00:00.000Z", "overdue"],
    // The due-soon window starts from the local date: Wed evening in Los Angeles is Thu in UTC.
    ["America/Los_Angeles", "2026-11-30", "2026-11-26T05:00:00Z", null],
    ["UTC", "2026-11-30", "2026-11-26T05:00:00Z", "due-soon"],
    // Days late are counted in local dates too.
    ["Europe/Berlin", "2026-12-02", "2026-12-08T23:00:00Z", "escalated"],
    ["UTC", "2026-12-02", "2026-12-08T23:00:00Z", "overdue"],
  ])("in %s: due %s at %s → %s", (timeZone, due, now, expected) => {
    expect(reminderStage(due, new Date(now), config({ timeZone }))).toBe(expected);
  });

  it.each<[number, string, ReminderStage | null]>([
    [0, "2026-12-02T23:59:59.999Z", "due-soon"],
    [0, "2026-12-03T00:00:00.000Z", "escalated"],
    [1, "2026-12-03T00:00:00.000Z", "escalated"],
    [3, "2026-12-04T12:00:00Z", "overdue"],
    [3, "2026-12-05T00:00:00Z", "escalated"],
    [30, "2026-12-31T12:00:00Z", "overdue"],
    [30, "2027-01-01T00:00:00Z", "escalated"],
  ])("escalateAfterDays %i, due 2026-12-02, at %s → %s", (escalateAfterDays, now, expected) => {
    expect(reminderStage("2026-12-02", new Date(now), config(items({ escalateAfterDays })))).toBe(expected);
  });
});

describe("reminderDue", () => {
  it.each<[ReminderStage | null, string, ReminderStage | null]>([
    // last posted, now (due 2026-12-02, default config), owed
    [null, "2026-11-27T12:00:00Z", null],
    [null, "2026-11-30T12:00:00Z", "due-soon"],
    ["due-soon", "2026-11-30T12:00:00Z", null],
    ["due-soon", "2026-12-02T12:00:00Z", null],
    ["due-soon", "2026-12-03T12:00:00Z", "overdue"],
    [null, "2026-12-03T12:00:00Z", "overdue"],
    ["overdue", "2026-12-05T12:00:00Z", null],
    ["overdue", "2026-12-09T12:00:00Z", "escalated"],
    ["due-soon", "2026-12-09T12:00:00Z", "escalated"],
    [null, "2026-12-09T12:00:00Z", "escalated"],
    ["escalated", "2026-12-20T12:00:00Z", null],
    // Never back a stage (a Due date moved later, say).
    ["escalated", "2026-12-03T12:00:00Z", null],
    ["escalated", "2026-12-01T12:00:00Z", null],
    ["overdue", "2026-12-01T12:00:00Z", null],
    ["overdue", "2026-11-27T12:00:00Z", null],
  ])("last posted %s, at %s → %s", (reminded, now, expected) => {
    expect(reminderDue(record("2026-12-02", reminded), new Date(now), config())).toBe(expected);
  });

  function sweep(start: ActionItemRecord, from: string, to: string, stepHours: number, cfg: PostmortemConfig): [string, ReminderStage][] {
    const posted: [string, ReminderStage][] = [];
    let current = start;
    for (let time = Date.parse(from); time <= Date.parse(to); time += stepHours * 3_600_000) {
      const now = new Date(time);
      const stage = reminderDue(current, now, cfg);
      if (stage) {
        posted.push([now.toISOString(), stage]);
        current = { ...current, reminded: stage };
      }
    }
    return posted;
  }

  it("a month of sweeps every 6 hours posts each stage once, in order", () => {
    expect(sweep(record("2026-12-02"), "2026-11-20T00:00:00Z", "2026-12-31T18:00:00Z", 6, config())).toEqual([
      ["2026-11-30T00:00:00.000Z", "due-soon"],
      ["2026-12-03T00:00:00.000Z", "overdue"],
      ["2026-12-09T00:00:00.000Z", "escalated"],
    ]);
  });

  it("hourly sweeps in Berlin post at local midnights", () => {
    expect(sweep(record("2026-12-02"), "2026-11-20T00:00:00Z", "2026-12-31T23:00:00Z", 1, config({ timeZone: "Europe/Berlin" }))).toEqual([
      ["2026-11-29T23:00:00.000Z", "due-soon"],
      ["2026-12-02T23:00:00.000Z", "overdue"],
      ["2026-12-08T23:00:00.000Z", "escalated"],
    ]);
  });

  it("after an overdue reminder, a Due date moved later brings only the escalation", () => {
    expect(sweep(record("2026-12-20", "overdue"), "2026-12-04T12:00:00Z", "2027-01-10T12:00:00Z", 24, config())).toEqual([["2026-12-27T12:00:00.000Z", "escalated"]]);
  });
});

describe("daysOverdue", () => {
  it.each<[string, string, string, number]>([
    ["2026-12-02", "2026-12-01T12:00:00Z", "UTC", 0],
    ["2026-12-02", "2026-12-02T23:59:59Z", "UTC", 0],
    ["2026-12-02", "2026-12-03T00:00:00Z", "UTC", 1],
    ["2026-12-02", "2026-12-09T12:00:00Z", "UTC", 7],
    ["2026-12-02", "2027-01-01T00:00:00Z", "UTC", 30],
    ["2026-02-27", "2026-03-01T12:00:00Z", "UTC", 2],
    ["2026-12-02", "2026-12-09T23:30:00Z", "Europe/Berlin", 8],
    ["2026-12-02", "2026-12-03T07:00:00Z", "America/Los_Angeles", 0],
    ["2026-12-02", "2026-12-02T15:00:00Z", "Asia/Tokyo", 1],
    ["2026-03-07", "2026-03-10T12:00:00Z", "America/New_York", 3],
  ])("due %s at %s in %s → %i", (due, now, timeZone, expected) => {
    expect(daysOverdue(due, new Date(now), config({ timeZone }))).toBe(expected);
  });
});

describe("reminderComment", () => {
  const OVERDUE_TAIL = "and is overdue. Close it when it is done, or move its Due date in the postmortem with a reason.";

  it.each<[ReminderStage, Priority, string[], RawConfig, string, string]>([
    ["due-soon", "P1", ["dana", "lee"], {}, "2026-11-30T12:00:00Z", "@dana @lee this P1 action item is due on **2026-12-02**."],
    ["due-soon", "P1", [], {}, "2026-11-30T12:00:00Z", "This item has no owner: this P1 action item is due on **2026-12-02**."],
    ["due-soon", "P0", ["dependabot[bot]"], {}, "2026-11-30T12:00:00Z", "dependabot[bot] this P0 action item is due on **2026-12-02**."],
    ["overdue", "P1", ["dana"], {}, "2026-12-03T12:00:00Z", `@dana this P1 action item was due on **2026-12-02** ${OVERDUE_TAIL}`],
    ["overdue", "P3", [], {}, "2026-12-03T12:00:00Z", `This item has no owner: this P3 action item was due on **2026-12-02** ${OVERDUE_TAIL}`],
    [
      "escalated",
      "P1",
      ["dana", "lee"],
      items({ escalateTo: ["@acme/sre-leads", "boss"] }),
      "2026-12-09T12:00:00Z",
      "@acme/sre-leads @boss: this P1 action item is 7 days overdue (due 2026-12-02). Owner: @dana, @lee. Please help unblock it or re-plan it.",
    ],
    [
      "escalated",
      "P1",
      [],
      {},
      "2026-12-03T00:00:00Z",
      "postmortem owners: this P1 action item is 1 day overdue (due 2026-12-02). It has no owner. Please help unblock it or re-plan it.",
    ],
    [
      "escalated",
      "P2",
      ["dana"],
      {},
      "2026-12-09T12:00:00Z",
      "postmortem owners: this P2 action item is 7 days overdue (due 2026-12-02). Owner: @dana. Please help unblock it or re-plan it.",
    ],
    [
      "escalated",
      "P1",
      [],
      items({ escalateTo: ["@acme/sre-leads"] }),
      "2026-12-09T12:00:00Z",
      "@acme/sre-leads: this P1 action item is 7 days overdue (due 2026-12-02). It has no owner. Please help unblock it or re-plan it.",
    ],
    [
      "escalated",
      "P1",
      ["dana"],
      { timeZone: "Europe/Berlin", ...items({ escalateTo: ["sre-lead"] }) },
      "2026-12-09T23:30:00Z",
      "@sre-lead: this P1 action item is 8 days overdue (due 2026-12-02). Owner: @dana. Please help unblock it or re-plan it.",
    ],
  ])("%s %s owners %j (%j) at %s", (stage, priority, owners, raw, now, expected) => {
    expect(reminderComment(stage, record("2026-12-02", null, priority), owners, config(raw), new Date(now))).toBe(expected);
  });
});
