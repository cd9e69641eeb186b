import { generateKeyPairSync, randomUUID } from "node:crypto";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { Probot, Server, type ApplicationFunction, type Logger } from "probot";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startScheduler } from "../../src/jobs/scheduler.js";
import { DEFAULT_SHUTDOWN_DEADLINE_MS, shutDown, shutdownDeadline } from "../../src/server/graceful-shutdown.js";
import { InFlightDeliveries } from "../../src/server/in-flight-deliveries.js";
import { freePort, sign } from "../e2e/server-process.js";
import { GITHUB_API, recordingOctokit } from "../helpers/probot-harness.js";
import { hookDelivery } from "../jobs/hook-deliveries.js";

const SECRET = "shutdown-test-secret";
const PRIVATE_KEY = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();

interface Line {
  level: string;
  data: Record<string, unknown>;
  msg: string;
}

function capturingLog(): { log: Logger; lines: Line[] } {
  const lines: Line[] = [];
  const at = (level: string) => (data: Record<string, unknown>, msg: string) => void lines.push({ level, data, msg });
  const log = { trace: at("trace"), debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), fatal: at("fatal") } as Record<string, unknown>;
  log.child = () => log;
  return { log: log as unknown as Logger, lines };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((settle) => (resolve = settle));
  return { promise, resolve };
}

/** POSTs a signed `issues.labeled` delivery as GitHub does. */
async function deliver(url: string, id = randomUUID()): Promise<{ id: string; status: number; text: string }> {
  const body = JSON.stringify({ action: "labeled", issue: { number: 1 }, repository: { name: "r", owner: { login: "o" } } });
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": "issues", "x-github-delivery": id, "x-hub-signature-256": sign(body, SECRET) },
    body,
  });
  return { id, status: response.status, text: await response.text() };
}

/**
 * A real Probot server whose only handler waits until the test releases it: the shape of the
 * production server (src/server/main.ts) with the deliveries watched, without the app's GitHub work.
 */
async function serverWithSlowHandler(): Promise<{ server: Server; url: string; deliveries: InFlightDeliveries; started: string[]; release: () => void }> {
  const silent = (await new Probot({ appId: 1, privateKey: PRIVATE_KEY, logLevel: "fatal" }).ready()).log;
  const deliveries = new InFlightDeliveries();
  const gate = deferred();
  const started: string[] = [];
  const appFn: ApplicationFunction = (app) => {
    deliveries.watch(app.webhooks);
    app.on("issues.labeled", async (context) => {
      started.push(context.id);
      await gate.promise;
    });
  };
  const port = await freePort();
  const server = new Server({ Probot: Probot.defaults({ appId: 1, privateKey: PRIVATE_KEY, secret: SECRET, log: silent }), log: silent, host: "127.0.0.1", port });
  await server.load(appFn);
  await server.start();
  return { server, url: `http://127.0.0.1:${port}/api/github/webhooks`, deliveries, started, release: gate.resolve };
}

describe("graceful shutdown", () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect("127.0.0.1");
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("stops accepting deliveries, lets the one in flight finish, and exits 0", async () => {
    const { server, url, deliveries, started, release } = await serverWithSlowHandler();
    cleanup.push(() => server.stop(), release);
    const answer = deliver(url);
    await vi.waitFor(() => expect(started).toHaveLength(1), { interval: 10 });
    const { log, lines } = capturingLog();

    const code = shutDown({ server, deliveries, log, deadlineMs: 5_000 }, "SIGTERM");
    await vi.waitFor(() => expect(lines.map((line) => line.msg)).toContain("shutting down: accepting no more deliveries, waiting for the work in flight"));
    expect(lines[0]!.data).toMatchObject({ signal: "SIGTERM", deliveries: 1, deadlineMs: 5_000 });
    // No new connection is accepted once shutting down.
    await expect(deliver(url)).rejects.toThrow();
    release();

    expect(await code).toBe(0);
    expect((await answer).status).toBe(200);
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      ["info", "shutting down: accepting no more deliveries, waiting for the work in flight"],
      ["info", "shut down: all work in flight finished"],
    ]);
  });

  it("at the deadline, says which deliveries it cut off (id and event) and exits 1", async () => {
    const { server, url, deliveries, started, release } = await serverWithSlowHandler();
    cleanup.push(() => server.stop(), release);
    const id = randomUUID();
    void deliver(url, id).catch(() => undefined);
    await vi.waitFor(() => expect(started).toEqual([id]), { interval: 10 });
    const { log, lines } = capturingLog();
    const begun = Date.now();

    expect(await shutDown({ server, deliveries, log, deadlineMs: 200 }, "SIGTERM")).toBe(1);

    expect(Date.now() - begun).toBeLessThan(1_000);
    const report = lines.at(-1)!;
    expect([report.level, report.msg]).toEqual(["error", "shut down with work in flight: cut off 1 delivery"]);
    expect(report.data).toMatchObject({ cutOff: [{ id, event: "issues" }], jobs: [], reason: "deadline of 200 ms" });
  });

  it("a second signal cuts the wait short", async () => {
    const { server, url, deliveries, started, release } = await serverWithSlowHandler();
    cleanup.push(() => server.stop(), release);
    void deliver(url).catch(() => undefined);
    await vi.waitFor(() => expect(started).toHaveLength(1), { interval: 10 });
    const second = deferred();
    const { log, lines } = capturingLog();

    const code = shutDown({ server, deliveries, log, deadlineMs: 60_000 }, "SIGINT", second.promise);
    second.resolve();

    expect(await code).toBe(1);
    expect(lines.at(-1)!.data).toMatchObject({ reason: "second signal" });
  });

  it("a delivery that still reaches the server once it is shutting down (over a connection opened before) is answered 503, which GitHub records as failed", async () => {
    const probot = new Probot({ appId: 1, privateKey: PRIVATE_KEY, secret: SECRET, logLevel: "fatal" });
    const deliveries = new InFlightDeliveries();
    let handled = 0;
    await probot.load((app) => {
      deliveries.watch(app.webhooks);
      app.on("issues.labeled", () => void (handled += 1));
    });
    const middleware = await probot.getNodeMiddleware();
    const http: HttpServer = createServer((request, response) => void middleware(request, response));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    cleanup.push(() => new Promise<void>((resolve) => http.close(() => resolve())));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/api/github/webhooks`;

    expect((await deliver(url)).status).toBe(200);
    deliveries.close();
    const refused = await deliver(url);

    expect(refused.status).toBe(503);
    expect(refused.text).toContain("the server is shutting down");
    expect(handled).toBe(1);
    expect(deliveries.list()).toEqual([]);
  });

  it("a scheduled job still running at the deadline is named as cut off", async () => {
    const failed = hookDelivery("g", new Date(), 5, 503);
    nock(GITHUB_API).get("/app/hook/deliveries").query(true).delay(1_500).reply(200, [failed]);
    const { log, lines } = capturingLog();
    const app = new Probot({ appId: 1, privateKey: PRIVATE_KEY, Octokit: recordingOctokit([]), log });
    const scheduler = startScheduler(app, { SWEEP_CRON: "off", DIGEST_CRON: "off", REDELIVER_CRON: "* * * * * *" });
    cleanup.push(
      () => scheduler.idle(),
      () => scheduler.stop(),
    );
    await vi.waitFor(() => expect(scheduler.running()).toEqual(["redeliver-failed"]), { timeout: 2_500, interval: 20 });
    const { server } = await serverWithSlowHandler();
    cleanup.push(() => server.stop());

    expect(await shutDown({ server, deliveries: new InFlightDeliveries(), scheduler, log, deadlineMs: 100 }, "SIGTERM")).toBe(1);

    const report = lines.find((line) => line.msg.startsWith("shut down with work in flight"))!;
    expect(report.msg).toBe("shut down with work in flight: cut off 0 deliveries and job redeliver-failed");
    expect(report.data).toMatchObject({ cutOff: [], jobs: ["redeliver-failed"] });
  });

  it.each([
    [undefined, DEFAULT_SHUTDOWN_DEADLINE_MS],
    ["", DEFAULT_SHUTDOWN_DEADLINE_MS],
    ["0", 0],
    ["1500", 1_500],
  ])("SHUTDOWN_DEADLINE_MS=%s is %i ms", (value, ms) => {
    expect(shutdownDeadline(value)).toBe(ms);
  });

  it.each(["-1", "2.5", "25s", "soon"])("SHUTDOWN_DEADLINE_MS=%s is refused", (value) => {
    expect(() => shutdownDeadline(value)).toThrow(`SHUTDOWN_DEADLINE_MS must be a whole number of milliseconds, not "${value}"`);
  });
});
