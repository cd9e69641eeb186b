import type { Redis } from "ioredis";
import { KeyedLock } from "../support/keyed-lock.js";
import type { Lock } from "../support/lock.js";
import { RedisLock } from "../support/redis-lock.js";

/**
 * One incident, one postmortem at a time: deliveries and the catch-up take turns. In this process
 * by default; across replicas once `useRedisLocks` is called at start-up (REDIS_URL).
 */
let incident: Lock = new KeyedLock();
let postmortem: Lock = new KeyedLock();

export const incidentLocks: Lock = { run: (key, task) => incident.run(key, task) };
export const postmortemLocks: Lock = { run: (key, task) => postmortem.run(key, task) };

/** Chosen once at start-up: from then on both locks are held in Redis, shared by every replica on it. */
export function useRedisLocks(redis: Redis): void {
  incident = new RedisLock(redis, { prefix: "postmortem-bot:lock:incident:" });
  postmortem = new RedisLock(redis, { prefix: "postmortem-bot:lock:postmortem:" });
}
