import type { Context } from "probot";
import { readActionItemRecord } from "../action-items/action-item-body.js";
import { loadConfig } from "../config/load-config.js";
import type { IssueRef } from "../domain/issue-ref.js";
import { readSummary } from "../domain/postmortem-summary.js";
import { GitHubClient, writtenByApp, type IssueRecord } from "../github/github-client.js";
import { syncIncident } from "../postmortem/sync-incident.js";
import { KeyedLock } from "../support/keyed-lock.js";
import { once } from "../support/once.js";
import { reportProblems } from "./report-problems.js";

type IncidentEvent = Context<"issues.labeled" | "issues.unlabeled" | "issues.closed" | "issues.reopened">;

export const incidentLocks = new KeyedLock();

/** Label added or removed, incident closed or reopened: bring its postmortem in step. */
export async function incidentChanged(context: IncidentEvent): Promise<void> {
  const { issue, repository } = context.payload;
  const justAddedLabel = context.payload.action === "labeled" ? context.payload.label?.name : undefined;
  // Without any label the issue cannot be an incident: skip before spending a request on the config.
  if (issue.pull_request || (issue.labels ?? []).length === 0) return;
  // Postmortems and action items are never incidents themselves: their own handlers see to them.
  if (writtenByApp(issue.user) && (readSummary(issue.body) || readActionItemRecord(issue.body))) return;

  const github = new GitHubClient(context.octokit);
  const incident: IssueRef = { owner: repository.owner.login, repo: repository.name, number: issue.number };
  const comments = once(() => github.listComments(incident));
  const { config, problems } = await loadConfig(context);

  const outcome = await incidentLocks.run(`${repository.id}#${issue.number}`, () =>
    syncIncident(
      { github, config, incidentComments: comments, problems, now: new Date() },
      {
        issue: issue as unknown as IssueRecord,
        repo: { owner: incident.owner, repo: incident.repo, private: repository.private },
        ...(justAddedLabel ? { justAddedLabel } : {}),
        // A severity or service label just added: the issue became an incident, or gained a service.
        lookForHistory: justAddedLabel !== undefined,
      },
    ),
  );
  // A broken file may be why this issue is not seen as an incident: a label was added, so say so.
  if (outcome.kind !== "not-an-incident" || justAddedLabel) await reportProblems(github, incident, comments, problems);
  context.log.info({ incident: `${incident.owner}/${incident.repo}#${incident.number}`, outcome }, "incident synced");
}
