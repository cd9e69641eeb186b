import { TZDate, tz } from "@date-fns/tz";
import { addDays, format, isValid, isWeekend, parse, startOfDay } from "date-fns";

export interface BusinessCalendar {
  timeZone: string; // IANA zone, e.g. "Europe/Berlin"
  holidays: readonly string[]; // local calendar dates "YYYY-MM-DD" that are not business days
}

/** Upper bound on calendar days scanned by addBusinessDays, so a calendar of all holidays cannot spin forever. */
const MAX_SCANNED_DAYS = 1000;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DATE_FORMAT = "yyyy-MM-dd";

/**
 * Validates the zone. TZDate does not throw for an unknown zone: it silently
 * yields an Invalid Date (NaN), and only some methods (toString) throw later.
 */
function assertTimeZone(timeZone: string): void {
  if (timeZone === "" || !isValid(new TZDate(0, timeZone))) {
    throw new RangeError(`Invalid time zone: ${JSON.stringify(timeZone)}`);
  }
}

function assertInstant(instant: Date, name: string): void {
  if (!isValid(instant)) throw new RangeError(`Invalid ${name}: not a valid Date`);
}

/** Parses a strict "YYYY-MM-DD" local date as midnight of that day in `timeZone`. */
function parseLocalDate(date: string, timeZone: string): TZDate {
  const parsed = DATE_PATTERN.test(date) ? parse(date, DATE_FORMAT, new Date(0), { in: tz(timeZone) }) : undefined;
  if (parsed === undefined || !isValid(parsed)) {
    throw new RangeError(`Malformed date ${JSON.stringify(date)}: expected an existing YYYY-MM-DD date`);
  }
  return parsed;
}

export function localDate(instant: Date, calendar: BusinessCalendar): string {
  assertTimeZone(calendar.timeZone);
  assertInstant(instant, "instant");
  return format(instant, DATE_FORMAT, { in: tz(calendar.timeZone) });
}

export function addBusinessDays(resolvedAt: Date, days: number, calendar: BusinessCalendar): string {
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`days must be a non-negative integer, got ${days}`);
  }
  const start = localDate(resolvedAt, calendar);
  const holidays = new Set(calendar.holidays);
  // Once the local date is known the rest is pure calendar arithmetic: step through
  // days anchored in UTC, so DST transitions of the calendar's zone cannot interfere.
  let day = parseLocalDate(start, "UTC");
  let remaining = days;
  for (let scanned = 0; remaining > 0; scanned++) {
    if (scanned >= MAX_SCANNED_DAYS) {
      throw new RangeError(`No ${days} business days found within ${MAX_SCANNED_DAYS} calendar days after ${start}; check the holiday calendar`);
    }
    day = addDays(day, 1);
    if (!isWeekend(day) && !holidays.has(format(day, DATE_FORMAT))) remaining--;
  }
  return format(day, DATE_FORMAT);
}

export function endOfLocalDay(date: string, calendar: BusinessCalendar): Date {
  assertTimeZone(calendar.timeZone);
  const zone = tz(calendar.timeZone);
  // addDays on a TZDate keeps the local wall time across DST changes (23- or 25-hour days);
  // startOfDay re-normalises for zones where midnight itself is skipped (parse then lands on 01:00).
  const nextDay = startOfDay(addDays(parseLocalDate(date, calendar.timeZone), 1), { in: zone });
  return new Date(nextDay.getTime());
}

/** True when `now` is at or after the end of the deadline's local day (i.e. in a later local day). */
export function isPastDeadline(deadline: string, now: Date, calendar: BusinessCalendar): boolean {
  assertInstant(now, "now");
  return now.getTime() >= endOfLocalDay(deadline, calendar).getTime();
}

/** The business calendar a configuration sets: its time zone and holidays. */
export function calendarOf(config: { timeZone: string; holidays: readonly string[] }): BusinessCalendar {
  return { timeZone: config.timeZone, holidays: [...config.holidays] };
}
