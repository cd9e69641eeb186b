// `npm start`: Probot's server with postmortem-bot loaded. Without APP_ID and a private key it
// serves Probot's setup page, which registers the app from app.yml and writes them into .env.
import { run, type ApplicationFunction, type Logger } from "probot";
import postmortemBot from "../index.js";
import { startScheduler, type Scheduler } from "../jobs/scheduler.js";
import { exitOnSignals, shutdownDeadline } from "./graceful-shutdown.js";
import { InFlightDeliveries } from "./in-flight-deliveries.js";
import { ProductionOctokit } from "../github/production-octokit.js";
import { Redis } from "ioredis";
import { useRedisLocks } from "../reconcile/locks.js";

// Probot falls back to the webhook secret "development", which anyone can sign with: a server
// that has credentials but no secret of its own refuses to start rather than trust forged deliveries.
const hasCredentials = Boolean(process.env.APP_ID) && Boolean(process.env.PRIVATE_KEY || process.env.PRIVATE_KEY_PATH);
if (hasCredentials && !process.env.WEBHOOK_SECRET && process.env.NODE_ENV !== "development") {
  console.error("WEBHOOK_SECRET is not set: refusing to accept webhooks signed with Probot's default secret. Set it (or NODE_ENV=development to allow it locally).");
  process.exit(1);
}
let deadlineMs: number;
try {
  deadlineMs = shutdownDeadline(process.env.SHUTDOWN_DEADLINE_MS);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

// REDIS_URL: replicas share the per-incident and per-postmortem locks and the schedule there
// (Probot shares Octokit's throttling queues and this app's write budget through the same URL).
const redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : undefined;
if (redis) useRedisLocks(redis);

// The server owns what outlives a delivery: the schedule, and the count of deliveries in flight.
const deliveries = new InFlightDeliveries();
let scheduler: Scheduler | undefined;
let log: Logger | undefined;
const serverApp: ApplicationFunction = (app, options) => {
  deliveries.watch(app.webhooks);
  scheduler = startScheduler(app, process.env, redis ? { redis } : {});
  log = app.log;
  return postmortemBot(app, options);
};

// Probot's `run` adds a SIGINT listener that exits as soon as the HTTP server has closed, with
// handlers still running: it is replaced by the graceful shutdown (SIGTERM and SIGINT).
const ownListeners = new Set(process.listeners("SIGINT"));
const server = await run(serverApp, { Octokit: ProductionOctokit });
for (const listener of process.listeners("SIGINT")) if (!ownListeners.has(listener)) process.removeListener("SIGINT", listener);
exitOnSignals({ server, deliveries, scheduler, log: log ?? (console as unknown as Logger), deadlineMs });
