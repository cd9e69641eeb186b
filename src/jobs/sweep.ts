import { appMarkers, hasAppMarker } from "../github/app-comments.js";
import { readActionItemRecord, replaceActionItemBlock } from "../action-items/action-item-body.js";
import { effectivenessReminder, unownedComment } from "../action-items/messages.js";
import { reminderComment, reminderDue } from "../action-items/reminders.js";
import { EFFECTIVENESS_LABEL } from "../reconcile/reconcile-postmortem.js";
import type { PostmortemConfig } from "../config/schema.js";
import { calendarOf, localDate } from "../domain/business-days.js";
import { formatIssueRef, issueMention, type IssueRef } from "../domain/issue-ref.js";
import { writtenByApp, type GitHubClient, type RepoRef } from "../github/github-client.js";
import { remindOverdueReviews } from "../postmortem/review-reminders.js";

export interface SweepReport {
  openItems: number;
  reminders: Record<"due-soon" | "overdue" | "escalated", number>;
  unownedCalledOut: number;
  effectivenessReminders: number;
  reviewReminders: number;
}

/**
 * Chases the open action items and the overdue reviews of one repository: a reminder per stage (due soon, overdue,
 * escalated), posted once each because the stage is recorded in the item's own marker; items
 * without an owner are named on their postmortem; due effectiveness reviews are recalled.
 * Reads grow with the open items and the postmortems awaiting a review, never with history.
 */
export async function sweepRepository(github: GitHubClient, repo: RepoRef, config: PostmortemConfig, now: Date): Promise<SweepReport> {
  const report: SweepReport = { openItems: 0, reminders: { "due-soon": 0, overdue: 0, escalated: 0 }, unownedCalledOut: 0, effectivenessReminders: 0, reviewReminders: 0 };
  const items = await github.listLabelledIssues(repo, config.actionItems.label, "open");
  const unowned = new Map<string, { postmortem: IssueRef; items: IssueRef[] }>();

  for (const item of items) {
    const record = writtenByApp(item.user) ? readActionItemRecord(item.body) : undefined;
    if (!record) continue;
    report.openItems++;
    const ref: IssueRef = { ...repo, number: item.number };
    const owners = (item.assignees ?? []).map((assignee) => assignee.login);
    if (owners.length === 0) {
      const key = formatIssueRef(record.postmortem);
      const entry = unowned.get(key) ?? { postmortem: record.postmortem, items: [] };
      entry.items.push(ref);
      unowned.set(key, entry);
    }
    const stage = reminderDue(record, now, config);
    if (!stage) continue;
    // A reminder is three writes (comment, label, the stage in the item's marker): all or none.
    github.ensureBudget(3);
    await github.createComment(ref, reminderComment(stage, record, owners, config, now));
    const labels = item.labels.map((label) => (typeof label === "string" ? label : label.name));
    if (stage !== "due-soon" && !labels.includes(config.actionItems.overdueLabel)) await github.addLabels(ref, [config.actionItems.overdueLabel]);
    await github.updateIssue(ref, { body: replaceActionItemBlock(item.body ?? "", { ...record, reminded: stage }) });
    report.reminders[stage]++;
  }

  for (const { postmortem, items: unownedItems } of unowned.values()) {
    const mentions = unownedItems.map((item) => issueMention(item, postmortem)).sort();
    const comments = await github.listComments(postmortem);
    const said = appMarkers(comments, "unowned").at(-1)?.items ?? [];
    if (said.join(" ") === mentions.join(" ")) continue;
    await github.createComment(postmortem, unownedComment(mentions));
    report.unownedCalledOut++;
  }

  report.effectivenessReminders = await remindEffectivenessReviews(github, repo, config, now);
  report.reviewReminders = await remindOverdueReviews(github, repo, config, now);
  return report;
}

/** Postmortems whose action items are all closed get the effectiveness review recalled when it comes due, once. */
async function remindEffectivenessReviews(github: GitHubClient, repo: RepoRef, config: PostmortemConfig, now: Date): Promise<number> {
  const today = localDate(now, calendarOf(config));
  const waiting = await github.listLabelledIssues(repo, EFFECTIVENESS_LABEL, "all");
  let reminded = 0;
  for (const postmortem of waiting) {
    const ref: IssueRef = { ...repo, number: postmortem.number };
    const comments = await github.listComments(ref);
    const reviewDue = appMarkers(comments, "all-closed")[0]?.reviewDue;
    if (!reviewDue || reviewDue > today) continue;
    if (!hasAppMarker(comments, "reminder", (data) => data.effectivenessReview === reviewDue)) {
      const mentions = (postmortem.assignees ?? []).map((assignee) => assignee.login);
      await github.createComment(ref, effectivenessReminder(reviewDue, mentions));
      reminded++;
    }
    await github.removeLabel(ref, EFFECTIVENESS_LABEL);
  }
  return reminded;
}
