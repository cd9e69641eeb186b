import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer, type RedisServer } from "../helpers/redis-server.js";
import { GitHubStandIn } from "./github-stand-in.js";
import { ServerProcess } from "./server-process.js";

/**
 * Issue #11: two replicas of the real server on one real Redis run the scheduled sweep once per
 * scheduled instant between them (here every 2 seconds): the one that claims the instant sweeps,
 * the other logs that it skipped. Each sweep starts by listing the app's installations, so the
 * stand-in counts the sweeps.
 */
let redis: RedisServer;
let github: GitHubStandIn;
let replicas: ServerProcess[] = [];
const SCHEDULE = { SWEEP_CRON: "*/2 * * * * *" };

beforeAll(async () => {
  redis = await startRedisServer();
  github = await new GitHubStandIn().start();
  github.seedIssue("acme/quiet", { title: "Not an incident" });
  replicas = await Promise.all([0, 1].map(() => ServerProcess.start({ gheHost: github.host, env: { REDIS_URL: redis.url, ...SCHEDULE } })));
}, 90_000);

afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
  await github?.stop();
  await redis?.stop();
});

describe("the schedule across replicas", () => {
  it("two replicas sweep once per scheduled instant between them", { timeout: 60_000 }, async () => {
    const from = github.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 9_000));
    for (const replica of replicas) replica.kill("SIGTERM");
    await Promise.all(replicas.map((replica) => replica.exited));

    const sweeps = github.requestsSince(from).filter((request) => request.method === "GET" && request.pathname === "/app/installations").length;
    const skipped = replicas.flatMap((replica) =>
      replica.logs().filter((line) => line.msg === "scheduled run skipped: another replica has it" && line.job === "action-item-sweep"),
    );
    const instants = new Set(skipped.map((line) => line.at));
    // About 4 instants in 9 s: each swept once (by one replica) and skipped once (by the other).
    expect(sweeps).toBeGreaterThanOrEqual(3);
    expect(skipped).toHaveLength(instants.size);
    expect(Math.abs(sweeps - instants.size)).toBeLessThanOrEqual(1);
    for (const replica of replicas) expect(replica.logs().filter((line) => line.level >= 50)).toEqual([]);
  });
});
