import { subDays } from "date-fns";
import { readActionItemRecord } from "../action-items/action-item-body.js";
import type { PostmortemConfig } from "../config/schema.js";
import { formatIssueRef, type IssueRef } from "../domain/issue-ref.js";
import { readSummary } from "../domain/postmortem-summary.js";
import { writtenByApp, type GitHubClient, type IssueRecord, type RepoRef } from "../github/github-client.js";
import { actionItemsRepository, postmortemRepository, sameRepository } from "../config/repositories.js";
import { reconcileIncident } from "../postmortem/reconcile-incident.js";
import { incidentLocks, postmortemLocks } from "./locks.js";
import { reconcilePostmortem } from "./reconcile-postmortem.js";

export interface ReconcileReport {
  /** Incidents changed within the look-back window, and how many of them needed writes. */
  incidents: number;
  incidentsChanged: number;
  /** Open postmortems, and how many of them needed writes. */
  postmortems: number;
  postmortemsChanged: number;
  writes: number;
  problems: string[];
}

export function emptyReconcileReport(): ReconcileReport {
  return { incidents: 0, incidentsChanged: 0, postmortems: 0, postmortemsChanged: 0, writes: 0, problems: [] };
}

/**
 * The catch-up: every object of one repository that may be out of step is reconciled, whatever
 * deliveries were lost. Incidents are those carrying a severity label and updated within the
 * look-back window (longer than GitHub's 3-day redelivery window); postmortems are the open ones,
 * whose reconcile also brings their action items' rows in step and files unfiled rows. Reads grow
 * with the window's incidents and the open postmortems, never with history.
 */
export async function reconcileRepository(github: GitHubClient, repo: RepoRef, config: PostmortemConfig, now: Date): Promise<ReconcileReport> {
  const report = emptyReconcileReport();
  const startWrites = github.writes;
  const since = subDays(now, config.reconcile.lookbackDays).toISOString();
  const incidents = new Map<number, IssueRecord>();
  for (const level of config.severities) {
    for (const issue of await github.listLabelledIssuesSince(repo, level.label, since)) if (!isAppIssue(issue)) incidents.set(issue.number, issue);
  }
  const postmortems = (await github.listLabelledIssues(repo, config.postmortem.label, "open")).filter((issue) => writtenByApp(issue.user) && readSummary(issue.body));
  if (incidents.size === 0 && postmortems.length === 0) return report;

  const repoPrivate = await github.isPrivate(repo);
  const ctx = { github, config, problems: report.problems, now };
  // Read in bulk what each object's reconcile would otherwise read alone: the incidents and the
  // open postmortems with their comments (25 to a GraphQL request), the postmortems changed in the
  // window, and the items (open, or changed in the window). Reads grow with pages, not objects.
  const numbers = [...incidents.keys()].sort((a, b) => a - b);
  const incidentsNow = await github.getIssuesWithComments(repo, numbers);
  const targetRepo = postmortemRepository(config, repo);
  const sameTarget = sameRepository(targetRepo, repo);
  const listedPostmortems = sameTarget
    ? uniqueByNumber([...postmortems, ...(numbers.length > 0 ? await github.listLabelledIssuesSince(repo, config.postmortem.label, since) : [])]).map((issue) => ({
        ...issue,
        ref: { ...repo, number: issue.number },
      }))
    : undefined;
  for (const number of numbers) {
    const ref: IssueRef = { ...repo, number };
    github.ensureBudget(1);
    const before = github.writes;
    const found = incidentsNow.get(number);
    await incidentLocks.run(formatIssueRef(ref).toLowerCase(), () =>
      reconcileIncident(ctx, { ref, private: repoPrivate }, {}, { ...(found ? { found } : {}), ...(listedPostmortems ? { postmortems: listedPostmortems } : {}) }),
    );
    report.incidents++;
    if (github.writes > before) report.incidentsChanged++;
  }
  const postmortemsNow = await github.getIssuesWithComments(
    repo,
    postmortems.map((postmortem) => postmortem.number),
  );
  const itemsRepo = actionItemsRepository(config, repo);
  const labelledItems =
    postmortems.length > 0
      ? uniqueByNumber([
          ...(await github.listLabelledIssues(itemsRepo, config.actionItems.label, "open")),
          ...(await github.listLabelledIssuesSince(itemsRepo, config.actionItems.label, since)),
        ])
      : [];
  for (const postmortem of postmortems) {
    const ref: IssueRef = { ...repo, number: postmortem.number };
    github.ensureBudget(1);
    const before = github.writes;
    const found = postmortemsNow.get(postmortem.number);
    await postmortemLocks.run(formatIssueRef(ref).toLowerCase(), () => reconcilePostmortem(ctx, ref, repoPrivate, { ...(found ? { found } : {}), labelledItems }));
    report.postmortems++;
    if (github.writes > before) report.postmortemsChanged++;
  }
  report.writes = github.writes - startWrites;
  return report;
}

function uniqueByNumber(issues: readonly IssueRecord[]): IssueRecord[] {
  return [...new Map(issues.map((issue) => [issue.number, issue])).values()];
}

/** The app's own postmortems and action items carry their incident's labels but are not incidents. */
function isAppIssue(issue: IssueRecord): boolean {
  return writtenByApp(issue.user) && (readSummary(issue.body) !== undefined || readActionItemRecord(issue.body) !== undefined);
}
