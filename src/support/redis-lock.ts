import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Lock } from "./lock.js";

/** Longer than a reconcile (a SEV1's writes take seconds; filing 50 action items about 80 s), and refreshed while the task runs. */
export const REDIS_LOCK_TTL_MS = 120_000;

// Only the holder's token releases or extends the lock: a holder whose lock expired and was taken
// over must not delete (or prolong) the new holder's.
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

export interface RedisLockOptions {
  /** Prefix of every key, e.g. `postmortem-bot:lock:incident:`. */
  prefix: string;
  ttlMs?: number;
  /** First and longest wait between two attempts while the lock is held elsewhere. */
  minWaitMs?: number;
  maxWaitMs?: number;
}

/**
 * A lock per key shared by every replica on one Redis: `SET key token NX PX ttl` takes it, a
 * compare-and-delete script releases it, and a holder that dies is taken over once the TTL runs
 * out. While the task runs the TTL is extended every third of it, so a long reconcile keeps it.
 * A waiter polls with a short, growing, jittered backoff.
 */
export class RedisLock implements Lock {
  private readonly ttlMs: number;
  private readonly minWaitMs: number;
  private readonly maxWaitMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisLockOptions,
  ) {
    this.ttlMs = options.ttlMs ?? REDIS_LOCK_TTL_MS;
    this.minWaitMs = options.minWaitMs ?? 10;
    this.maxWaitMs = options.maxWaitMs ?? 200;
  }

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const redisKey = this.options.prefix + key;
    const token = randomUUID();
    let wait = this.minWaitMs;
    while ((await this.redis.set(redisKey, token, "PX", this.ttlMs, "NX")) !== "OK") {
      await sleep(wait / 2 + Math.random() * (wait / 2));
      wait = Math.min(this.maxWaitMs, wait * 2);
    }
    const refresh = setInterval(() => void this.redis.eval(EXTEND, 1, redisKey, token, this.ttlMs).catch(() => undefined), this.ttlMs / 3);
    refresh.unref();
    try {
      return await task();
    } finally {
      clearInterval(refresh);
      await this.redis.eval(RELEASE, 1, redisKey, token);
    }
  }
}

/**
 * Claims `key` for `ttlMs` if nobody holds it; never released, so the claim stands until it
 * expires (a scheduled run's claim: later replicas for the same instant find it taken).
 */
export async function claimOnce(redis: Redis, key: string, ttlMs: number): Promise<boolean> {
  return (await redis.set(key, randomUUID(), "PX", ttlMs, "NX")) === "OK";
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
