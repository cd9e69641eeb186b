import { TZDate, tz } from "@date-fns/tz";
import { addMonths, addWeeks, format, getISOWeek, getISOWeekYear, isValid, startOfISOWeek, startOfMonth } from "date-fns";
import type { Period, PeriodKind } from "./model.js";

// Four-digit years from 1000: TZDate, like Date, maps years 0..99 to 1900..1999.
const WEEK_ID = /^([1-9]\d{3})-W(\d{2})$/;
const MONTH_ID = /^([1-9]\d{3})-(\d{2})$/;

/** TZDate does not throw for an unknown zone: it yields an Invalid Date instead. */
function assertTimeZone(timeZone: string): void {
  if (timeZone === "" || !isValid(new TZDate(0, timeZone))) {
    throw new RangeError(`Invalid time zone: ${JSON.stringify(timeZone)}`);
  }
}

function malformed(kind: PeriodKind, id: string): RangeError {
  const expected = kind === "weekly" ? "an ISO week such as 2026-W48" : "a month such as 2026-09";
  return new RangeError(`Malformed ${kind} period ${JSON.stringify(id)}: expected ${expected}`);
}

function instant(date: Date): string {
  return new Date(date.getTime()).toISOString();
}

function twoDigits(value: number): string {
  return String(value).padStart(2, "0");
}

function weekPeriod(id: string, timeZone: string): Period {
  const match = WEEK_ID.exec(id);
  if (!match) throw malformed("weekly", id);
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (week < 1 || week > 53) throw malformed("weekly", id);
  const zone = tz(timeZone);
  // Week 1 is the week containing 4 January.
  const firstWeek = startOfISOWeek(new TZDate(year, 0, 4, timeZone), { in: zone });
  const start = startOfISOWeek(addWeeks(firstWeek, week - 1), { in: zone });
  // Only years with 53 weeks keep week 53 inside the same week-numbering year.
  if (getISOWeekYear(start, { in: zone }) !== year) {
    throw new RangeError(`Malformed weekly period ${JSON.stringify(id)}: ${year} has no week ${week}`);
  }
  // startOfISOWeek after adding re-normalises where local midnight is skipped by a DST change.
  const end = startOfISOWeek(addWeeks(start, 1), { in: zone });
  return { kind: "weekly", id, label: `week ${id}`, start: instant(start), end: instant(end) };
}

function monthPeriod(id: string, timeZone: string): Period {
  const match = MONTH_ID.exec(id);
  if (!match) throw malformed("monthly", id);
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) throw malformed("monthly", id);
  const zone = tz(timeZone);
  const start = startOfMonth(new TZDate(year, month - 1, 1, timeZone), { in: zone });
  const end = startOfMonth(addMonths(start, 1), { in: zone });
  const label = format(start, "MMMM yyyy", { in: zone });
  return { kind: "monthly", id, label, start: instant(start), end: instant(end) };
}

/** The period named `id` (`2026-W48` or `2026-09`), bounded by local midnights in `timeZone`. */
export function periodOf(kind: PeriodKind, id: string, timeZone: string): Period {
  assertTimeZone(timeZone);
  return kind === "weekly" ? weekPeriod(id, timeZone) : monthPeriod(id, timeZone);
}

function periodId(kind: PeriodKind, local: TZDate): string {
  if (kind === "monthly") return format(local, "yyyy-MM");
  return `${getISOWeekYear(local)}-W${twoDigits(getISOWeek(local))}`;
}

/** The period whose local days contain `instant`. */
export function periodContaining(kind: PeriodKind, instant: Date, timeZone: string): Period {
  assertTimeZone(timeZone);
  if (!isValid(instant)) throw new RangeError("Invalid instant: not a valid Date");
  return periodOf(kind, periodId(kind, new TZDate(instant.getTime(), timeZone)), timeZone);
}

function periodBefore(period: Period, timeZone: string): Period {
  return periodContaining(period.kind, new Date(Date.parse(period.start) - 1), timeZone);
}

/** The last period that has ended by `now`: a weekly digest run on Monday covers last week. */
export function lastCompletePeriod(kind: PeriodKind, now: Date, timeZone: string): Period {
  return periodBefore(periodContaining(kind, now, timeZone), timeZone);
}

/** The `count` periods before `period`, newest first. */
export function previousPeriods(period: Period, count: number, timeZone: string): Period[] {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`count must be a non-negative integer, got ${count}`);
  }
  const periods: Period[] = [];
  let current = period;
  for (let index = 0; index < count; index++) {
    current = periodBefore(current, timeZone);
    periods.push(current);
  }
  return periods;
}

/** Whether `instant` falls in the period: start inclusive, end exclusive. Null (never happened) is in no period. */
export function inPeriod(instant: string | null, period: Period): boolean {
  if (instant === null) return false;
  // Compare as numbers: GitHub writes `…T10:00:00Z`, toISOString `…T10:00:00.000Z`.
  const time = Date.parse(instant);
  return time >= Date.parse(period.start) && time < Date.parse(period.end);
}
