import Bottleneck from "bottleneck";
import type { RequestKind } from "./request-kind.js";

/**
 * GitHub's secondary limits on content creation ("Rate limits for the REST API": no more than 80
 * content-generating requests a minute and 500 an hour), which Octokit's fixed 3 s spacing does
 * not model: 20 a minute is under the first but crosses the second after 25 minutes of steady
 * work, and then everything stalls on secondary-limit answers.
 */
export const GITHUB_CONTENT_LIMITS = { perMinute: 80, perHour: 500 } as const;

/**
 * The app's budget per installation, every figure in one place.
 *
 * Content creation is two token buckets, one per GitHub window. GitHub does not say whether its
 * windows are fixed or rolling, so the budget holds in any rolling window: a bucket that starts
 * full with `burst` tokens and gains one every `interval` lets through at most
 * `burst + window / interval` requests in any window, which the intervals below make equal to
 * GitHub's figure. (A reservoir refilled to 80 every minute would allow 160 in a few seconds
 * across a refill.) So:
 * - minute: 20 at once, then one a second: never more than 80 in any 60 s;
 * - hour: 100 at once, then one every 9 s: never more than 500 in any hour, 400 an hour sustained.
 * A SEV1's three content writes go at once; filing 50 action items (101 of them) takes about 80 s,
 * near the 76 s that 80 a minute allows; a steady backfill settles at one content write every 9 s.
 *
 * Every write, content or not, is also spaced `writeSpacingMs` apart. GitHub scores REST requests
 * 5 points a write against 900 points a minute: 120 writes a minute use 600 and leave the rest to
 * reads. (Octokit's default is 1 s, after GitHub's advice to wait a second between writes when
 * making "a large number" of them; the points are the limit GitHub enforces.)
 * Reads, GraphQL queries included, are not paced here at all.
 */
export const BUDGET = {
  contentBurstPerMinute: 20,
  contentBurstPerHour: 100,
  writeSpacingMs: 500,
} as const;

const MINUTE = 60_000;
const HOUR = 3_600_000;

export interface Budget {
  /** Resolves when a request of this kind may go: at once for reads. */
  pace(kind: RequestKind, installation: string): Promise<void>;
}

/**
 * The budget as Bottleneck groups keyed by installation: module-level (one per process) like
 * Octokit's own queues, or shared between processes when given Probot's Bottleneck Redis
 * `connection` (Bottleneck keeps reservoirs and spacing in Redis then).
 */
export function createBudget(
  options: {
    connection?: Bottleneck.IORedisConnection | Bottleneck.RedisConnection;
    /** Other figures than BUDGET's (tests that run on a real clock, where Redis keeps the time). */
    figures?: { readonly [K in keyof typeof BUDGET]: number };
  } = {},
): Budget {
  const shared = options.connection ? { connection: options.connection } : {};
  const figures = options.figures ?? BUDGET;
  const minute = tokenBucket("postmortem-bot-content-minute", figures.contentBurstPerMinute, MINUTE / (GITHUB_CONTENT_LIMITS.perMinute - figures.contentBurstPerMinute), shared);
  const hour = tokenBucket("postmortem-bot-content-hour", figures.contentBurstPerHour, HOUR / (GITHUB_CONTENT_LIMITS.perHour - figures.contentBurstPerHour), shared);
  const writes = new Bottleneck.Group({ id: "postmortem-bot-writes", minTime: figures.writeSpacingMs, ...shared });
  return {
    async pace(kind, installation) {
      if (kind === "read") return;
      // One bucket after the other (not `chain()`): a group drops an idle key's limiter, and a
      // chain would keep pointing at the dropped one.
      if (kind === "content") {
        await minute.key(installation).schedule(nothing);
        await hour.key(installation).schedule(nothing);
      }
      await writes.key(installation).schedule(nothing);
    },
  };
}

/**
 * A Bottleneck token bucket: starts full, gains one token every `intervalMs` up to `burst`.
 * An idle limiter is dropped only once it would have been full again, so dropping it (and
 * starting the next one full) never gives more than the bucket allows.
 */
function tokenBucket(id: string, burst: number, exactIntervalMs: number, shared: { connection?: Bottleneck.IORedisConnection | Bottleneck.RedisConnection }): Bottleneck.Group {
  // Whole milliseconds, rounded up (never more tokens than the figure): Bottleneck's Redis scripts take integers only.
  const intervalMs = Math.ceil(exactIntervalMs);
  return new Bottleneck.Group({
    id,
    reservoir: burst,
    reservoirIncreaseAmount: 1,
    reservoirIncreaseInterval: intervalMs,
    reservoirIncreaseMaximum: burst,
    // Bottleneck adds tokens on its heartbeat, so a token can come up to one beat late (never early).
    heartbeatInterval: Math.ceil(intervalMs / 20),
    timeout: 2 * burst * intervalMs,
    ...shared,
  });
}

async function nothing(): Promise<void> {}
