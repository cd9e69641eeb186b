import { describe, expect, it } from "vitest";
import type { PeriodKind } from "../../src/digest/model.js";
import { inPeriod, lastCompletePeriod, periodContaining, periodOf, previousPeriods } from "../../src/digest/periods.js";

const HOUR_MS = 3_600_000;
const hours = (period: { start: string; end: string }): number => (Date.parse(period.end) - Date.parse(period.start)) / HOUR_MS;

// Reference calendar (hand-checked): 1 Jan 2026 is a Thursday, so 2026 has 53 ISO weeks and
// 2026-W01 starts Mon 2025-12-29; 2026-W48 is Mon 11-23 .. Sun 11-29; 2026-W53 is Mon 12-28 .. Sun 2027-01-03.
// 1 Jan 2025 is a Wednesday in a common year: 52 weeks, and 2025-W01 starts Mon 2024-12-30.
describe("periodOf, weekly", () => {
  it.each([
    // id, zone, start, end, hours, why
    ["2026-W48", "UTC", "2026-11-23T00:00:00.000Z", "2026-11-30T00:00:00.000Z", 168, "plain UTC week"],
    ["2026-W48", "America/Los_Angeles", "2026-11-23T08:00:00.000Z", "2026-11-30T08:00:00.000Z", 168, "PST, UTC−8"],
    ["2026-W48", "Asia/Tokyo", "2026-11-22T15:00:00.000Z", "2026-11-29T15:00:00.000Z", 168, "JST, UTC+9: starts on Sunday in UTC"],
    ["2026-W48", "Pacific/Auckland", "2026-11-22T11:00:00.000Z", "2026-11-29T11:00:00.000Z", 168, "NZDT, UTC+13"],
    ["2026-W43", "Europe/Berlin", "2026-10-18T22:00:00.000Z", "2026-10-25T23:00:00.000Z", 169, "CEST→CET on Sun 10-25"],
    ["2026-W10", "America/Los_Angeles", "2026-03-02T08:00:00.000Z", "2026-03-09T07:00:00.000Z", 167, "PST→PDT on Sun 03-08"],
    ["2026-W14", "Pacific/Auckland", "2026-03-29T11:00:00.000Z", "2026-04-05T12:00:00.000Z", 169, "NZDT→NZST on Sun 04-05"],
    ["2026-W53", "UTC", "2026-12-28T00:00:00.000Z", "2027-01-04T00:00:00.000Z", 168, "week 53 of a 53-week year"],
    ["2026-W53", "Asia/Tokyo", "2026-12-27T15:00:00.000Z", "2027-01-03T15:00:00.000Z", 168, "week 53 in Tokyo"],
    ["2027-W01", "UTC", "2027-01-04T00:00:00.000Z", "2027-01-11T00:00:00.000Z", 168, "the week after 2026-W53"],
    ["2025-W01", "UTC", "2024-12-30T00:00:00.000Z", "2025-01-06T00:00:00.000Z", 168, "week 1 starting in December"],
    ["2020-W53", "UTC", "2020-12-28T00:00:00.000Z", "2021-01-04T00:00:00.000Z", 168, "leap year starting on Wednesday"],
  ])("%s in %s: %s .. %s (%i h, %s)", (id, zone, start, end, length) => {
    const period = periodOf("weekly", id, zone);
    expect(period).toEqual({ kind: "weekly", id, label: `week ${id}`, start, end });
    expect(hours(period)).toBe(length);
  });
});

describe("periodOf, monthly", () => {
  it.each([
    // id, zone, label, start, end, hours
    ["2028-02", "UTC", "February 2028", "2028-02-01T00:00:00.000Z", "2028-03-01T00:00:00.000Z", 29 * 24],
    ["2026-02", "UTC", "February 2026", "2026-02-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z", 28 * 24],
    ["2026-12", "UTC", "December 2026", "2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z", 31 * 24],
    ["2027-01", "Pacific/Auckland", "January 2027", "2026-12-31T11:00:00.000Z", "2027-01-31T11:00:00.000Z", 31 * 24],
    ["2026-03", "America/Los_Angeles", "March 2026", "2026-03-01T08:00:00.000Z", "2026-04-01T07:00:00.000Z", 31 * 24 - 1],
    ["2026-10", "Europe/Berlin", "October 2026", "2026-09-30T22:00:00.000Z", "2026-10-31T23:00:00.000Z", 31 * 24 + 1],
    ["2026-09", "Asia/Tokyo", "September 2026", "2026-08-31T15:00:00.000Z", "2026-09-30T15:00:00.000Z", 30 * 24],
  ])("%s in %s is %s: %s .. %s", (id, zone, label, start, end, length) => {
    const period = periodOf("monthly", id, zone);
    expect(period).toEqual({ kind: "monthly", id, label, start, end });
    expect(hours(period)).toBe(length);
  });
});

describe("periodOf rejects malformed ids", () => {
  it.each<[PeriodKind, string, string]>([
    ["weekly", "2025-W53", "UTC"], // 2025 has 52 weeks
    ["weekly", "2027-W53", "UTC"], // 1 Jan 2027 is a Friday: 52 weeks
    ["weekly", "2026-W00", "UTC"],
    ["weekly", "2026-W54", "UTC"],
    ["weekly", "2026-W5", "UTC"],
    ["weekly", "2026W48", "UTC"],
    ["weekly", "2026-11", "UTC"],
    ["weekly", "0999-W10", "UTC"],
    ["monthly", "2026-13", "UTC"],
    ["monthly", "2026-00", "UTC"],
    ["monthly", "2026-9", "UTC"],
    ["monthly", "26-09", "UTC"],
    ["monthly", "2026-W48", "UTC"],
    ["monthly", "2026-09", "Mars/Olympus_Mons"],
    ["weekly", "2026-W48", ""],
  ])("%s %s in %s", (kind, id, zone) => {
    expect(() => periodOf(kind, id, zone)).toThrow(RangeError);
  });
});

describe("periodContaining", () => {
  it.each<[PeriodKind, string, string, string]>([
    // kind, instant, zone, id
    ["weekly", "2026-11-29T23:30:00Z", "UTC", "2026-W48"], // Sunday evening in UTC
    ["weekly", "2026-11-29T23:30:00Z", "Asia/Tokyo", "2026-W49"], // already Monday 08:30 in Tokyo
    ["weekly", "2026-11-23T08:00:00.000Z", "America/Los_Angeles", "2026-W48"], // the first instant of the week
    ["weekly", "2026-11-23T07:59:59.999Z", "America/Los_Angeles", "2026-W47"], // the last instant before it
    ["weekly", "2027-01-01T12:00:00Z", "UTC", "2026-W53"],
    ["weekly", "2024-12-31T12:00:00Z", "UTC", "2025-W01"],
    ["monthly", "2026-12-31T20:00:00Z", "Pacific/Auckland", "2027-01"], // 1 Jan 09:00 NZDT
    ["monthly", "2026-12-31T20:00:00Z", "UTC", "2026-12"],
    ["monthly", "2026-03-01T05:00:00Z", "America/Los_Angeles", "2026-02"], // 28 Feb 21:00 PST
  ])("%s at %s in %s is %s", (kind, instant, zone, id) => {
    expect(periodContaining(kind, new Date(instant), zone)).toEqual(periodOf(kind, id, zone));
  });
});

describe("lastCompletePeriod", () => {
  it.each<[PeriodKind, string, string, string]>([
    // kind, now, zone, id
    ["weekly", "2026-11-29T23:30:00Z", "Asia/Tokyo", "2026-W48"], // Monday morning in Tokyo, still Sunday in UTC
    ["weekly", "2026-11-29T23:30:00Z", "UTC", "2026-W47"],
    ["weekly", "2026-11-30T00:00:00Z", "UTC", "2026-W48"], // the very first instant of Monday
    ["weekly", "2027-01-04T09:00:00Z", "UTC", "2026-W53"],
    ["weekly", "2027-01-11T09:00:00Z", "UTC", "2027-W01"],
    ["monthly", "2027-01-01T00:00:00Z", "UTC", "2026-12"],
    ["monthly", "2028-03-01T00:30:00Z", "UTC", "2028-02"],
    ["monthly", "2028-03-01T00:30:00Z", "America/Los_Angeles", "2028-01"], // still 29 Feb in Los Angeles
  ])("%s at %s in %s is %s", (kind, now, zone, id) => {
    expect(lastCompletePeriod(kind, new Date(now), zone).id).toBe(id);
  });
});

describe("previousPeriods", () => {
  it.each<[PeriodKind, string, string, number, string[]]>([
    ["weekly", "2027-W01", "UTC", 3, ["2026-W53", "2026-W52", "2026-W51"]],
    ["weekly", "2026-W45", "Europe/Berlin", 2, ["2026-W44", "2026-W43"]],
    ["monthly", "2027-02", "UTC", 3, ["2027-01", "2026-12", "2026-11"]],
    ["monthly", "2026-11", "Pacific/Auckland", 6, ["2026-10", "2026-09", "2026-08", "2026-07", "2026-06", "2026-05"]],
    ["weekly", "2026-W48", "UTC", 0, []],
  ])("%s %s in %s, %i back", (kind, id, zone, count, expected) => {
    const period = periodOf(kind, id, zone);
    const previous = previousPeriods(period, count, zone);
    expect(previous.map((each) => each.id)).toEqual(expected);
    // Contiguous, newest first: each period ends where the newer one starts, across DST changes too.
    [period, ...previous].slice(1).forEach((older, index) => {
      expect(older.end).toBe([period, ...previous][index]!.start);
    });
  });

  it.each([-1, 1.5])("rejects count %s", (count) => {
    expect(() => previousPeriods(periodOf("weekly", "2026-W48", "UTC"), count, "UTC")).toThrow(RangeError);
  });
});

describe("inPeriod", () => {
  const week = periodOf("weekly", "2026-W48", "UTC");
  it.each<[string | null, boolean]>([
    [null, false],
    ["2026-11-23T00:00:00.000Z", true], // start is inclusive
    ["2026-11-23T00:00:00Z", true], // GitHub's second-precision form of the same instant
    ["2026-11-29T23:59:59.999Z", true],
    ["2026-11-30T00:00:00Z", false], // end is exclusive
    ["2026-11-22T23:59:59Z", false],
  ])("%s => %s", (instant, expected) => {
    expect(inPeriod(instant, week)).toBe(expected);
  });
});
