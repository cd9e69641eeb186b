import { generateKeyPairSync } from "node:crypto";
import nock from "nock";
import { Probot, Server, type Logger } from "probot";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import postmortemBot from "../../src/index.js";
import { startScheduler, type Scheduler } from "../../src/jobs/scheduler.js";
import type { RecordedRequest } from "../helpers/github-rest-description.js";
import { GITHUB_API, recordingOctokit } from "../helpers/probot-harness.js";
import { freePort } from "../e2e/server-process.js";
import { hookDelivery } from "./hook-deliveries.js";

const PRIVATE_KEY = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const ALL_OFF = { SWEEP_CRON: "off", DIGEST_CRON: "off", REDELIVER_CRON: "off", STARTUP_RECONCILE: "off" };

function capturingLog(): { log: Logger; lines: { level: string; data: Record<string, unknown>; msg: string }[] } {
  const lines: { level: string; data: Record<string, unknown>; msg: string }[] = [];
  const at = (level: string) => (data: Record<string, unknown>, msg: string) => void lines.push({ level, data, msg });
  const log = { trace: at("trace"), debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), fatal: at("fatal") } as Record<string, unknown>;
  log.child = () => log;
  return { log: log as unknown as Logger, lines };
}

function app(log?: Logger, requests: RecordedRequest[] = []): Probot {
  return new Probot({ appId: 1, privateKey: PRIVATE_KEY, Octokit: recordingOctokit(requests), ...(log ? { log } : { logLevel: "fatal" }) });
}

describe("the app loads more than once in a process", () => {
  it("two Probot servers in one process load the app (with addHandler) and each serves /health", async () => {
    const servers: Server[] = [];
    try {
      for (let index = 0; index < 2; index += 1) {
        // A real pino logger, silent: Probot's server logs its requests through pino-http.
        const log = (await app().ready()).log;
        const server = new Server({ Probot: Probot.defaults({ appId: 1, privateKey: PRIVATE_KEY, log }), log, host: "127.0.0.1", port: await freePort() });
        servers.push(server);
        await server.load(postmortemBot);
        await server.start();
      }
      for (const server of servers) {
        const response = await fetch(`http://127.0.0.1:${server.port}/health`);
        expect([response.status, await response.json()]).toEqual([200, { status: "ok" }]);
      }
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
  });
});

describe("the scheduler (started and stopped by the server entry)", () => {
  const schedulers: Scheduler[] = [];
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    for (const scheduler of schedulers.splice(0)) scheduler.stop();
    vi.useRealTimers();
    nock.cleanAll();
  });

  it("two schedulers in one process start side by side, and stop() leaves no timer behind", () => {
    vi.useFakeTimers({ now: new Date("2026-12-10T08:00:00Z") });
    const first = startScheduler(app(), {});
    const second = startScheduler(app(), {});
    schedulers.push(first, second);
    expect(first.jobs).toEqual(["action-item-sweep", "digests", "startup-reconcile", "redeliver-failed"]);
    expect(second.jobs).toEqual(first.jobs);
    expect(vi.getTimerCount()).toBe(8);

    first.stop();
    expect(vi.getTimerCount()).toBe(4);
    second.stop();
    expect(vi.getTimerCount()).toBe(0);
    expect(first.running()).toEqual([]);
  });

  it("the catch-up reconcile runs once, STARTUP_RECONCILE_DELAY_S after the start", async () => {
    vi.useFakeTimers({ now: new Date("2026-12-10T08:00:00Z") });
    const scheduler = startScheduler(app(), { ...ALL_OFF, STARTUP_RECONCILE: "on", STARTUP_RECONCILE_DELAY_S: "5" });
    schedulers.push(scheduler);
    expect(scheduler.jobs).toEqual(["startup-reconcile"]);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(scheduler.running()).toEqual([]);
  });

  it("`off` disables a schedule", () => {
    vi.useFakeTimers({ now: new Date("2026-12-10T08:00:00Z") });
    const scheduler = startScheduler(app(), { ...ALL_OFF, DIGEST_CRON: "20 * * * *" });
    schedulers.push(scheduler);
    expect(scheduler.jobs).toEqual(["digests"]);
    expect(vi.getTimerCount()).toBe(1);
  });

  it("runs the redelivery job on REDELIVER_CRON with the app's JWT; after stop() a run in progress finishes and none starts", async () => {
    const now = new Date();
    const failed = hookDelivery("g-scheduled", now, 5, 503);
    let served = 0;
    const scope = nock(GITHUB_API)
      .get("/app/hook/deliveries")
      .query({ per_page: "100" })
      .matchHeader("authorization", /^bearer /)
      .delay(300)
      .reply(200, () => (served++, [failed]))
      .post(`/app/hook/deliveries/${failed.id}/attempts`)
      .reply(202, {});
    const { log, lines } = capturingLog();
    const scheduler = startScheduler(app(log), { ...ALL_OFF, REDELIVER_CRON: "* * * * * *" });
    schedulers.push(scheduler);

    await vi.waitFor(() => expect(scheduler.running()).toEqual(["redeliver-failed"]), { timeout: 2_500, interval: 20 });
    scheduler.stop();
    await scheduler.idle();

    expect(scope.isDone()).toBe(true);
    expect(scheduler.running()).toEqual([]);
    expect(lines.find((line) => line.msg === "failed deliveries redelivered")?.data).toMatchObject({ redelivered: 1, refused: 0 });
    // Stopped: the next second passes without a run (a run would reach the network, which is off, and log a failure).
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(served).toBe(1);
    expect(lines.filter((line) => line.level === "error")).toEqual([]);
  });

  it("a job that fails is logged with its name, and the schedule goes on", async () => {
    nock(GITHUB_API).get("/app/hook/deliveries").query(true).reply(500, { message: "Server Error" });
    const { log, lines } = capturingLog();
    const scheduler = startScheduler(app(log), { ...ALL_OFF, REDELIVER_CRON: "* * * * * *" });
    schedulers.push(scheduler);

    await vi.waitFor(() => expect(lines.some((line) => line.msg === "scheduled job failed")).toBe(true), { timeout: 2_500, interval: 20 });
    scheduler.stop();
    await scheduler.idle();
    const failure = lines.find((line) => line.msg === "scheduled job failed")!;
    expect(failure).toMatchObject({ level: "error", data: { job: "redeliver-failed" } });
    expect((failure.data.err as { status?: number }).status).toBe(500);
  });
});
