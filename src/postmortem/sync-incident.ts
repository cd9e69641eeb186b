import { hasAppMarker } from "../github/app-comments.js";
import type { PostmortemConfig, SeverityLevel } from "../config/schema.js";
import { localDate, type BusinessCalendar } from "../domain/business-days.js";
import { formatIssueRef, issueMention, type IssueRef } from "../domain/issue-ref.js";
import {
  duplicateNotice,
  linkComment,
  optionalNotice,
  privacyRefusal,
  summaryChangeComment,
} from "../domain/messages.js";
import {
  readSummary,
  renderSummaryBlock,
  replaceSummaryBlock,
  summarize,
  type IncidentFacts,
} from "../domain/postmortem-summary.js";
import { renderPostmortemBody, renderPostmortemTitle } from "../domain/render-postmortem.js";
import { renderChecklistComment } from "../domain/review-checklist.js";
import { labelNames, serviceLabels } from "../domain/labels.js";
import { currentSeverity } from "../domain/severity.js";
import { type GitHubClient, type IssueComment, type IssueRecord, type RepoRef } from "../github/github-client.js";
import { findLinkComment, isPostmortemOf, listPostmortemsOf } from "./find-postmortem.js";
import { actionItemsRepository, postmortemRepository, sameRepository } from "./postmortem-location.js";
import { findHistory, recurrenceComment, relatedIncidentsText, type History } from "./recurrence.js";
import { once } from "../support/once.js";
import { loadTemplate } from "./templates.js";

/**
 * How long a postmortem found without its link is left to the delivery that created it. Its
 * comments can wait in the installation's write queue (3 s apart, behind other work) for minutes.
 */
export const CREATOR_GRACE_MS = 10 * 60_000;

export interface IncidentInput {
  issue: IssueRecord;
  repo: RepoRef & { private: boolean };
  /** The label of a `labeled` event: it wins over an older severity label still on the issue. */
  justAddedLabel?: string;
  /** True for a `/postmortem` command whose author may ask: opens a postmortem even when optional. */
  requested?: boolean;
  /** Look for earlier incidents on the same services (when the issue becomes an incident or gains a service). */
  lookForHistory?: boolean;
}

export type SyncOutcome =
  | { kind: "not-an-incident" }
  | { kind: "optional"; noticePosted: boolean }
  | { kind: "refused"; reason: string }
  | { kind: "created"; postmortem: IssueRef }
  | { kind: "existing"; postmortem: IssueRef; changed: boolean };

export interface SyncContext {
  github: GitHubClient;
  config: PostmortemConfig;
  /** The incident's comments, listed once per delivery and shared with the caller. */
  incidentComments: () => Promise<IssueComment[]>;
  /** Problems to tell the user about (a missing template file, say); the work goes on. */
  problems: string[];
  now: Date;
}

/**
 * Brings an incident's postmortem to where it should be, whatever happened before: opens it when
 * its severity requires one (or it was asked for), links both ways, posts the checklist, and keeps
 * the summary (severity, resolution, review deadline) in step with the incident. Each step looks
 * first and writes only what is missing, so redelivered or half-finished events converge.
 */
export async function syncIncident(ctx: SyncContext, input: IncidentInput): Promise<SyncOutcome> {
  const { config, github } = ctx;
  const severity = currentSeverity(config, labelNames(input.issue), input.justAddedLabel);
  if (!severity) return { kind: "not-an-incident" };

  const incident: IssueRef = { owner: input.repo.owner, repo: input.repo.repo, number: input.issue.number };
  const calendar: BusinessCalendar = { timeZone: config.timeZone, holidays: config.holidays };
  const facts = incidentFacts(input.issue, incident);
  const targetRepo = postmortemRepository(config, input.repo);
  const comments = await ctx.incidentComments();

  const history = serviceHistory(ctx, input, incident, targetRepo);
  if (input.lookForHistory) await warnOfRecurrence(ctx, input, incident, comments, history);

  const linked = findLinkComment(comments);
  let postmortem = linked ? await github.getIssue(linked.postmortem) : undefined;
  let postmortemRef = linked?.postmortem;
  if (postmortem && !isPostmortemOf(postmortem, incident)) postmortem = undefined;

  if (!postmortem) {
    const [oldest] = await listPostmortemsOf(github, targetRepo, config.postmortem.label, incident, facts.createdAt);
    if (oldest) {
      // Just created and not linked yet: its creator (another delivery or replica) is still at
      // work and posts the checklist and the link itself. Older, the creator stopped: finish for it.
      if (ctx.now.getTime() - Date.parse(oldest.created_at) < CREATOR_GRACE_MS) return { kind: "existing", postmortem: oldest.ref, changed: false };
      postmortem = oldest;
      postmortemRef = oldest.ref;
      await ensureChecklist(ctx, oldest.ref, input.repo);
    }
  }

  if (!postmortem || !postmortemRef) {
    if (severity.postmortem === "optional" && !input.requested) {
      const noticeDue = !hasAppMarker(comments, "optional");
      if (noticeDue) await github.createComment(incident, optionalNotice(severity.name));
      return { kind: "optional", noticePosted: noticeDue };
    }
    const refusal = await refuseTarget(ctx, input.repo, targetRepo, comments, incident);
    if (refusal) return refusal;
    const created = await createPostmortem(ctx, input, incident, facts, severity, calendar, targetRepo, await history());
    // A replica that lost the race leaves the comments to the one that opened the kept postmortem.
    if (!created.kept) return { kind: "existing", postmortem: created.ref, changed: false };
    const checklist = await loadTemplate(github, input.repo, config.postmortem.checklist, "review-checklist.md", ctx.problems);
    await github.createComment(created.ref, renderChecklistComment(checklist));
    await github.createComment(incident, linkComment(created.ref, issueMention(created.ref, input.repo), severity.name));
    return { kind: "created", postmortem: created.ref };
  }

  if (!linked || linked.postmortem.number !== postmortemRef.number) {
    await github.createComment(incident, linkComment(postmortemRef, issueMention(postmortemRef, input.repo), severity.name));
  }
  const changed = await updateSummary(github, postmortemRef, postmortem, summarize(facts, severity, calendar), calendar);
  return { kind: "existing", postmortem: postmortemRef, changed };
}

async function createPostmortem(
  ctx: SyncContext,
  input: IncidentInput,
  incident: IssueRef,
  facts: IncidentFacts,
  severity: SeverityLevel,
  calendar: BusinessCalendar,
  targetRepo: RepoRef,
  history: History | undefined,
): Promise<{ ref: IssueRef; kept: boolean }> {
  const { config, github } = ctx;
  const template = await loadTemplate(github, input.repo, config.postmortem.template, "postmortem.md", ctx.problems);
  const body = renderPostmortemBody(template, {
    incidentTitle: input.issue.title,
    incidentRef: formatIssueRef(incident),
    incidentUrl: input.issue.html_url,
    incidentDate: localDate(new Date(facts.createdAt), calendar),
    severity: severity.name,
    commanders: facts.assignees,
    timeZone: calendar.timeZone,
    summaryBlock: renderSummaryBlock(summarize(facts, severity, calendar), calendar),
    titlePrefix: config.postmortem.titlePrefix,
    ...(history ? { related: relatedIncidentsText(history, targetRepo, config) } : {}),
  });
  const issue = await github.createIssue(targetRepo, {
    title: renderPostmortemTitle({ titlePrefix: config.postmortem.titlePrefix, incidentTitle: input.issue.title }),
    body,
    // The incident's service labels travel with it, so the service's history can be found by label.
    labels: [config.postmortem.label, ...config.postmortem.extraLabels, ...serviceLabels(labelNames(input.issue), config)],
    assignees: sameRepository(targetRepo, input.repo) ? facts.assignees : [],
  });
  const created: IssueRef = { ...targetRepo, number: issue.number };

  // Another replica may have raced us: the oldest postmortem wins, the others close as duplicates.
  const all = await listPostmortemsOf(github, targetRepo, config.postmortem.label, incident, facts.createdAt);
  const oldest = all[0];
  if (oldest && oldest.number < created.number) {
    await github.createComment(created, duplicateNotice(issueMention(oldest.ref, targetRepo)));
    await github.updateIssue(created, { state: "closed", state_reason: "duplicate" });
    return { ref: oldest.ref, kept: false };
  }
  return { ref: created, kept: true };
}

/** Earlier incidents and open action items on the incident's services, looked up at most once per delivery. */
function serviceHistory(ctx: SyncContext, input: IncidentInput, incident: IssueRef, targetRepo: RepoRef): () => Promise<History | undefined> {
  return once(async () => {
    const services = serviceLabels(labelNames(input.issue), ctx.config);
    if (services.length === 0) return undefined;
    const repos = [input.repo, targetRepo, actionItemsRepository(ctx.config, targetRepo)].filter(
      (repo, index, all) => all.findIndex((other) => sameRepository(other, repo)) === index,
    );
    return findHistory(ctx.github, repos, incident, services, ctx.config, ctx.now);
  });
}

/** Once per incident: if earlier incidents or open action items share its service labels, say so on the incident. */
async function warnOfRecurrence(
  ctx: SyncContext,
  input: IncidentInput,
  incident: IssueRef,
  comments: readonly IssueComment[],
  history: () => Promise<History | undefined>,
): Promise<void> {
  if (hasAppMarker(comments, "recurrence")) return;
  const found = await history();
  if (!found || (found.incidents.length === 0 && found.openItems.length === 0)) return;
  const services = serviceLabels(labelNames(input.issue), ctx.config);
  await ctx.github.createComment(incident, recurrenceComment(found, services, input.repo, ctx.config));
}

/** Posts the checklist on a postmortem found without its link: a delivery may have stopped before it. */
async function ensureChecklist(ctx: SyncContext, postmortem: IssueRef, incidentRepo: RepoRef): Promise<void> {
  const comments = await ctx.github.listComments(postmortem);
  if (hasAppMarker(comments, "checklist")) return;
  const checklist = await loadTemplate(ctx.github, incidentRepo, ctx.config.postmortem.checklist, "review-checklist.md", ctx.problems);
  await ctx.github.createComment(postmortem, renderChecklistComment(checklist));
}

/** Refuses a postmortem repository of another owner, or a public one for a private incident. */
async function refuseTarget(
  ctx: SyncContext,
  incidentRepo: RepoRef & { private: boolean },
  targetRepo: RepoRef,
  comments: readonly IssueComment[],
  incident: IssueRef,
): Promise<SyncOutcome | undefined> {
  if (sameRepository(incidentRepo, targetRepo)) return undefined;
  const target = `${targetRepo.owner}/${targetRepo.repo}`;
  if (targetRepo.owner.toLowerCase() !== incidentRepo.owner.toLowerCase()) {
    ctx.problems.push(`\`postmortem.repository\`: \`${target}\` belongs to another owner; postmortems must stay with the incident's owner. No postmortem was opened.`);
    return { kind: "refused", reason: "other owner" };
  }
  if (!incidentRepo.private || (await ctx.github.isPrivate(targetRepo))) return undefined;
  if (!hasAppMarker(comments, "privacy-refusal")) await ctx.github.createComment(incident, privacyRefusal(`${incidentRepo.owner}/${incidentRepo.repo}`, target));
  return { kind: "refused", reason: "private incident, public postmortem repository" };
}

/** Rewrites the summary block when the incident changed, and says what changed on the postmortem. */
async function updateSummary(
  github: GitHubClient,
  postmortemRef: IssueRef,
  postmortem: IssueRecord,
  summary: ReturnType<typeof summarize>,
  calendar: BusinessCalendar,
): Promise<boolean> {
  const body = postmortem.body ?? "";
  const next = replaceSummaryBlock(body, renderSummaryBlock(summary, calendar));
  if (next === body) return false;
  await github.updateIssue(postmortemRef, { body: next });
  const announcement = summaryChangeComment(readSummary(body), summary);
  if (announcement) await github.createComment(postmortemRef, announcement);
  return true;
}

function incidentFacts(issue: IssueRecord, ref: IssueRef): IncidentFacts {
  return {
    ref,
    url: issue.html_url,
    createdAt: issue.created_at,
    closedAt: issue.closed_at,
    state: issue.state === "closed" ? "closed" : "open",
    assignees: (issue.assignees ?? []).map((assignee) => assignee.login),
  };
}

