import { Cron } from "croner";
import type { Redis } from "ioredis";
import type { Logger, Probot } from "probot";
import { resolveBotLogin } from "../github/app-identity.js";
import type { Octokit } from "../github/github-client.js";
import { redeliverFailed } from "./redeliver-failed.js";
import { runDigests } from "./run-digest.js";
import { forEachInstallationRepository, runSweep } from "./run-sweep.js";
import { claimOnce } from "../support/redis-lock.js";

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
 * replica running the same schedule does not post twice; `off` disables a schedule. With Redis
 * (REDIS_URL) the replicas share one schedule: each run is claimed there first (createSchedule).
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

/**
 * With Redis, a scheduled run is claimed first (`SET NX PX`, keyed by job and scheduled instant,
 * never released): a replica that finds the claim taken skips the run. Expiry: at least a run's
 * expected length, so a replica whose clock or timer is late cannot run the same instant again.
 */
export const SCHEDULED_RUN_CLAIM_MS = 60 * 60_000;
/** The catch-up at start-up is one per deploy: a replica starting this soon after another's catch-up skips its own. */
export const STARTUP_RECONCILE_CLAIM_MS = 10 * 60_000;

export interface ScheduleOptions {
  /** Replicas sharing this Redis run each scheduled instant once between them. */
  redis?: Redis;
}

/** The croner jobs of one scheduler, with the claim in Redis around each run when there is one. */
export function createSchedule(
  log: Logger,
  options: ScheduleOptions = {},
): { schedule: (name: string, pattern: string, run: () => Promise<unknown>) => void; scheduler: Scheduler } {
  const crons: Cron[] = [];
  const jobs: string[] = [];
  const active = new Map<string, Promise<void>>();
  const { redis } = options;
  const claimed = async (name: string, cron: Cron): Promise<boolean> => {
    if (!redis) return true;
    const once = cron.getOnce() !== null;
    // The latest instant of the pattern at or before now: the one this run is for (croner fires on
    // or after it, so a timer late by less than the pattern's step still names the same instant).
    const at = once ? undefined : cron.previousRuns(1, new Date(Math.floor(Date.now() / 1000) * 1000 + 1000))[0];
    const key = `postmortem-bot:schedule:${name}${at ? `:${at.toISOString()}` : ""}`;
    if (await claimOnce(redis, key, once ? STARTUP_RECONCILE_CLAIM_MS : SCHEDULED_RUN_CLAIM_MS)) return true;
    log.info({ job: name, ...(at ? { at: at.toISOString() } : {}) }, "scheduled run skipped: another replica has it");
    return false;
  };
  const schedule = (name: string, pattern: string, run: () => Promise<unknown>) => {
    if (pattern === "off") return;
    jobs.push(name);
    // protect: a run still going when the next is due is skipped, so a job never overlaps itself.
    crons.push(
      new Cron(pattern, { timezone: "UTC", protect: true }, async (cron: Cron) => {
        const running = claimed(name, cron)
          .then((mine) => (mine ? run() : undefined))
          .then(
            () => undefined,
            (error: unknown) => void log.error({ err: error, job: name }, "scheduled job failed"),
          );
        active.set(name, running);
        await running;
        active.delete(name);
      }),
    );
  };
  const scheduler: Scheduler = {
    jobs,
    stop: () => {
      for (const cron of crons) cron.stop();
    },
    running: () => [...active.keys()],
    idle: async () => {
      while (active.size > 0) await Promise.all(active.values());
    },
  };
  return { schedule, scheduler };
}

export function startScheduler(app: Probot, env: NodeJS.ProcessEnv = process.env, options: ScheduleOptions = {}): Scheduler {
  const { schedule, scheduler } = createSchedule(app.log, options);
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
  return scheduler;
}
