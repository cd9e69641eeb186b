// npm run bench: what an ignored delivery (a label that is not a severity: most of an
// organisation's issue traffic) costs the real server, side by side with a plain Probot server
// whose `issues.labeled` handler is empty. Both are child processes on loopback, GitHub is the
// stand-in of test/e2e/github-stand-in.ts in this process, deliveries are signed as GitHub signs them.
import { execSync } from "node:child_process";
import { Agent, request } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { GitHubStandIn, type RecordedRequest } from "../test/e2e/github-stand-in.js";
import { freePort, ServerProcess, sign, spawnTs, testPrivateKey, WEBHOOK_SECRET, type ChildHandle } from "../test/e2e/server-process.js";
import { pushEvent } from "../test/helpers/push-payloads.js";
import { issueLabeled, OWNER } from "../test/helpers/webhook-payloads.js";

const LEVELS = [1, 8, 32] as const;
/**
 * Rounds per level and server, the two servers taking turns (and turns about who goes first), so
 * that both see the same machine: the machine is shared, and its load moves more between minutes
 * than the servers differ. Deliveries/s are the median round; the ratio is the median of the
 * ratios of rounds run back to back.
 */
const ROUNDS = 9;
const DELIVERIES_PER_ROUND = 800;
/** No new delivery after this long in a round (a slow server still finishes the table). */
const ROUND_CAP_MS = 4_000;
const WARM_UP = 600;
const MEMORY_DELIVERIES = 10_000;
const REPO = "bench-ignored";
const FULL_NAME = `${OWNER}/${REPO}`;
/** Info is Probot's default level, so what a server logs per delivery is part of its cost. */
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? "info";
const CHANGED_CONFIG =
  "severities:\n  - name: SEV1\n    label: incident:sev1\n    postmortem: required\n    reviewBusinessDays: 1\n  - name: BUG\n    label: bug\n    postmortem: optional\n    reviewBusinessDays: null\n";

interface Target {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface IgnoredLevelFigure {
  concurrency: number;
  empty: RoundSummary;
  app: RoundSummary;
  /** The app's deliveries/s over the empty Probot's. */
  ratio: number;
  /** GitHub requests the app sent during its rounds of this level, and the deliveries it answered then. */
  appRequests: number;
  appDeliveries: number;
}

interface RoundSummary {
  perSecond: number;
  /** The server process's CPU time (user + system) per delivery over all rounds of the level, µs: steadier than throughput on a shared machine. */
  cpuMicros: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers that were not 200. */
  failures: number;
}

export interface MemoryFigure {
  server: string;
  rssBeforeMb: number;
  rssAfterMb: number;
  peakMb: number;
}

export interface IgnoredDeliveries {
  levels: IgnoredLevelFigure[];
  /** GitHub requests of the app's first ignored delivery to a repository (token exchange aside), in order. */
  firstDelivery: string[];
  memory: MemoryFigure[];
  /** The file changed and a push said so: the next delivery's GitHub requests, and whether it acted on the new file. */
  afterChange: { requests: string[]; applied: boolean };
}

interface Prepared {
  headers: Record<string, string>;
  body: Buffer;
}

let deliveryCounter = 0;

/** Signed deliveries of a label that is not a severity, prepared up front so that the sender's own work stays small. */
function prepare(count: number, repo = REPO): Prepared[] {
  return Array.from({ length: count }, (_, index) =>
    signed("issues", issueLabeled("bug", { repo, number: 1 + (index % 200), labels: ["bug"], createdAt: "2026-11-23T09:00:00Z" })),
  );
}

function signed(event: string, payload: object): Prepared {
  const body = Buffer.from(JSON.stringify(payload));
  return {
    body,
    headers: {
      "content-type": "application/json",
      "content-length": String(body.length),
      "x-github-event": event,
      "x-github-delivery": `ignored-${++deliveryCounter}`,
      "x-hub-signature-256": sign(body.toString("utf8"), WEBHOOK_SECRET),
      "user-agent": "GitHub-Hookshot/bench",
    },
  };
}

/** POSTs each delivery with `concurrency` senders over kept-alive connections; answers' times and statuses. */
async function send(target: Target, deliveries: Prepared[], concurrency: number, capMs = Number.POSITIVE_INFINITY) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL("/api/github/webhooks", target.url);
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const post = (delivery: Prepared) =>
    new Promise<number>((resolve, reject) => {
      const outgoing = request(url, { method: "POST", agent, headers: delivery.headers }, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      });
      outgoing.on("error", reject);
      outgoing.end(delivery.body);
    });
  const worker = async () => {
    while (next < deliveries.length && performance.now() - started < capMs) {
      const delivery = deliveries[next++]!;
      const begin = performance.now();
      const status = await post(delivery);
      latencies.push(performance.now() - begin);
      if (status !== 200) failures++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { latencies, failures, elapsedMs, sent: latencies.length };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function summarise(rounds: Awaited<ReturnType<typeof send>>[], cpuMs: number): RoundSummary {
  const latencies = rounds.flatMap((run) => run.latencies).sort((a, b) => a - b);
  return {
    perSecond: round(median(rounds.map((run) => run.sent / (run.elapsedMs / 1000))), 0),
    cpuMicros: round((cpuMs * 1000) / Math.max(latencies.length, 1), 0),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    failures: rounds.reduce((sum, run) => sum + run.failures, 0),
  };
}

const CLOCK_TICKS = Number(execSync("getconf CLK_TCK").toString().trim()) || 100;

/** CPU time a process has used so far (user + system), ms. */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** VmRSS and VmHWM of a process, in kB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { rss: field("VmRSS"), peak: field("VmHWM") };
}

const isGitHubWork = (request: RecordedRequest) => !request.pathname.startsWith("/app/");

/** `GET /repos/o/r/contents/.github/postmortem.yml` → `GET /repos/{owner}/{repo}/contents/{path} (404)`. */
function describe(request: RecordedRequest): string {
  const path = request.pathname.replace(/^\/repos\/[^/]+\/\.github\//, "/repos/{owner}/.github/").replace(/^\/repos\/[^/]+\/[^/.][^/]*\//, "/repos/{owner}/{repo}/");
  return `${request.method} ${path} (${request.status ?? "?"})`;
}

/** The empty Probot as a child process, with the same settings ServerProcess gives the app. */
async function startEmptyProbot(gheHost: string): Promise<Target> {
  const port = await freePort();
  const workDir = mkdtempSync(join(tmpdir(), "postmortem-bot-bench-"));
  const handle: ChildHandle = spawnTs(
    "bench/empty-probot-server.ts",
    [],
    {
      APP_ID: "1",
      PRIVATE_KEY: testPrivateKey(),
      WEBHOOK_SECRET,
      GHE_HOST: gheHost,
      GHE_PROTOCOL: "http",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_FORMAT: "json",
      LOG_LEVEL,
      NODE_ENV: "test",
    },
    workDir,
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/ping`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || handle.child.exitCode !== null) throw new Error(`the empty Probot did not start:\n${handle.stderr.join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    name: "empty Probot",
    url,
    pid: handle.child.pid!,
    stop: async () => {
      handle.child.kill("SIGINT");
      await Promise.race([handle.exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (handle.child.exitCode === null) handle.child.kill("SIGKILL");
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

export async function ignoredDeliveryFigures(): Promise<IgnoredDeliveries> {
  const nockWasActive = nock.isActive();
  if (nockWasActive) nock.restore();
  const github = await new GitHubStandIn().start();
  for (let number = 1; number <= 200; number++) github.seedIssue(FULL_NAME, { title: `Not an incident ${number}`, labels: ["bug"] });
  github.seedIssue(`${OWNER}/${REPO}-first`, { title: "Not an incident", labels: ["bug"] });
  const appServer = await ServerProcess.start({ gheHost: github.host, env: { LOG_LEVEL } });
  const app: Target = { name: "postmortem-bot", url: appServer.url, pid: appServer.pid, stop: () => appServer.stop() };
  const empty = await startEmptyProbot(github.host);
  try {
    // The first ignored delivery to a repository the app has not read yet.
    const mark = github.requests.length;
    await send(app, prepare(1, `${REPO}-first`), 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const firstDelivery = github.requestsSince(mark).filter(isGitHubWork).map(describe);

    for (const target of [empty, app]) await send(target, prepare(WARM_UP), 8);

    const levels: IgnoredLevelFigure[] = [];
    for (const concurrency of LEVELS) {
      const runs = { empty: [] as Awaited<ReturnType<typeof send>>[], app: [] as Awaited<ReturnType<typeof send>>[] };
      const cpuMs = { empty: 0, app: 0 };
      let appRequests = 0;
      for (let index = 0; index < ROUNDS; index++) {
        // Alternate which goes first, so neither always runs on a machine the other just warmed.
        for (const target of index % 2 === 0 ? [empty, app] : [app, empty]) {
          const before = github.requests.length;
          const cpuBefore = cpuMsOf(target.pid);
          const run = await send(target, prepare(DELIVERIES_PER_ROUND), concurrency, ROUND_CAP_MS);
          const used = cpuMsOf(target.pid) - cpuBefore;
          if (target === app) {
            runs.app.push(run);
            cpuMs.app += used;
            appRequests += github.requestsSince(before).filter(isGitHubWork).length;
          } else {
            runs.empty.push(run);
            cpuMs.empty += used;
          }
        }
      }
      const rate = (run: Awaited<ReturnType<typeof send>>) => run.sent / run.elapsedMs;
      levels.push({
        concurrency,
        empty: summarise(runs.empty, cpuMs.empty),
        app: summarise(runs.app, cpuMs.app),
        ratio: round(median(runs.app.map((run, index) => rate(run) / rate(runs.empty[index]!))), 2),
        appRequests,
        appDeliveries: runs.app.reduce((sum, run) => sum + run.sent, 0),
      });
    }

    const memory: MemoryFigure[] = [];
    for (const target of [empty, app]) {
      const before = memoryOf(target.pid);
      await send(target, prepare(MEMORY_DELIVERIES), 8);
      const after = memoryOf(target.pid);
      memory.push({ server: target.name, rssBeforeMb: round(before.rss / 1024), rssAfterMb: round(after.rss / 1024), peakMb: round(after.peak / 1024) });
    }
    // The file changes (it makes `bug` an optional severity) and GitHub sends the push: the next
    // delivery must see it, which shows as the optional-severity notice on the issue.
    github.seedFile(FULL_NAME, ".github/postmortem.yml", CHANGED_CONFIG);
    await send(app, [signed("push", pushEvent({ repo: REPO, modified: [".github/postmortem.yml"] }))], 1);
    const beforeChange = github.requests.length;
    await send(app, prepare(1), 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const afterChange = {
      requests: github.requestsSince(beforeChange).filter(isGitHubWork).map(describe),
      applied: github.comments(FULL_NAME, 1).some((comment) => comment.body.includes("optional")),
    };
    return { levels, firstDelivery, memory, afterChange };
  } finally {
    await empty.stop();
    await app.stop();
    await github.stop();
    if (nockWasActive) nock.activate();
  }
}

/** The figures as markdown, for `npm run bench`. */
export function ignoredDeliveriesTable(result: IgnoredDeliveries): string {
  const lines = [
    `Ignored deliveries (issues.labeled, a label that is not a severity), real servers over loopback side by side: postmortem-bot (src/server/main.ts) and a Probot server whose issues.labeled handler is empty; LOG_LEVEL=${LOG_LEVEL}; median of ${ROUNDS} rounds of up to ${DELIVERIES_PER_ROUND} deliveries (${ROUND_CAP_MS / 1000} s cap) per server and level, after ${WARM_UP} warm-up deliveries`,
    "",
    "| Concurrent senders | Empty Probot: deliveries/s | p50 | p99 | server CPU per delivery | postmortem-bot: deliveries/s | p50 | p99 | server CPU per delivery | Ratio (deliveries/s) | GitHub requests per ignored delivery (steady state) |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...result.levels.map(
      (level) =>
        `| ${level.concurrency} | ${level.empty.perSecond} | ${level.empty.p50Ms} ms | ${level.empty.p99Ms} ms | ${level.empty.cpuMicros} µs | ${level.app.perSecond}${level.app.failures ? ` (${level.app.failures} not 200)` : ""} | ${level.app.p50Ms} ms | ${level.app.p99Ms} ms | ${level.app.cpuMicros} µs | ${Math.round(level.ratio * 100)}% | ${round(level.appRequests / Math.max(level.appDeliveries, 1), 3)} (${level.appRequests} for ${level.appDeliveries}) |`,
    ),
    "",
    `First ignored delivery to a repository: ${result.firstDelivery.length} GitHub requests (${result.firstDelivery.join(", ") || "none"})`,
    "",
    `The file changed on the default branch and the push event arrived: the next delivery made ${result.afterChange.requests.length} GitHub requests (${result.afterChange.requests.join(", ") || "none"}) and ${result.afterChange.applied ? "acted on the new file" : "did NOT act on the new file"}`,
    "",
    `| Server memory over ${MEMORY_DELIVERIES.toLocaleString("en")} more deliveries (8 senders) | RSS before | RSS after | Peak RSS |`,
    "|---|---|---|---|",
    ...result.memory.map((entry) => `| ${entry.server} | ${entry.rssBeforeMb} MB | ${entry.rssAfterMb} MB | ${entry.peakMb} MB |`),
  ];
  return lines.join("\n");
}

// Run on its own: npx tsx bench/ignored-deliveries.bench.ts
if (import.meta.url === `file://${process.argv[1]}`) console.log(ignoredDeliveriesTable(await ignoredDeliveryFigures()));
