import type { PostmortemConfig } from "../config/schema.js";
import { sameIssue, type IssueRef } from "../domain/issue-ref.js";
import { labelNames, serviceLabels } from "../domain/labels.js";
import { currentSeverity } from "../domain/severity.js";
import type { GitHubClient, IssueComment, IssueRecord, RepoRef } from "../github/github-client.js";
import { hasAppMarker } from "../github/app-comments.js";
import { findLinkComment, isPostmortemOf, listPostmortemsOf, type ListedPostmortem } from "./find-postmortem.js";
import { actionItemsRepository, postmortemRepository, sameRepository } from "../config/repositories.js";
import { findHistory, type History } from "./recurrence.js";

/** What the app reads of an incident before deciding anything: GitHub's state now, never a payload's. */
export interface ObservedIncident {
  ref: IssueRef;
  repoPrivate: boolean;
  issue: IssueRecord;
  comments: IssueComment[];
  /** Where postmortems of this incident go. */
  targetRepo: RepoRef;
  /** The postmortem the app's link comment names, when it is one of this incident's. */
  linked?: ListedPostmortem;
  /** The incident's postmortems in the target repository's postmortem list, oldest first: read only without a valid link. */
  listed?: ListedPostmortem[];
  /** The comments of the oldest listed postmortem (was its checklist posted?). */
  listedComments?: IssueComment[];
  /** Whether the target repository is private: read only when a private incident's postmortem would go elsewhere. */
  targetPrivate?: boolean;
  /** Earlier incidents and open action items on its services: read only when a warning or a new postmortem needs them. */
  history?: History;
}

/** What a caller that reads many objects at once (the catch-up) already read, moments ago. */
export interface KnownIncident {
  /** The incident and its comments. */
  found?: { issue: IssueRecord; comments: IssueComment[] };
  /** Postmortems in the target repository, as listed: the linked one is taken from here when it is in it. */
  postmortems?: readonly ListedPostmortem[];
}

export interface IncidentHints {
  /** A `/postmortem` command by someone who may ask: opens one even when the severity makes it optional. */
  requested?: boolean;
  /** A label was just added (the issue may have become an incident, or gained a service): look for its history. */
  lookForHistory?: boolean;
}

/**
 * Reads an incident and what the app wrote about it, cheapest first: the issue and its comments in
 * one request; the linked postmortem, or the postmortem list when there is no link; the service
 * history and the target's visibility only when a new postmortem or a warning could need them.
 * Undefined when the issue is gone.
 */
export async function observeIncident(
  github: GitHubClient,
  config: PostmortemConfig,
  target: { ref: IssueRef; private: boolean },
  hints: IncidentHints,
  now: Date,
  known: KnownIncident = {},
): Promise<ObservedIncident | undefined> {
  const found = known.found ?? (await github.getIssueWithComments(target.ref));
  if (!found) return undefined;
  const observed: ObservedIncident = {
    ref: target.ref,
    repoPrivate: target.private,
    issue: found.issue,
    comments: found.comments,
    targetRepo: postmortemRepository(config, target.ref),
  };
  const severity = currentSeverity(config, labelNames(found.issue));
  if (!severity) return observed;

  const link = findLinkComment(found.comments);
  if (link) {
    const listed = known.postmortems?.find((postmortem) => sameIssue(postmortem.ref, link.postmortem));
    const issue = listed ?? (await github.getIssue(link.postmortem));
    if (issue && isPostmortemOf(issue, target.ref)) observed.linked = { ...issue, ref: link.postmortem };
  }
  if (!observed.linked) {
    observed.listed = await listPostmortemsOf(github, observed.targetRepo, config.postmortem.label, target.ref, found.issue.created_at);
    const [oldest] = observed.listed;
    if (oldest) observed.listedComments = await github.listComments(oldest.ref);
  }

  const opening = mayOpenPostmortem(observed, severity.postmortem === "required" || hints.requested === true);
  const services = serviceLabels(labelNames(found.issue), config);
  const warningOwed = hints.lookForHistory === true && !hasAppMarker(found.comments, "recurrence");
  if (services.length > 0 && (opening || warningOwed)) {
    const repos = [target.ref, observed.targetRepo, actionItemsRepository(config, observed.targetRepo)].filter(
      (repo, index, all) => all.findIndex((other) => sameRepository(other, repo)) === index,
    );
    observed.history = await findHistory(github, repos, target.ref, services, config, now);
  }
  const elsewhere = !sameRepository(observed.targetRepo, target.ref) && observed.targetRepo.owner.toLowerCase() === target.ref.owner.toLowerCase();
  if (opening && target.private && elsewhere) observed.targetPrivate = await github.isPrivate(observed.targetRepo);
  return observed;
}

/** True when the incident has no postmortem yet and one may be opened (required, or asked for). */
export function mayOpenPostmortem(observed: Pick<ObservedIncident, "linked" | "listed">, wanted: boolean): boolean {
  return wanted && !observed.linked && (observed.listed ?? []).length === 0;
}
