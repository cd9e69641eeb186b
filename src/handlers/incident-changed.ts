import type { Context } from "probot";
import { readActionItemRecord } from "../action-items/action-item-body.js";
import { loadConfig } from "../config/load-config.js";
import { formatIssueRef, type IssueRef } from "../domain/issue-ref.js";
import { readSummary } from "../domain/postmortem-summary.js";
import { GitHubClient, isOwnAccount } from "../github/github-client.js";
import { mayConcernIncident } from "../postmortem/incident-predicate.js";
import { reconcileIncident } from "../postmortem/reconcile-incident.js";
import { labelNames } from "../domain/labels.js";
import { incidentLocks } from "../reconcile/locks.js";
import { once } from "../support/once.js";
import { reportProblems } from "./report-problems.js";

type IncidentEvent = Context<"issues.labeled" | "issues.unlabeled" | "issues.closed" | "issues.reopened" | "issues.assigned" | "issues.unassigned">;

/**
 * Something happened to an issue that may be an incident: reconcile it. The payload only says which
 * issue; what is true is read from GitHub (a stale or redelivered payload cannot move it back).
 */
export async function incidentChanged(context: IncidentEvent, self: string): Promise<void> {
  const { issue, repository } = context.payload;
  // Cheap filters on what never changes or cannot make an incident: a pull request, an issue that
  // has never carried a label, the app's own postmortems and action items (their handlers see to them).
  if (issue.pull_request || (issue.labels ?? []).length === 0) return;
  if (isOwnAccount(issue.user, self) && (readSummary(issue.body) || readActionItemRecord(issue.body))) return;

  const github = new GitHubClient(context.octokit, self);
  const ref: IssueRef = { owner: repository.owner.login, repo: repository.name, number: issue.number };
  const { config, problems } = await loadConfig(context);
  const changedLabel = "label" in context.payload ? context.payload.label?.name : undefined;
  const labelAdded = context.payload.action === "labeled";
  if (!mayConcernIncident({ action: context.payload.action, label: changedLabel, labels: labelNames(issue) }, config)) {
    // A label added to what may become an incident under a broken file: say what is wrong with it.
    if (labelAdded && problems.length > 0)
      await reportProblems(
        github,
        ref,
        once(() => github.listComments(ref)),
        problems,
      );
    return;
  }
  const result = await incidentLocks.run(formatIssueRef(ref).toLowerCase(), () =>
    reconcileIncident({ github, config, problems, now: new Date() }, { ref, private: repository.private }, { lookForHistory: labelAdded }),
  );
  // A broken file may be why this issue is not seen as an incident: a label was added, so say so.
  if (result.outcome.kind !== "not-an-incident" || labelAdded)
    await reportProblems(
      github,
      ref,
      once(async () => result.comments ?? (await github.listComments(ref))),
      problems,
    );
  context.log.info({ incident: `${ref.owner}/${ref.repo}#${ref.number}`, outcome: result.outcome, writes: result.writes }, "incident reconciled");
}
