import { appMarkers } from "../github/app-comments.js";
import { differenceInCalendarDays, parseISO } from "date-fns";
import type { PostmortemConfig } from "../config/schema.js";
import { calendarOf, isPastDeadline, localDate } from "../domain/business-days.js";
import { mention } from "../markdown/escape.js";
import { marker } from "../domain/markers.js";
import { readSummary } from "../domain/postmortem-summary.js";
import { writtenByApp, type GitHubClient, type IssueComment, type RepoRef } from "../github/github-client.js";

/**
 * Whether a postmortem past its review date is owed a reminder today: the first one as soon as the
 * date has passed, then one every `interval` days after the last, counted from reminders for the
 * same date (a moved date starts again).
 */
export function reviewReminderDue(reviewDue: string, today: string, lastReminder: string | undefined, interval: number): boolean {
  if (today <= reviewDue) return false;
  if (!lastReminder) return true;
  return differenceInCalendarDays(parseISO(today), parseISO(lastReminder)) >= interval;
}

export function lastReviewReminder(comments: readonly IssueComment[], reviewDue: string): string | undefined {
  return appMarkers(comments, "reminder")
    .flatMap((data) => (data.reviewDue === reviewDue && data.on !== undefined ? [data.on] : []))
    .sort()
    .at(-1);
}

export function reviewReminderComment(reviewDue: string, today: string, assignees: readonly string[], interval: number): string {
  const late = differenceInCalendarDays(parseISO(today), parseISO(reviewDue));
  const who = assignees.length ? assignees.map(mention).join(" ") : "Nobody is assigned to this postmortem:";
  return [
    marker("reminder", { reviewDue, on: today }),
    `${who} the review of this postmortem was due on **${reviewDue}** (${late} day${late === 1 ? "" : "s"} ago).`,
    "",
    `Hold the review, tick the checklist and close the postmortem, or move the deadline by resolving the incident again. The next reminder comes in ${interval} day${interval === 1 ? "" : "s"}.`,
  ].join("\n");
}

/**
 * Chases overdue reviews in one repository: reads the open postmortems (bounded by what is open),
 * and the comments only of those past their date.
 */
export async function remindOverdueReviews(github: GitHubClient, repo: RepoRef, config: PostmortemConfig, now: Date): Promise<number> {
  const calendar = calendarOf(config);
  const today = localDate(now, calendar);
  let reminded = 0;
  for (const postmortem of await github.listLabelledIssues(repo, config.postmortem.label, "open")) {
    const summary = writtenByApp(postmortem.user) ? readSummary(postmortem.body) : undefined;
    if (!summary?.reviewDue || !isPastDeadline(summary.reviewDue, now, calendar)) continue;
    const ref = { ...repo, number: postmortem.number };
    const last = lastReviewReminder(await github.listComments(ref), summary.reviewDue);
    if (!reviewReminderDue(summary.reviewDue, today, last, config.postmortem.reviewReminderDays)) continue;
    const assignees = (postmortem.assignees ?? []).map((assignee) => assignee.login);
    await github.createComment(ref, reviewReminderComment(summary.reviewDue, today, assignees, config.postmortem.reviewReminderDays));
    reminded++;
  }
  return reminded;
}
