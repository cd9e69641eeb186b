import type { Logger } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSchedule } from "../../src/jobs/scheduler.js";
import { startRedisServer, type RedisServer } from "../helpers/redis-server.js";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

function capturingLog(): { log: Logger; lines: { level: string; data: Record<string, unknown>; msg: string }[] } {
  const lines: { level: string; data: Record<string, unknown>; msg: string }[] = [];
  const at = (level: string) => (data: Record<string, unknown>, msg: string) => void lines.push({ level, data, msg });
  const log = { trace: at("trace"), debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), fatal: at("fatal") } as Record<string, unknown>;
  log.child = () => log;
  return { log: log as unknown as Logger, lines };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("two schedulers (two replicas) on one Redis", () => {
  it("run a job once per scheduled instant between them, and the one that skips says so", { timeout: 15_000 }, async () => {
    const runs: { replica: number; second: number }[] = [];
    const logs = [capturingLog(), capturingLog()];
    const replicas = logs.map(({ log }, replica) => {
      const { schedule, scheduler } = createSchedule(log, { redis: redis.client() });
      schedule("every-second", "* * * * * *", async () => {
        runs.push({ replica, second: Math.floor(Date.now() / 1000) });
        await sleep(100);
      });
      return scheduler;
    });
    await sleep(3_500);
    for (const scheduler of replicas) scheduler.stop();
    await Promise.all(replicas.map((scheduler) => scheduler.idle()));

    const seconds = runs.map((run) => run.second);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seconds).size).toBe(seconds.length);
    const skipped = logs.flatMap(({ lines }) => lines.filter((line) => line.msg === "scheduled run skipped: another replica has it"));
    // Each replica fires every instant: the one that loses the claim logs it, with the instant
    // (one fewer if stop() came between the two replicas' timers of the last instant).
    expect(skipped.length).toBeGreaterThanOrEqual(runs.length - 1);
    expect(skipped.length).toBeLessThanOrEqual(runs.length);
    expect(new Set(skipped.map((line) => line.data.at)).size).toBe(skipped.length);
    expect(skipped.every((line) => line.data.job === "every-second" && typeof line.data.at === "string")).toBe(true);
    expect(logs.flatMap(({ lines }) => lines.filter((line) => line.level === "error"))).toEqual([]);
  });

  it("run a one-off job (the catch-up at start-up) once between them", async () => {
    let runs = 0;
    const at = new Date(Date.now() + 1_000).toISOString();
    const replicas = [capturingLog(), capturingLog()].map(({ log }) => {
      const { schedule, scheduler } = createSchedule(log, { redis: redis.client() });
      schedule("startup-once", at, async () => void (runs += 1));
      return scheduler;
    });
    await sleep(1_600);
    await Promise.all(replicas.map((scheduler) => scheduler.idle()));
    for (const scheduler of replicas) scheduler.stop();
    expect(runs).toBe(1);
  });

  it("without Redis, each scheduler runs every instant itself (one process, as before)", { timeout: 10_000 }, async () => {
    const runs: number[] = [];
    const replicas = [capturingLog(), capturingLog()].map(({ log }, replica) => {
      const { schedule, scheduler } = createSchedule(log);
      schedule("every-second", "* * * * * *", async () => void runs.push(replica));
      return scheduler;
    });
    await sleep(2_200);
    for (const scheduler of replicas) scheduler.stop();
    expect(runs.filter((replica) => replica === 0).length).toBeGreaterThanOrEqual(2);
    expect(runs.filter((replica) => replica === 1).length).toBeGreaterThanOrEqual(2);
  });
});
