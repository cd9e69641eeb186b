import type { Context } from "probot";
import { readActionItemRecord } from "../action-items/action-item-body.js";
import { syncActionItem } from "../action-items/sync-action-item.js";
import { loadConfig } from "../config/load-config.js";
import { formatIssueRef, type IssueRef } from "../domain/issue-ref.js";
import { GitHubClient, writtenByApp, type IssueRecord } from "../github/github-client.js";
import { postmortemLocks } from "./postmortem-edited.js";

type ItemEvent = Context<
  "issues.closed" | "issues.reopened" | "issues.labeled" | "issues.unlabeled" | "issues.assigned" | "issues.unassigned"
>;

/** An action item closed, reopened, reprioritised or reassigned: its postmortem row follows. */
export async function actionItemChanged(context: ItemEvent): Promise<void> {
  const { issue, repository, sender } = context.payload;
  const record = writtenByApp(issue.user) ? readActionItemRecord(issue.body) : undefined;
  // What the app itself does to an item (the overdue label, closing a duplicate) needs no answer.
  if (!record || writtenByApp(sender)) return;

  const github = new GitHubClient(context.octokit);
  const ref: IssueRef = { owner: repository.owner.login, repo: repository.name, number: issue.number };
  const { config } = await loadConfig(context);
  const justAddedLabel = context.payload.action === "labeled" ? context.payload.label?.name : undefined;
  // One postmortem's rows are edited one delivery at a time in this process.
  await postmortemLocks.run(formatIssueRef(record.postmortem), () =>
    syncActionItem(
      { github, config, now: new Date() },
      { action: context.payload.action, ref, issue: issue as unknown as IssueRecord, record, ...(justAddedLabel ? { justAddedLabel } : {}) },
    ),
  );
  context.log.info({ actionItem: formatIssueRef(ref), action: context.payload.action }, "action item synced");
}
