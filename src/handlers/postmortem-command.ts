import { loadConfig } from "../config/load-config.js";
import { formatIssueRef } from "../domain/issue-ref.js";
import { replies } from "../domain/messages.js";
import { reconcileIncident } from "../postmortem/reconcile-incident.js";
import type { CommandContext } from "./commands.js";
import { incidentLocks } from "../reconcile/locks.js";
import { reportProblems } from "./report-problems.js";

/** `/postmortem` on an incident: opens its postmortem even when the severity makes it optional. */
export async function postmortemCommand({ context, github, issue, comments, reply }: CommandContext): Promise<void> {
  const { repository } = context.payload;
  const { config, problems } = await loadConfig(context);
  const { outcome, comments: observedComments } = await incidentLocks.run(formatIssueRef(issue).toLowerCase(), () =>
    reconcileIncident({ github, config, problems, now: new Date() }, { ref: issue, private: repository.private }, { requested: true, lookForHistory: true }),
  );
  if (outcome.kind === "not-an-incident") await reply(replies.notAnIncident(config.severities.map((level) => level.label)));
  if (outcome.kind === "existing") await reply(replies.alreadyOpen(formatIssueRef(outcome.postmortem)));
  await reportProblems(github, issue, async () => observedComments ?? (await comments()), problems);
  context.log.info({ incident: formatIssueRef(issue), outcome }, "postmortem command handled");
}
