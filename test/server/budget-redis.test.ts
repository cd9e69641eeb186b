import Bottleneck from "bottleneck";
import nock from "nock";
import { Probot } from "probot";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBudget, GITHUB_CONTENT_LIMITS } from "../../src/github/github-budget.js";
import { ProductionOctokit } from "../../src/github/production-octokit.js";
import { startRedisServer, type RedisServer } from "../helpers/redis-server.js";
import { testPrivateKey } from "../e2e/server-process.js";

// Two replicas are two processes, each with its own Redis connection: here two Bottleneck
// connections (two ioredis clients) on one real Redis. Bottleneck keeps the buckets in Redis and
// takes its clock from there, so these run on the real clock.
let redis: RedisServer;
const connections: Bottleneck.IORedisConnection[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.disconnect(false)));
  await redis?.stop();
});
beforeEach(() => {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
});
afterEach(() => nock.cleanAll());

function replicaConnection(): Bottleneck.IORedisConnection {
  const connection = new Bottleneck.IORedisConnection({ client: redis.client() });
  connections.push(connection);
  return connection;
}

const API = "https://api.github.com";
const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

describe("the write budget shared through Redis", () => {
  it("keeps two replicas' content writes within one per-minute bucket together", { timeout: 15_000 }, async () => {
    // A bucket of 5 (then one every 60 s / 75 = 800 ms), so that a few writes show it on a real clock.
    const figures = { contentBurstPerMinute: 5, contentBurstPerHour: 100, writeSpacingMs: 10 };
    const interval = 60_000 / (GITHUB_CONTENT_LIMITS.perMinute - figures.contentBurstPerMinute);
    const replicas = [createBudget({ connection: replicaConnection(), figures }), createBudget({ connection: replicaConnection(), figures })];
    const started = Date.now();
    const times = (await Promise.all(Array.from({ length: 8 }, (_, n) => replicas[n % 2]!.pace("content", "installation-1").then(() => Date.now() - started)))).sort(
      (a, b) => a - b,
    );
    // One bucket of 5 between them (two buckets would let all 8 through at once), then the refill.
    expect(times.filter((time) => time < interval * 0.8)).toHaveLength(5);
    expect(times[7]! - times[4]!).toBeGreaterThanOrEqual(3 * interval * 0.9);
  });

  it("spaces two production Octokit clients' writes to one installation as one (500 ms apart)", { timeout: 15_000 }, async () => {
    const times: number[] = [];
    nock(API)
      .post("/repos/o/r/issues/1/comments")
      .times(4)
      .reply(201, () => (times.push(Date.now()), { id: 1 }));
    const octokits = [replicaConnection(), replicaConnection()].map(
      (connection) => new ProductionOctokit({ auth: { token: "t" }, githubToken: "t", log: silent, throttle: { id: "shared-installation", connection } } as never),
    );
    await Promise.all(
      Array.from({ length: 4 }, (_, n) =>
        octokits[n % 2]!.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner: "o", repo: "r", issue_number: 1, body: `c${n}` }),
      ),
    );
    times.sort((a, b) => a - b);
    const gaps = times.slice(1).map((time, index) => time - times[index]!);
    // Apart by the write spacing across both clients (separate budgets would send two at once).
    expect(gaps.every((gap) => gap >= 450)).toBe(true);
  });

  it("reaches this app's client when Probot is given REDIS_URL: the installation's writes are paced in Redis", { timeout: 15_000 }, async () => {
    nock(API)
      .post("/app/installations/77/access_tokens")
      .reply(201, { token: "installation-token", expires_at: new Date(Date.now() + 3_600_000).toISOString() })
      .post("/repos/o/r/issues/1/comments")
      .reply(201, { id: 1 });
    // What Probot's `run` builds from REDIS_URL: its own ioredis client and Bottleneck connection.
    const probot = new Probot({ appId: 1, privateKey: testPrivateKey(), redisConfig: redis.url, Octokit: ProductionOctokit, logLevel: "fatal" });
    const octokit = await probot.auth(77);
    await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner: "o", repo: "r", issue_number: 1, body: "c" });
    const keys = await redis.client().keys("b_postmortem-bot-*");
    expect(keys).toEqual(
      expect.arrayContaining(["b_postmortem-bot-writes-77_settings", "b_postmortem-bot-content-minute-77_settings", "b_postmortem-bot-content-hour-77_settings"]),
    );
  });
});
