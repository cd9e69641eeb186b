import type { Context } from "probot";
import { readActionItemRecord } from "../action-items/action-item-body.js";
import { loadConfig } from "../config/load-config.js";
import { formatIssueRef, type IssueRef } from "../domain/issue-ref.js";
import { readSummary } from "../domain/postmortem-summary.js";
import { GitHubClient, isOwnAccount } from "../github/github-client.js";
import { reconcilePostmortem } from "../reconcile/reconcile-postmortem.js";
import { postmortemLocks } from "../reconcile/locks.js";
import { reportProblems } from "./report-problems.js";

type IssueEvent = Context<"issues.edited" | "issues.closed" | "issues.reopened" | "issues.labeled" | "issues.unlabeled" | "issues.assigned" | "issues.unassigned">;

/**
 * A postmortem or one of its action items changed: reconcile the postmortem (its rows, its items,
 * its checklist). The payload only names the issue; the app's own edits need no answer (they
 * would loop), nor do issues the app did not open.
 */
export async function postmortemChanged(context: IssueEvent, self: string): Promise<void> {
  const { issue, repository, sender } = context.payload;
  if (!isOwnAccount(issue.user, self)) return;
  const ref: IssueRef = { owner: repository.owner.login, repo: repository.name, number: issue.number };
  const postmortem = readSummary(issue.body) ? ref : readActionItemRecord(issue.body)?.postmortem;
  if (!postmortem || isOwnAccount(sender, self)) return;
  // Only what can change rows: the body of a postmortem, and an item's state, labels and assignees.
  if (context.payload.action === "edited" && (postmortem !== ref || !("body" in (context.payload.changes ?? {})))) return;

  const github = new GitHubClient(context.octokit, self);
  const { config, problems } = await loadConfig(context);
  // The postmortem's repository is the item's, unless items go elsewhere: the same owner, so its visibility is read with it.
  const repoPrivate = postmortem === ref ? repository.private : postmortem.repo === ref.repo ? repository.private : await github.isPrivate(postmortem);
  const result = await postmortemLocks.run(formatIssueRef(postmortem).toLowerCase(), () =>
    reconcilePostmortem({ github, config, problems, now: new Date() }, postmortem, repoPrivate),
  );
  if (result.kind === "reconciled") await reportProblems(github, postmortem, async () => result.comments ?? [], problems);
  context.log.info({ postmortem: formatIssueRef(postmortem), action: context.payload.action, filed: result.filing?.filed.length ?? 0 }, "postmortem reconciled");
}
