import { describe, expect, it } from "vitest";
import { addBusinessDays, endOfLocalDay, isPastDeadline, localDate, type BusinessCalendar } from "../src/domain/business-days.js";

const cal = (timeZone = "UTC", holidays: string[] = []): BusinessCalendar => ({ timeZone, holidays });
/** Midday UTC on a date, so the UTC local date is unambiguous. */
const noon = (date: string): Date => new Date(`${date}T12:00:00Z`);

// Reference calendar (hand-checked): Mon 2026-11-23 … Sun 2026-11-29, Mon 2026-11-30,
// Tue 12-01, Wed 12-02, Thu 12-03, Fri 12-04. Fri 2026-12-25, Thu 12-31, Fri 2027-01-01.
describe("addBusinessDays, UTC, no holidays", () => {
  it.each([
    // resolved (weekday), days, deadline
    ["2026-11-23", 1, "2026-11-24"], // Mon -> Tue
    ["2026-11-23", 3, "2026-11-26"], // Mon -> Thu
    ["2026-11-23", 5, "2026-11-30"], // Mon -> Mon
    ["2026-11-24", 1, "2026-11-25"], // Tue -> Wed
    ["2026-11-24", 3, "2026-11-27"], // Tue -> Fri
    ["2026-11-24", 5, "2026-12-01"], // Tue -> Tue
    ["2026-11-25", 1, "2026-11-26"], // Wed -> Thu
    ["2026-11-25", 3, "2026-11-30"], // Wed -> Mon
    ["2026-11-25", 5, "2026-12-02"], // Wed -> Wed
    ["2026-11-26", 1, "2026-11-27"], // Thu -> Fri
    ["2026-11-26", 3, "2026-12-01"], // Thu -> Tue
    ["2026-11-26", 5, "2026-12-03"], // Thu -> Thu
    ["2026-11-27", 1, "2026-11-30"], // Fri -> Mon
    ["2026-11-27", 3, "2026-12-02"], // Fri -> Wed
    ["2026-11-27", 5, "2026-12-04"], // Fri -> Fri
    ["2026-11-28", 1, "2026-11-30"], // Sat -> Mon
    ["2026-11-28", 3, "2026-12-02"], // Sat -> Wed
    ["2026-11-28", 5, "2026-12-04"], // Sat -> Fri
    ["2026-11-29", 1, "2026-11-30"], // Sun -> Mon
    ["2026-11-29", 3, "2026-12-02"], // Sun -> Wed
    ["2026-11-29", 5, "2026-12-04"], // Sun -> Fri
    ["2026-04-30", 3, "2026-05-05"], // month end: Thu -> Fri 05-01, Mon 05-04, Tue 05-05
    ["2026-11-26", 0, "2026-11-26"], // days = 0: the resolution date itself
    ["2026-11-28", 0, "2026-11-28"], // days = 0 on a weekend is still the resolution date
  ])("resolved %s +%i => %s", (resolved, days, expected) => {
    expect(addBusinessDays(noon(resolved), days, cal())).toBe(expected);
  });
});

describe("addBusinessDays with holidays", () => {
  it.each([
    // resolved, days, holidays, deadline, why
    ["2026-11-26", 1, ["2026-11-27"], "2026-11-30", "single holiday on the Friday"],
    ["2026-11-23", 3, ["2026-11-25"], "2026-11-27", "single midweek holiday: Tue, Thu, Fri"],
    ["2026-11-25", 2, ["2026-11-26", "2026-11-27"], "2026-12-01", "consecutive holidays Thu+Fri"],
    ["2026-11-26", 1, ["2026-11-26"], "2026-11-27", "holiday on the resolution date is irrelevant"],
    ["2026-11-26", 0, ["2026-11-26"], "2026-11-26", "days = 0 on a holiday"],
    ["2026-11-27", 1, ["2026-11-28", "2026-11-29"], "2026-11-30", "holidays on the weekend change nothing"],
    ["2026-11-27", 1, ["2026-11-30"], "2026-12-01", "holiday on the Monday after a weekend"],
    ["2026-11-26", 1, ["2026-11-27", "2026-11-27"], "2026-11-30", "duplicate holidays"],
    ["2026-04-30", 3, ["2026-05-01"], "2026-05-06", "month end with 05-01 holiday"],
    ["2026-12-24", 1, ["2026-12-25", "2027-01-01"], "2026-12-28", "Thu before Christmas -> Mon"],
    ["2026-12-23", 3, ["2026-12-25", "2027-01-01"], "2026-12-29", "Wed: Thu 24, Mon 28, Tue 29"],
    ["2026-12-31", 1, ["2026-12-25", "2027-01-01"], "2027-01-04", "New Year's Eve -> Mon 2027-01-04"],
    ["2026-12-28", 5, ["2026-12-25", "2027-01-01"], "2027-01-05", "across the year end"],
  ])("resolved %s +%i holidays %j => %s (%s)", (resolved, days, holidays, expected) => {
    expect(addBusinessDays(noon(resolved), days, cal("UTC", holidays))).toBe(expected);
  });
});

describe("time zones: the local date decides, not the UTC date", () => {
  it.each([
    // instant, zone, local date, +1 deadline
    ["2026-11-27T23:30:00Z", "UTC", "2026-11-27", "2026-11-30"], // Fri
    ["2026-11-27T23:30:00Z", "America/Los_Angeles", "2026-11-27", "2026-11-30"], // Fri 15:30 PST
    ["2026-11-27T23:30:00Z", "Asia/Tokyo", "2026-11-28", "2026-11-30"], // Sat 08:30 JST
    ["2026-11-26T23:30:00Z", "America/Los_Angeles", "2026-11-26", "2026-11-27"], // Thu 15:30 PST
    ["2026-11-26T23:30:00Z", "Asia/Tokyo", "2026-11-27", "2026-11-30"], // Fri 08:30 JST
    ["2026-11-30T02:00:00Z", "UTC", "2026-11-30", "2026-12-01"], // Mon 02:00 UTC
    ["2026-11-30T02:00:00Z", "America/New_York", "2026-11-29", "2026-11-30"], // Sun 21:00 EST
    ["2026-10-23T22:30:00Z", "Europe/Berlin", "2026-10-24", "2026-10-26"], // Sat 00:30 CEST, DST weekend
  ])("%s in %s is %s, +1 => %s", (instant, zone, local, deadline) => {
    expect(localDate(new Date(instant), cal(zone))).toBe(local);
    expect(addBusinessDays(new Date(instant), 1, cal(zone))).toBe(deadline);
  });

  it("matches holidays against the local date", () => {
    // Fri 08:30 in Tokyo, next business day Mon 11-30 is a holiday there.
    expect(addBusinessDays(new Date("2026-11-26T23:30:00Z"), 1, cal("Asia/Tokyo", ["2026-11-30"]))).toBe("2026-12-01");
  });
});

describe("endOfLocalDay", () => {
  it.each([
    // date, zone, end instant (start of the next local day), why
    ["2026-11-27", "UTC", "2026-11-28T00:00:00.000Z", "UTC"],
    ["2026-11-27", "Asia/Tokyo", "2026-11-27T15:00:00.000Z", "+09:00"],
    ["2026-11-27", "America/Los_Angeles", "2026-11-28T08:00:00.000Z", "-08:00"],
    ["2026-10-24", "Europe/Berlin", "2026-10-24T22:00:00.000Z", "day before fall-back, CEST"],
    ["2026-10-25", "Europe/Berlin", "2026-10-25T23:00:00.000Z", "fall-back day, 25 h, ends in CET"],
    ["2026-03-07", "America/New_York", "2026-03-08T05:00:00.000Z", "day before spring-forward, EST"],
    ["2026-03-08", "America/New_York", "2026-03-09T04:00:00.000Z", "spring-forward day, 23 h, ends in EDT"],
    ["2026-09-06", "America/Santiago", "2026-09-07T03:00:00.000Z", "day whose midnight is skipped"],
    ["2026-12-31", "UTC", "2027-01-01T00:00:00.000Z", "year end"],
  ])("%s in %s ends at %s (%s)", (date, zone, expected) => {
    expect(endOfLocalDay(date, cal(zone)).toISOString()).toBe(expected);
  });

  it.each([
    ["Europe/Berlin", "2026-10-24", "2026-10-25", 25],
    ["America/New_York", "2026-03-07", "2026-03-08", 23],
    ["America/New_York", "2026-03-09", "2026-03-10", 24],
  ])("in %s, from the end of %s to the end of %s is %i hours", (zone, previous, date, hours) => {
    const length = endOfLocalDay(date, cal(zone)).getTime() - endOfLocalDay(previous, cal(zone)).getTime();
    expect(length).toBe(hours * 3_600_000);
  });

  it("returns a plain Date", () => {
    expect(endOfLocalDay("2026-11-27", cal()).constructor).toBe(Date);
  });
});

describe("isPastDeadline", () => {
  it.each([
    // deadline, zone, now, past?
    ["2026-10-25", "Europe/Berlin", "2026-10-25T22:59:59.999Z", false],
    ["2026-10-25", "Europe/Berlin", "2026-10-25T23:00:00.000Z", true], // first instant of the next local day
    ["2026-10-25", "Europe/Berlin", "2026-10-25T23:00:00.001Z", true],
    ["2026-03-08", "America/New_York", "2026-03-09T03:59:59.999Z", false],
    ["2026-03-08", "America/New_York", "2026-03-09T04:00:00.001Z", true],
    ["2026-11-30", "UTC", "2026-11-30T23:59:59.999Z", false],
    ["2026-11-30", "UTC", "2026-12-01T00:00:00.001Z", true],
    ["2026-11-30", "UTC", "2026-11-29T12:00:00.000Z", false],
  ])("deadline %s in %s, now %s => %s", (deadline, zone, now, expected) => {
    expect(isPastDeadline(deadline, new Date(now), cal(zone))).toBe(expected);
  });
});

describe("invalid input", () => {
  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("rejects days = %s", (days) => {
    expect(() => addBusinessDays(noon("2026-11-26"), days, cal())).toThrow(RangeError);
  });

  it.each(["Mars/Olympus_Mons", "", "Europe/Berln"])("rejects time zone %j", (zone) => {
    expect(() => localDate(noon("2026-11-26"), cal(zone))).toThrow(RangeError);
    expect(() => addBusinessDays(noon("2026-11-26"), 1, cal(zone))).toThrow(RangeError);
    expect(() => endOfLocalDay("2026-11-26", cal(zone))).toThrow(RangeError);
    expect(() => isPastDeadline("2026-11-26", noon("2026-11-26"), cal(zone))).toThrow(RangeError);
  });

  it.each(["2026-13-01", "2026-02-30", "2026-2-03", "26-11-27", "2026-11-27T00:00", "", "2026/11/27"])("rejects malformed date %j", (date) => {
    expect(() => endOfLocalDay(date, cal())).toThrow(RangeError);
    expect(() => isPastDeadline(date, noon("2026-11-26"), cal())).toThrow(RangeError);
  });

  it("rejects invalid Date instants", () => {
    expect(() => localDate(new Date(Number.NaN), cal())).toThrow(RangeError);
    expect(() => addBusinessDays(new Date(Number.NaN), 1, cal())).toThrow(RangeError);
    expect(() => isPastDeadline("2026-11-26", new Date(Number.NaN), cal())).toThrow(RangeError);
  });

  it("gives up with a clear error when every day is a holiday", () => {
    const everyDay = Array.from({ length: 1500 }, (_, i) => new Date(Date.UTC(2026, 10, 27 + i)).toISOString().slice(0, 10));
    expect(() => addBusinessDays(noon("2026-11-26"), 1, cal("UTC", everyDay))).toThrow(/No 1 business days found within 1000 calendar days after 2026-11-26/);
  });
});
