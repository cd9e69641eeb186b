import type { Context } from "probot";
import { CONFIG_CHECK_NAME, CONFIG_PATH, checkConfigText, configChange, removedOutcome, unreadableOutcome, type ConfigCheckOutcome } from "../config/check-config-text.js";
import { GitHubClient, type RepoRef } from "../github/github-client.js";

type PullRequestEvent = Context<"pull_request.opened" | "pull_request.synchronize" | "pull_request.reopened">;

/**
 * A pull request that adds, changes or removes `.github/postmortem.yml` gets one completed check
 * run on its head commit, on the base repository (where the app is installed, also for forks),
 * saying whether the file as the pull request leaves it is one the app can use. Any other pull
 * request costs the one list of its files.
 */
export async function configCheck(context: PullRequestEvent, self: string): Promise<void> {
  const { pull_request: pullRequest, repository } = context.payload;
  const github = new GitHubClient(context.octokit, self);
  const base: RepoRef = { owner: repository.owner.login, repo: repository.name };

  const change = configChange(await github.listPullRequestFiles(base, pullRequest.number));
  if (!change) return;

  let outcome: ConfigCheckOutcome;
  if (change === "removed") {
    outcome = removedOutcome();
  } else {
    const headSha = pullRequest.head.sha;
    // A fork's commit is read from the fork; a fork deleted since (no head repository) or out of
    // the installation's reach still has its commits in the base repository's pull request refs.
    const headRepo = pullRequest.head.repo;
    const head: RepoRef = headRepo?.owner ? { owner: headRepo.owner.login, repo: headRepo.name } : base;
    const isFork = head.owner !== base.owner || head.repo !== base.repo;
    const text = (await github.readFileAt(head, CONFIG_PATH, headSha)) ?? (isFork ? await github.readFileAt(base, CONFIG_PATH, headSha) : undefined);
    outcome = text === undefined ? unreadableOutcome(headSha) : checkConfigText(text);
  }

  await github.createCheckRun(base, { name: CONFIG_CHECK_NAME, headSha: pullRequest.head.sha, ...outcome });
  context.log.info({ pullRequest: `${base.owner}/${base.repo}#${pullRequest.number}`, headSha: pullRequest.head.sha, conclusion: outcome.conclusion }, "config checked");
}
