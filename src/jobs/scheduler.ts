import { Cron } from "croner";
import type { Probot } from "probot";
import { resolveBotLogin } from "../github/app-identity.js";
import { runDigests } from "./run-digest.js";
import { forEachInstallationRepository, runSweep } from "./run-sweep.js";

/**
 * The long-running server's clock. Every job is idempotent through GitHub (reminder stages are
 * recorded on their items, a digest is found by its period's marker before one is posted), so a
 * second replica running the same schedule does not post twice; `off` disables a schedule.
 *
 * - SWEEP_CRON (default 09:00 UTC daily): action-item reminders, unowned items, effectiveness reviews.
 * - DIGEST_CRON (default hourly at :20): weekly and monthly digests of the repositories that enable
 *   them, posted once the period is complete in the repository's own time zone.
 */
export function startScheduler(app: Probot, env: NodeJS.ProcessEnv = process.env): Cron[] {
  const jobs: Cron[] = [];
  const schedule = (name: string, pattern: string, run: () => Promise<void>) => {
    if (pattern === "off") return;
    jobs.push(
      new Cron(pattern, { timezone: "UTC", protect: true, name }, async () => {
        try {
          await run();
        } catch (error) {
          app.log.error({ err: error, job: name }, "scheduled job failed");
        }
      }),
    );
  };
  schedule("action-item-sweep", env.SWEEP_CRON ?? "0 9 * * *", () =>
    resolveBotLogin(app).then((self) => forEachInstallationRepository(app, (octokit, repo) => runSweep(octokit, repo, app.log, { self }))),
  );
  schedule("digests", env.DIGEST_CRON ?? "20 * * * *", () =>
    resolveBotLogin(app).then((self) => forEachInstallationRepository(app, (octokit, repo) => runDigests(octokit, repo, ["weekly", "monthly"], app.log, { self, onlyEnabled: true }))),
  );
  return jobs;
}
