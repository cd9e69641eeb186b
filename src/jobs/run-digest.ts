import type { Logger } from "probot";
import { loadRepositoryConfig } from "../config/load-repository-config.js";
import type { PeriodKind } from "../digest/model.js";
import { GitHubClient, type Octokit, type RepoRef } from "../github/github-client.js";
import { postDigest, type DigestOutcome } from "./post-digest.js";

export interface DigestRunOptions {
  /** The app's own account (`resolveBotLogin`): only its markers are trusted. */
  self: string;
  now?: Date;
  /** A past period (`2026-W40`, `2026-09`); default: the last complete one. */
  periodId?: string;
  /** Only post the kinds the repository enables (the scheduler); the command line posts what it is asked. */
  onlyEnabled?: boolean;
  dryRun?: boolean;
}

/**
 * Posts a repository's digests of the given kinds with its own configuration (read once); a
 * broken file is logged and the defaults are used.
 */
export async function runDigests(octokit: Octokit, repo: RepoRef, kinds: readonly PeriodKind[], log: Logger, options: DigestRunOptions): Promise<DigestOutcome[]> {
  const { config, problems } = await loadRepositoryConfig(octokit, repo, log);
  if (problems.length > 0) log.warn({ repository: `${repo.owner}/${repo.repo}`, problems }, "invalid .github/postmortem.yml: using the defaults");
  const outcomes: DigestOutcome[] = [];
  for (const kind of kinds) {
    if (options.onlyEnabled && !config.digest[kind]) continue;
    const job = { home: repo, config, kind, now: options.now ?? new Date(), ...(options.periodId ? { periodId: options.periodId } : {}) };
    const outcome = await postDigest(new GitHubClient(octokit, options.self), job, options.dryRun);
    log.info({ repository: `${repo.owner}/${repo.repo}`, kind, outcome: outcome.kind }, "digest job");
    outcomes.push(outcome);
  }
  return outcomes;
}
