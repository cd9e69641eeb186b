import { Cron } from "croner";
import type { Probot } from "probot";
import { forEachInstallationRepository, runSweep } from "./run-sweep.js";

/**
 * The long-running server's clock: sweeps the action items of every repository of every
 * installation on a cron schedule (`SWEEP_CRON`, default 09:00 UTC daily; `off` disables it).
 * Jobs are idempotent through GitHub (each reminder stage is recorded on its item), so a
 * replica that runs the same schedule does not post twice what is already recorded.
 */
export function startScheduler(app: Probot, schedule = process.env.SWEEP_CRON ?? "0 9 * * *"): Cron | undefined {
  if (schedule === "off") return undefined;
  return new Cron(schedule, { timezone: "UTC", protect: true, name: "action-item-sweep" }, async () => {
    try {
      await forEachInstallationRepository(app, (octokit, repo) => runSweep(octokit, repo, app.log));
    } catch (error) {
      app.log.error({ err: error }, "scheduled sweep failed");
    }
  });
}
