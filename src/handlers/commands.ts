import { hasAppMarker } from "../github/app-comments.js";
import type { Context } from "probot";
import { COMMAND_ROLES, parseSlashCommand } from "../domain/commands.js";
import type { IssueRef } from "../domain/issue-ref.js";
import { commandReply, replies } from "../domain/messages.js";
import { GitHubClient, isOwnAccount, type IssueComment } from "../github/github-client.js";
import { once } from "../support/once.js";
import { actionCommand } from "./action-command.js";
import { postmortemCommand } from "./postmortem-command.js";

export interface CommandContext {
  context: Context<"issue_comment.created">;
  github: GitHubClient;
  issue: IssueRef;
  argument: string;
  comments: () => Promise<IssueComment[]>;
  /** Answers the command once: a redelivered command finds its answer and stays quiet. */
  reply: (text: string) => Promise<void>;
}

const COMMANDS: Record<string, (command: CommandContext) => Promise<void>> = {
  postmortem: postmortemCommand,
  action: actionCommand,
};

/**
 * Slash commands in issue comments. Only people with write or triage permission, asked of GitHub
 * (the comment's author_association is not reliable), may run them; apps never do.
 */
export async function commandReceived(context: Context<"issue_comment.created">, self: string): Promise<void> {
  const { comment, issue, repository } = context.payload;
  const author = comment.user?.login;
  if (!author || isOwnAccount(comment.user, self) || comment.user?.type === "Bot" || issue.pull_request) return;
  const command = parseSlashCommand(comment.body);
  const run = command ? COMMANDS[command.name] : undefined;
  if (!command || !run) return;

  const github = new GitHubClient(context.octokit, self);
  const ref: IssueRef = { owner: repository.owner.login, repo: repository.name, number: issue.number };
  const comments = once(() => github.listComments(ref));
  const reply = async (text: string) => {
    if (!hasAppMarker(await comments(), "reply", (data) => data.to === comment.id)) await github.createComment(ref, commandReply(comment.id, text));
  };

  const role = await github.roleOf(ref, author);
  if (!COMMAND_ROLES.has(role)) {
    await reply(replies.refused(author, `/${command.name}`));
    return;
  }
  await run({ context, github, issue: ref, argument: command.argument, comments, reply });
}
