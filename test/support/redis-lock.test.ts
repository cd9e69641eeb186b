import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisLock, claimOnce } from "../../src/support/redis-lock.js";
import { startRedisServer, type RedisServer } from "../helpers/redis-server.js";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the Redis lock, as two replicas on one Redis", () => {
  it("never lets two replicas hold the same key at once, and lets each task run", async () => {
    // Two clients, two lock instances: what two server processes have.
    const replicas = [new RedisLock(redis.client(), { prefix: "test:a:" }), new RedisLock(redis.client(), { prefix: "test:a:" })];
    let holding = 0;
    let most = 0;
    const order: string[] = [];
    const task = (name: string) => async () => {
      holding += 1;
      most = Math.max(most, holding);
      order.push(`${name} in`);
      await sleep(15);
      order.push(`${name} out`);
      holding -= 1;
      return name;
    };
    const results = await Promise.all(Array.from({ length: 12 }, (_, index) => replicas[index % 2]!.run("owner/repo#1", task(`t${index}`))));
    expect(results).toEqual(Array.from({ length: 12 }, (_, index) => `t${index}`));
    expect(most).toBe(1);
    // Every "in" is followed by its own "out".
    for (let index = 0; index < order.length; index += 2) expect(order[index + 1]).toBe(order[index]!.replace(" in", " out"));
  });

  it("holds different keys at the same time", async () => {
    const replicas = [new RedisLock(redis.client(), { prefix: "test:b:" }), new RedisLock(redis.client(), { prefix: "test:b:" })];
    let holding = 0;
    let most = 0;
    const task = async () => {
      holding += 1;
      most = Math.max(most, holding);
      await sleep(50);
      holding -= 1;
    };
    await Promise.all([replicas[0]!.run("one", task), replicas[1]!.run("two", task)]);
    expect(most).toBe(2);
  });

  it("releases the lock when the task fails, and passes the failure on", async () => {
    const client = redis.client();
    const lock = new RedisLock(client, { prefix: "test:c:" });
    await expect(lock.run("k", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await client.exists("test:c:k")).toBe(0);
  });

  it("a release by a non-owner deletes nothing: a holder whose key was taken over leaves the new holder's key and expiry alone", async () => {
    const client = redis.client();
    const lock = new RedisLock(redis.client(), { prefix: "test:d:", ttlMs: 90 });
    await lock.run("k", async () => {
      // As if this holder's lock had expired and another replica had taken the key.
      await client.set("test:d:k", "another replica", "PX", 10_000);
      await sleep(100); // past a refresh (every 30 ms)
    });
    expect(await client.get("test:d:k")).toBe("another replica");
    expect(await client.pttl("test:d:k")).toBeLessThanOrEqual(10_000 - 90);
  });

  it("takes over the lock of a replica that died holding it, once its TTL has run out", async () => {
    const dying = redis.client();
    const dead = new RedisLock(dying, { prefix: "test:e:", ttlMs: 300 });
    const alive = new RedisLock(redis.client(), { prefix: "test:e:" });
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    void dead
      .run("k", async () => {
        held();
        await new Promise(() => undefined); // never finishes: the process is gone
      })
      .catch(() => undefined);
    await holding;
    dying.disconnect(); // killed: no refresh, no release
    const started = Date.now();
    expect(await alive.run("k", async () => "taken over")).toBe("taken over");
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it("keeps the lock past its TTL while the task runs (the holder refreshes it)", async () => {
    const long = new RedisLock(redis.client(), { prefix: "test:f:", ttlMs: 150 });
    const other = new RedisLock(redis.client(), { prefix: "test:f:" });
    const events: string[] = [];
    const first = long.run("k", async () => {
      events.push("long in");
      await sleep(600);
      events.push("long out");
    });
    await sleep(30);
    await other.run("k", async () => void events.push("other in"));
    await first;
    expect(events).toEqual(["long in", "long out", "other in"]);
  });
});

describe("a claim (a scheduled run's)", () => {
  it("is granted once per key until it expires", async () => {
    const [one, two] = [redis.client(), redis.client()];
    expect(await claimOnce(one, "test:claim:x", 200)).toBe(true);
    expect(await claimOnce(two, "test:claim:x", 200)).toBe(false);
    expect(await claimOnce(two, "test:claim:y", 200)).toBe(true);
    await sleep(250);
    expect(await claimOnce(two, "test:claim:x", 200)).toBe(true);
  });
});

describe("the incident and postmortem locks", () => {
  it("are held in Redis once useRedisLocks is called at start-up, each under its own prefix", async () => {
    const { incidentLocks, postmortemLocks, useRedisLocks } = await import("../../src/reconcile/locks.js");
    const client = redis.client();
    useRedisLocks(redis.client());
    const seen = await incidentLocks.run("o/r#1", async () => postmortemLocks.run("o/r#2", async () => client.keys("postmortem-bot:lock:*")));
    expect(seen.sort()).toEqual(["postmortem-bot:lock:incident:o/r#1", "postmortem-bot:lock:postmortem:o/r#2"]);
    expect(await client.keys("postmortem-bot:lock:*")).toEqual([]);
  });
});
