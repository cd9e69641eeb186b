import { addDays, addMonths, addWeeks, format, parse } from "date-fns";
import type { PostmortemConfig, Priority } from "../config/schema.js";
import { calendarOf, localDate } from "../domain/business-days.js";

/**
 * The due date of an action item from the priority framework: the configured time after the
 * local date it was filed (P0 1 week, P1 2 weeks, P2 and P3 1 month, P4 and P5 3 months).
 */
export function derivedDueDate(priority: Priority, filedAt: Date, config: PostmortemConfig): string {
  const filed = parse(localDate(filedAt, calendarOf(config)), "yyyy-MM-dd", new Date(0));
  const [, count, unit] = /^(\d+)([dwm])$/.exec(config.actionItems.dueIn[priority])!;
  const add = unit === "d" ? addDays : unit === "w" ? addWeeks : addMonths;
  return format(add(filed, Number(count)), "yyyy-MM-dd");
}
