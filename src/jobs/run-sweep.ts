import type { Logger, Probot } from "probot";
import { loadRepositoryConfig } from "../config/load-repository-config.js";
import { GitHubClient, type Octokit, type RepoRef } from "../github/github-client.js";
import { sweepRepository, type SweepReport } from "./sweep.js";

export interface SweepOptions {
  now?: Date;
  /** Describe the writes instead of making them. */
  dryRun?: (write: string) => void;
}

/** Sweeps one repository with its own configuration. A broken file is logged and the defaults are used. */
export async function runSweep(octokit: Octokit, repo: RepoRef, log: Logger, options: SweepOptions = {}): Promise<SweepReport> {
  const { config, problems } = await loadRepositoryConfig(octokit, repo, log);
  if (problems.length > 0) log.warn({ repository: `${repo.owner}/${repo.repo}`, problems }, "invalid .github/postmortem.yml: sweeping with the defaults");
  const report = await sweepRepository(new GitHubClient(octokit, options.dryRun), repo, config, options.now ?? new Date());
  log.info({ repository: `${repo.owner}/${repo.repo}`, ...report }, "action items swept");
  return report;
}

/** Every repository an installation can see. */
async function installationRepositories(octokit: Octokit): Promise<RepoRef[]> {
  const repositories = (await octokit.paginate("GET /installation/repositories", { per_page: 100 })) as unknown as { name: string; owner: { login: string }; archived?: boolean }[];
  return repositories.filter((repository) => !repository.archived).map((repository) => ({ owner: repository.owner.login, repo: repository.name }));
}

/**
 * Runs a job on every repository of every installation of the app, each with its installation's
 * token. One repository failing (archived, permissions changed) does not stop the others.
 */
export async function forEachInstallationRepository(probot: Probot, job: (octokit: Octokit, repo: RepoRef) => Promise<unknown>): Promise<void> {
  const app = await probot.auth();
  const installations = (await app.paginate("GET /app/installations", { per_page: 100 })) as { id: number }[];
  for (const installation of installations) {
    const octokit = (await probot.auth(installation.id)) as Octokit;
    for (const repo of await installationRepositories(octokit)) {
      try {
        await job(octokit, repo);
      } catch (error) {
        probot.log.error({ err: error, repository: `${repo.owner}/${repo.repo}` }, "job failed for a repository");
      }
    }
  }
}
