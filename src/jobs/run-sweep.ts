import type { Logger, Probot } from "probot";
import { loadRepositoryConfig } from "../config/load-repository-config.js";
import { GitHubClient, WriteBudgetSpent, type Octokit, type RepoRef } from "../github/github-client.js";
import { emptyReconcileReport, reconcileRepository, type ReconcileReport } from "../reconcile/reconcile-repository.js";
import { sweepRepository, type SweepReport } from "./sweep.js";

export interface SweepOptions {
  /** The app's own account (`resolveBotLogin`): only its markers are trusted. */
  self: string;
  now?: Date;
  /** At most this many writes in the run (SWEEP_WRITE_BUDGET for the server's schedule): past it the run stops and says so. */
  writeBudget?: number;
  /** Describe the writes instead of making them. */
  dryRun?: (write: string) => void;
}

/**
 * The scheduled sweep of one repository, with its own configuration (a broken file is logged and
 * the defaults are used): first the catch-up, which brings every object in step with GitHub's
 * state, then the reminders. `only: "reconcile"` runs the catch-up alone (the `reconcile` command).
 */
export async function runSweep(
  octokit: Octokit,
  repo: RepoRef,
  log: Logger,
  options: SweepOptions & { only?: "reconcile" },
): Promise<{ reconcile: ReconcileReport; stoppedByWriteBudget?: true } & Partial<SweepReport>> {
  const { config, problems } = await loadRepositoryConfig(octokit, repo, log);
  const repository = `${repo.owner}/${repo.repo}`;
  if (problems.length > 0) log.warn({ repository, problems }, "invalid .github/postmortem.yml: sweeping with the defaults");
  const github = new GitHubClient(octokit, options.self, options.dryRun);
  if (options.writeBudget !== undefined) github.writeBudget = options.writeBudget;
  const now = options.now ?? new Date();
  try {
    const reconcile = await reconcileRepository(github, repo, config, now);
    log.info({ repository, ...reconcile }, "repository reconciled");
    if (options.only === "reconcile") return { reconcile };
    const report = await sweepRepository(github, repo, config, now);
    log.info({ repository, ...report }, "action items swept");
    return { reconcile, ...report };
  } catch (error) {
    if (!(error instanceof WriteBudgetSpent)) throw error;
    // Nothing is lost: the next run reconciles every object again from what GitHub holds.
    log.warn({ repository, writes: github.writes, writeBudget: error.budget }, "write budget spent: the sweep stopped here; the next run continues");
    return { reconcile: { ...emptyReconcileReport(), writes: github.writes }, stoppedByWriteBudget: true };
  }
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
