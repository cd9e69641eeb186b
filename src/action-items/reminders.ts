import { differenceInCalendarDays, parseISO } from "date-fns";
import type { PostmortemConfig } from "../config/schema.js";
import { addBusinessDays, calendarOf, isPastDeadline, localDate } from "../domain/business-days.js";
import { mention } from "../markdown/escape.js";
import type { ActionItemRecord } from "./action-item-body.js";

export type ReminderStage = NonNullable<ActionItemRecord["reminded"]>;
const RANK: Record<ReminderStage, number> = { "due-soon": 1, overdue: 2, escalated: 3 };

/** Where an item stands on a day: due soon, overdue, overdue past the grace period, or none of these. */
export function reminderStage(due: string, now: Date, config: PostmortemConfig): ReminderStage | null {
  const calendar = calendarOf(config);
  if (isPastDeadline(due, now, calendar)) {
    const daysOverdue = differenceInCalendarDays(parseISO(localDate(now, calendar)), parseISO(due));
    return daysOverdue >= Math.max(1, config.actionItems.escalateAfterDays) ? "escalated" : "overdue";
  }
  return addBusinessDays(now, config.actionItems.dueSoonBusinessDays, calendar) >= due ? "due-soon" : null;
}

/** The reminder an item is owed now: a stage later than the last one posted, else none (each is posted once). */
export function reminderDue(record: ActionItemRecord, now: Date, config: PostmortemConfig): ReminderStage | null {
  const stage = reminderStage(record.due, now, config);
  if (!stage) return null;
  return RANK[stage] > (record.reminded ? RANK[record.reminded] : 0) ? stage : null;
}

export function daysOverdue(due: string, now: Date, config: PostmortemConfig): number {
  return Math.max(0, differenceInCalendarDays(parseISO(localDate(now, calendarOf(config))), parseISO(due)));
}

export function reminderComment(stage: ReminderStage, record: ActionItemRecord, owners: readonly string[], config: PostmortemConfig, now: Date): string {
  const who = owners.length ? owners.map(mention).join(" ") : "This item has no owner:";
  if (stage === "due-soon") return `${who} this ${record.priority} action item is due on **${record.due}**.`;
  const late = daysOverdue(record.due, now, config);
  if (stage === "overdue") {
    return `${who} this ${record.priority} action item was due on **${record.due}** and is overdue. Close it when it is done, or move its Due date in the postmortem with a reason.`;
  }
  // Validated by the schema as a login or org/team, so they can be mentioned as written.
  const escalation = config.actionItems.escalateTo.map((target) => `@${target.replace(/^@/, "")}`);
  const to = escalation.length ? escalation.join(" ") : "postmortem owners";
  return `${to}: this ${record.priority} action item is ${late} day${late === 1 ? "" : "s"} overdue (due ${record.due}). ${owners.length ? `Owner: ${owners.map(mention).join(", ")}.` : "It has no owner."} Please help unblock it or re-plan it.`;
}
