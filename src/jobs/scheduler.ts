import { Cron } from "croner";
import type { Probot } from "probot";
import { resolveBotLogin } from "../github/app-identity.js";
import type { Octokit } from "../github/github-client.js";
import { redeliverFailed } from "./redeliver-failed.js";
import { runDigests } from "./run-digest.js";
import { forEachInstallationRepository, runSweep } from "./run-sweep.js";

/** The server's clock: started and stopped by the server entry, one per server. */
export interface Scheduler {
  /** The jobs scheduled (those not `off`). */
  readonly jobs: readonly string[];
  /** No run starts after this; a run in progress goes on (see `idle`). */
  stop(): void;
  /** The jobs running now. */
  running(): string[];
  /** Resolves once no job is running. */
  idle(): Promise<void>;
}

/**
 * Every job is idempotent through GitHub (reminder stages are recorded on their items, a digest is
 * found by its period's marker before one is posted, a redelivered event converges), so a second
 * replica running the same schedule does not post twice; `off` disables a schedule.
 *
 * - SWEEP_CRON (default 09:00 UTC daily): action-item reminders, unowned items, effectiveness reviews.
 * - DIGEST_CRON (default hourly at :20): weekly and monthly digests of the repositories that enable
 *   them, posted once the period is complete in the repository's own time zone.
 * - REDELIVER_CRON (default hourly at :40): asks GitHub to redeliver the app's failed deliveries
 *   of the last 3 days.
 * - STARTUP_RECONCILE (default on, `off` disables): once, STARTUP_RECONCILE_DELAY_S (default 30)
 *   seconds after the server starts, the catch-up reconcile of every repository: what a deploy or
 *   a crash cut off is finished without waiting for the daily sweep.
 *
 * The croner jobs carry no name: croner keeps named jobs in a process-wide list and refuses a
 * name twice, which would stop a second server (or a test) in the same process.
 */
/** 200 writes: well inside GitHub's 500 content creations an hour per installation. */
export const DEFAULT_SWEEP_WRITE_BUDGET = 200;

export function startScheduler(app: Probot, env: NodeJS.ProcessEnv = process.env): Scheduler {
  const crons: Cron[] = [];
  const jobs: string[] = [];
  const active = new Map<string, Promise<void>>();
  const schedule = (name: string, pattern: string, run: () => Promise<unknown>) => {
    if (pattern === "off") return;
    jobs.push(name);
    // protect: a run still going when the next is due is skipped, so a job never overlaps itself.
    crons.push(
      new Cron(pattern, { timezone: "UTC", protect: true }, async () => {
        const running = run().then(
          () => undefined,
          (error: unknown) => void app.log.error({ err: error, job: name }, "scheduled job failed"),
        );
        active.set(name, running);
        await running;
        active.delete(name);
      }),
    );
  };
  // A run's writes per repository (actions/stale's operations-per-run): a backlog is worked off over several runs.
  const writeBudget = Number(env.SWEEP_WRITE_BUDGET ?? DEFAULT_SWEEP_WRITE_BUDGET);
  schedule("action-item-sweep", env.SWEEP_CRON ?? "0 9 * * *", () =>
    resolveBotLogin(app).then((self) => forEachInstallationRepository(app, (octokit, repo) => runSweep(octokit, repo, app.log, { self, writeBudget }))),
  );
  schedule("digests", env.DIGEST_CRON ?? "20 * * * *", () =>
    resolveBotLogin(app).then((self) =>
      forEachInstallationRepository(app, (octokit, repo) => runDigests(octokit, repo, ["weekly", "monthly"], app.log, { self, onlyEnabled: true })),
    ),
  );
  const delaySeconds = Number(env.STARTUP_RECONCILE_DELAY_S ?? 30);
  // An ISO instant is a one-off run for croner.
  const startup = env.STARTUP_RECONCILE === "off" ? "off" : new Date(Date.now() + Math.max(1, delaySeconds) * 1000).toISOString();
  schedule("startup-reconcile", startup, () =>
    resolveBotLogin(app).then((self) => forEachInstallationRepository(app, (octokit, repo) => runSweep(octokit, repo, app.log, { self, only: "reconcile", writeBudget }))),
  );
  schedule("redeliver-failed", env.REDELIVER_CRON ?? "40 * * * *", async () => redeliverFailed((await app.auth()) as Octokit, app.log));
  return {
    jobs,
    stop: () => {
      for (const cron of crons) cron.stop();
    },
    running: () => [...active.keys()],
    idle: async () => {
      while (active.size > 0) await Promise.all(active.values());
    },
  };
}
