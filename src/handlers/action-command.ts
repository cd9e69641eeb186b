import { actionCommandRow, addActionRow } from "../action-items/action-command.js";
import { actionKey } from "../action-items/read-rows.js";
import { findActionTable } from "../action-items/action-table.js";
import { readActionRows } from "../action-items/read-rows.js";
import { loadConfig } from "../config/load-config.js";
import { formatIssueRef } from "../domain/issue-ref.js";
import { replies } from "../domain/messages.js";
import { readSummary } from "../domain/postmortem-summary.js";
import { writtenByApp } from "../github/github-client.js";
import type { CommandContext } from "./commands.js";
import { postmortemLocks } from "../reconcile/locks.js";
import { reconcilePostmortem } from "../reconcile/reconcile-postmortem.js";
import { reportProblems } from "./report-problems.js";

/** `/action <text> priority:P1 type:prevention owner:@login due:YYYY-MM-DD` on a postmortem: a new row, filed at once. */
export async function actionCommand({ context, github, issue, argument, comments, reply }: CommandContext): Promise<void> {
  const values = actionCommandRow(argument);
  if (!values) {
    await reply(replies.actionUsage);
    return;
  }
  const { config, problems } = await loadConfig(context);
  await postmortemLocks.run(formatIssueRef(issue).toLowerCase(), async () => {
    // Re-read right before writing: the payload's body may be older than the postmortem now is.
    const postmortem = await github.getIssue(issue);
    if (!postmortem || !writtenByApp(postmortem.user) || !readSummary(postmortem.body)) {
      await reply(replies.notAPostmortem);
      return;
    }
    let body = postmortem.body ?? "";
    const table = findActionTable(body);
    const exists = table && readActionRows(table, issue).some((row) => row.key === actionKey(values.action!));
    // A redelivered command finds its row already there.
    if (!exists) {
      body = addActionRow(body, values);
      await github.updateIssue(issue, { body });
    }
    await reconcilePostmortem({ github, config, problems, now: new Date() }, issue, context.payload.repository.private);
    await reportProblems(github, issue, comments, problems);
  });
}
