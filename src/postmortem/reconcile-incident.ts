import type { PostmortemConfig } from "../config/schema.js";
import { calendarOf, localDate } from "../domain/business-days.js";
import { formatIssueRef, issueMention, type IssueRef } from "../domain/issue-ref.js";
import { linkComment, privacyRefusal } from "../domain/messages.js";
import { renderSummaryBlock, summarize } from "../domain/postmortem-summary.js";
import { renderPostmortemBody, renderPostmortemTitle } from "../domain/render-postmortem.js";
import { renderChecklistComment } from "../domain/review-checklist.js";
import type { GitHubClient, IssueComment, RepoRef } from "../github/github-client.js";
import { keptOfRace } from "../domain/kept-of-race.js";
import { listPostmortemsOf } from "./find-postmortem.js";
import { observeIncident, type IncidentHints, type KnownIncident } from "./observe-incident.js";
import { NEW_POSTMORTEM, planIncident, type IncidentOutcome, type IncidentWrite } from "./plan-incident.js";
import { loadTemplate } from "./templates.js";

export interface ReconcileContext {
  github: GitHubClient;
  config: PostmortemConfig;
  /** Problems to tell the user about (a missing template file, say); the work goes on. */
  problems: string[];
  now: Date;
}

export interface IncidentReconciled {
  outcome: IncidentOutcome | { kind: "created"; postmortem: IssueRef } | { kind: "lost-race"; postmortem: IssueRef };
  writes: IncidentWrite["kind"][];
  /** The incident's comments as observed (before this reconcile's own writes). */
  comments: IssueComment[] | undefined;
}

/**
 * Brings one incident in step with what should be true, whatever the app saw or missed before:
 * 1. observe the incident as GitHub holds it now (never the payload that named it);
 * 2. plan the writes that are missing (pure);
 * 3. apply them, creating through the checked-creation path and keeping the oldest of racing postmortems.
 */
export async function reconcileIncident(
  ctx: ReconcileContext,
  target: { ref: IssueRef; private: boolean },
  hints: IncidentHints = {},
  known: KnownIncident = {},
): Promise<IncidentReconciled> {
  const observed = await observeIncident(ctx.github, ctx.config, target, hints, ctx.now, known);
  const plan = planIncident(observed, ctx.config, hints, ctx.now);
  ctx.problems.push(...plan.problems);
  const applied = await applyIncidentWrites(ctx, target.ref, observed?.targetRepo, plan.writes);
  return { outcome: applied ?? plan.outcome, writes: plan.writes.map((write) => write.kind), comments: observed?.comments };
}

/** Makes the planned writes in order. A postmortem that lost a race to another replica's stops the rest: that replica does them. */
async function applyIncidentWrites(
  ctx: ReconcileContext,
  incident: IssueRef,
  targetRepo: RepoRef | undefined,
  writes: readonly IncidentWrite[],
): Promise<IncidentReconciled["outcome"] | undefined> {
  const { github, config } = ctx;
  let created: IssueRef | undefined;
  const resolve = (postmortem: IssueRef | typeof NEW_POSTMORTEM) => (postmortem === NEW_POSTMORTEM ? created : postmortem);
  for (const write of writes) {
    switch (write.kind) {
      case "recurrence-warning":
      case "optional-notice":
        await github.createComment(incident, write.body);
        break;
      case "privacy-refusal":
        await github.createComment(incident, privacyRefusal(write.incidentRepo, write.target));
        break;
      case "create-postmortem": {
        const repo = targetRepo!;
        const calendar = calendarOf(config);
        const template = await loadTemplate(github, incident, config.postmortem.template, "postmortem.md", ctx.problems);
        const body = renderPostmortemBody(template, {
          incidentTitle: write.title,
          incidentRef: formatIssueRef(incident),
          incidentUrl: write.facts.url,
          incidentDate: localDate(new Date(write.facts.createdAt), calendar),
          severity: write.severity.name,
          commanders: write.facts.assignees,
          timeZone: calendar.timeZone,
          summaryBlock: renderSummaryBlock(summarize(write.facts, write.severity, calendar), calendar),
          titlePrefix: config.postmortem.titlePrefix,
          ...(write.related ? { related: write.related } : {}),
        });
        const issue = await github.createIssue(repo, {
          title: renderPostmortemTitle({ titlePrefix: config.postmortem.titlePrefix, incidentTitle: write.title }),
          body,
          // The incident's service labels travel with it, so the service's history can be found by label.
          labels: [config.postmortem.label, ...config.postmortem.extraLabels, ...write.services],
          assignees: write.assignees,
        });
        created = { ...repo, number: issue.number };
        const race = keptOfRace(issue.number, await listPostmortemsOf(github, repo, config.postmortem.label, incident, write.facts.createdAt));
        if (race.kept === "theirs") {
          const kept = { ...repo, number: race.number };
          await github.closeAsDuplicate(created, kept);
          return { kind: "lost-race", postmortem: kept };
        }
        break;
      }
      case "post-checklist": {
        const checklist = await loadTemplate(github, incident, config.postmortem.checklist, "review-checklist.md", ctx.problems);
        await github.createComment(resolve(write.postmortem)!, renderChecklistComment(checklist));
        break;
      }
      case "link": {
        const postmortem = resolve(write.postmortem)!;
        await github.createComment(incident, linkComment(postmortem, issueMention(postmortem, incident), write.severity));
        break;
      }
      case "update-summary":
        await github.updateIssue(write.postmortem, { body: write.body });
        if (write.announcement) await github.createComment(write.postmortem, write.announcement);
        break;
    }
  }
  return created ? { kind: "created", postmortem: created } : undefined;
}
