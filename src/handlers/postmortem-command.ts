import type { Context } from "probot";
import { loadConfig } from "../config/load-config.js";
import { COMMAND_ROLES, parseSlashCommand } from "../domain/commands.js";
import { formatIssueRef, type IssueRef } from "../domain/issue-ref.js";
import { readMarker } from "../domain/markers.js";
import { commandReply, replies } from "../domain/messages.js";
import { GitHubClient, writtenByApp, type IssueRecord } from "../github/github-client.js";
import { syncIncident } from "../postmortem/sync-incident.js";
import { once } from "../support/once.js";
import { incidentLocks } from "./incident-changed.js";
import { reportProblems } from "./report-problems.js";

/** `/postmortem` on an incident: opens its postmortem even when the severity makes it optional. */
export async function postmortemCommand(context: Context<"issue_comment.created">): Promise<void> {
  const { comment, issue, repository } = context.payload;
  // Apps never command the app: no loops between bots, nor with our own comments.
  const author = comment.user?.login;
  if (!author || writtenByApp(comment.user) || issue.pull_request) return;
  if (parseSlashCommand(comment.body)?.name !== "postmortem") return;

  const github = new GitHubClient(context.octokit);
  const incident: IssueRef = { owner: repository.owner.login, repo: repository.name, number: issue.number };
  const comments = once(() => github.listComments(incident));
  const reply = async (text: string) => {
    const answered = (await comments()).some(
      (existing) => writtenByApp(existing.user) && readMarker(existing.body, "reply")?.to === comment.id,
    );
    if (!answered) await github.createComment(incident, commandReply(comment.id, text));
  };

  const role = await github.roleOf(incident, author);
  if (!COMMAND_ROLES.has(role)) {
    await reply(replies.refused(author));
    return;
  }

  const { config, problems } = await loadConfig(context);
  const outcome = await incidentLocks.run(`${repository.id}#${issue.number}`, () =>
    syncIncident(
      { github, config, incidentComments: comments, problems },
      {
        issue: issue as unknown as IssueRecord,
        repo: { owner: incident.owner, repo: incident.repo, private: repository.private },
        requested: true,
      },
    ),
  );
  if (outcome.kind === "not-an-incident") await reply(replies.notAnIncident(config.severities.map((level) => level.label)));
  if (outcome.kind === "existing") await reply(replies.alreadyOpen(formatIssueRef(outcome.postmortem)));
  await reportProblems(github, incident, comments, problems);
  context.log.info({ incident: formatIssueRef(incident), outcome }, "postmortem command handled");
}
