import type { Logger } from "probot";
import type { Scheduler } from "../jobs/scheduler.js";
import type { InFlightDeliveries } from "./in-flight-deliveries.js";

/** Inside a typical 30 s termination grace period (Kubernetes, ECS), leaving time to exit. */
export const DEFAULT_SHUTDOWN_DEADLINE_MS = 25_000;

export interface ShutdownParts {
  /** Probot's server: `stop()` closes the listening socket at once and resolves when its connections have closed. */
  server: { stop(): Promise<void> };
  deliveries: InFlightDeliveries;
  /** Absent when the app was not loaded (Probot's setup mode). */
  scheduler?: Scheduler | undefined;
  log: Logger;
  deadlineMs: number;
}

/**
 * Stops the server gracefully: accepts no more deliveries, starts no more jobs, lets the work in
 * flight finish until the deadline (or `cut`, a second signal, comes first), then says what it
 * cut off. Resolves to the exit code: 0 when everything finished, 1 when work was cut off. Work
 * cut off is not lost: its delivery was never answered 2xx (GitHub records it as failed and the
 * redelivery job asks for it again), or was answered 202 and is caught up by the next reconcile.
 */
export async function shutDown(parts: ShutdownParts, signal: string, cut: Promise<unknown> = new Promise(() => undefined)): Promise<number> {
  const { deliveries, scheduler, log } = parts;
  const started = Date.now();
  deliveries.close();
  scheduler?.stop();
  // Stops listening at once; the promise (connections closed) is not waited for: kept-alive ones idle for seconds.
  void parts.server.stop().catch((error: unknown) => log.warn({ err: error }, "closing the HTTP server failed"));
  log.info(
    { signal, deliveries: deliveries.list().length, jobs: scheduler?.running() ?? [], deadlineMs: parts.deadlineMs },
    "shutting down: accepting no more deliveries, waiting for the work in flight",
  );

  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"deadline">((resolve) => (timer = setTimeout(() => resolve("deadline"), parts.deadlineMs)));
  const finished = Promise.all([deliveries.idle(), scheduler?.idle()]).then(() => "finished" as const);
  const outcome = await Promise.race([finished, deadline, cut.then(() => "signal" as const)]);
  clearTimeout(timer);
  if (outcome === "finished") {
    log.info({ ms: Date.now() - started }, "shut down: all work in flight finished");
    return 0;
  }
  const now = Date.now();
  const cutOff = deliveries.list().map((delivery) => ({ id: delivery.id, event: delivery.event, runningMs: now - delivery.startedAt }));
  const jobs = scheduler?.running() ?? [];
  log.error(
    { cutOff, jobs, ms: now - started, reason: outcome === "deadline" ? `deadline of ${parts.deadlineMs} ms` : "second signal" },
    `shut down with work in flight: cut off ${cutOff.length} ${cutOff.length === 1 ? "delivery" : "deliveries"}${jobs.length > 0 ? ` and job ${jobs.join(", ")}` : ""}`,
  );
  return 1;
}

/**
 * SIGTERM (what a platform sends before it kills) and SIGINT shut the server down gracefully; a
 * second signal cuts the wait short. The process exits with `shutDown`'s code once the logs are out.
 */
export function exitOnSignals(parts: ShutdownParts, exit: (code: number) => void = (code) => process.exit(code)): void {
  let again: () => void = () => undefined;
  const cut = new Promise<void>((resolve) => (again = resolve));
  let shuttingDown = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) return again();
    shuttingDown = true;
    void shutDown(parts, signal, cut).then((code) => {
      // A moment for the last lines (pino writes through a stream) and the last answers to GitHub
      // (Probot writes them right after the handlers settle) to leave the process.
      setTimeout(() => exit(code), 100);
    });
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

/** `SHUTDOWN_DEADLINE_MS`: milliseconds, at least 0; anything else is refused at start-up. */
export function shutdownDeadline(value: string | undefined): number {
  if (value === undefined || value === "") return DEFAULT_SHUTDOWN_DEADLINE_MS;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`SHUTDOWN_DEADLINE_MS must be a whole number of milliseconds, not "${value}"`);
  return ms;
}
