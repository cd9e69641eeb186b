// npm run bench: the real server (a child process) under signed webhook deliveries over loopback,
// GitHub stood in by test/e2e/github-stand-in.ts in this process. Measures what a load balancer
// sees (the HTTP answer: Probot answers when the handlers end, or 202 "still processing" after
// 9 s), what the app asks of GitHub per delivery, and the server's peak memory.
import nock from "nock";
import { GitHubStandIn, isWrite, type RecordedRequest, type StoredIssue } from "../test/e2e/github-stand-in.js";
import { ServerProcess, sign, WEBHOOK_SECRET } from "../test/e2e/server-process.js";
import { issueLabeled, OWNER } from "../test/helpers/webhook-payloads.js";
import { readMarker } from "../src/domain/markers.js";

const LEVELS = [1, 8, 32] as const;
/** At most this many deliveries per level, and no new one after the level's time cap. */
const MAX_DELIVERIES = 200;
const CHEAP_CAP_MS = 20_000;
const FULL_CAP_MS = 12_000;
const REPO = "bench-http";
const FULL_NAME = `${OWNER}/${REPO}`;

export interface HttpThroughputFigure {
  scenario: string;
  concurrency: number;
  deliveries: number;
  /** HTTP answers by status. */
  answers: Record<number, number>;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Requests the server sent to the stand-in while the level ran (token exchanges aside). */
  requests: number;
  writes: number;
  /** Deliveries whose work was complete when the level ended (for SEV1: postmortem, checklist and link). */
  completed: number;
  elapsedMs: number;
}

export interface HttpThroughput {
  figures: HttpThroughputFigure[];
  /** The server's VmHWM at the end, kB. */
  peakRssKb: number | undefined;
  /** What one delivery of each kind costs, measured alone (nothing else running): its GitHub requests in order. */
  costs: { kind: string; requests: number; writes: number; calls: string[] }[];
}

interface Prepared {
  id: string;
  body: string;
  signature: string;
}

function prepare(payloads: Record<string, any>[], kind: string): Prepared[] {
  return payloads.map((payload, index) => {
    const body = JSON.stringify(payload);
    return { id: `bench-${kind}-${index}-${Math.random().toString(36).slice(2, 8)}`, body, signature: sign(body, WEBHOOK_SECRET) };
  });
}

async function runLevel(server: ServerProcess, deliveries: Prepared[], concurrency: number, capMs: number) {
  const latencies: number[] = [];
  const answers: Record<number, number> = {};
  const sent: string[] = [];
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < deliveries.length && performance.now() - started < capMs) {
      const delivery = deliveries[next++]!;
      const begin = performance.now();
      const response = await fetch(`${server.url}/api/github/webhooks`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": "issues",
          "x-github-delivery": delivery.id,
          "x-hub-signature-256": delivery.signature,
          "user-agent": "GitHub-Hookshot/bench",
        },
        body: delivery.body,
      });
      await response.arrayBuffer();
      latencies.push(performance.now() - begin);
      answers[response.status] = (answers[response.status] ?? 0) + 1;
      sent.push(delivery.id);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, answers, sent, elapsedMs: performance.now() - started };
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** `POST /repos/o/r/issues/12/comments` → `POST /repos/{owner}/{repo}/issues/{n}/comments`. */
function template(request: RecordedRequest): string {
  const path = request.pathname
    .replace(/^\/repos\/[^/]+\/[^/]+/, "/repos/{owner}/{repo}")
    .replace(/\/issues\/\d+/, "/issues/{n}")
    .replace(/\/installations\/\d+/, "/installations/{id}")
    .replace(/\/contents\/.+$/, "/contents/{path}");
  return `${request.method} ${path}`;
}

/** `GET /contents/{path}` ×2, `POST /issues`: consecutive equal calls folded. */
function foldCalls(requests: RecordedRequest[]): string[] {
  const folded: { call: string; count: number }[] = [];
  for (const request of requests) {
    const call = template(request);
    const last = folded.at(-1);
    if (last?.call === call) last.count++;
    else folded.push({ call, count: 1 });
  }
  return folded.map(({ call, count }) => (count > 1 ? `${call} ×${count}` : call));
}

export async function httpThroughputFigures(): Promise<HttpThroughput> {
  // The other benchmarks keep nock in front of every outgoing request; this one talks to real sockets on loopback.
  const nockWasActive = nock.isActive();
  if (nockWasActive) nock.restore();
  const github = await new GitHubStandIn().start();
  const server = await ServerProcess.start({ gheHost: github.host, env: { LOG_LEVEL: "warn", GITHUB_REQUEST_TIMEOUT_MS: "30000" } });
  try {
    const figures: HttpThroughputFigure[] = [];
    const costs: HttpThroughput["costs"] = [];
    const payload = (label: string, incident: StoredIssue) =>
      issueLabeled(label, { repo: REPO, number: incident.number, title: incident.title, labels: incident.labels.map((each) => each.name), createdAt: incident.created_at });
    const createdAt = new Date(Date.now() - 3_600_000).toISOString();

    // Warm up: the installation token, tsx's compilation of the handlers, the connection pool.
    const warm = github.seedIssue(FULL_NAME, { title: "warm-up", labels: ["bug"], createdAt });
    await runLevel(
      server,
      prepare(
        Array.from({ length: 20 }, () => payload("bug", warm)),
        "warm",
      ),
      4,
      10_000,
    );

    // One delivery of each kind alone: its exact cost in GitHub requests.
    const alone = async (kind: string, label: string) => {
      const incident = github.seedIssue(FULL_NAME, { title: `Measured alone: ${kind}`, labels: [label], createdAt });
      const mark = github.requests.length;
      const [delivery] = prepare([payload(label, incident)], "alone");
      const run = await runLevel(server, [delivery!], 1, 60_000);
      if (!run.answers[200]) await waitUntil(() => label !== "incident:sev1" || github.comments(FULL_NAME, incident.number).length > 0, 60_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const requests = github.requestsSince(mark).filter((request) => !request.pathname.startsWith("/app/"));
      costs.push({ kind, requests: requests.length, writes: requests.filter(isWrite).length, calls: foldCalls(requests) });
    };
    await alone("issues.labeled, a label that is not a severity", "bug");
    await alone("issues.labeled, SEV1: postmortem opened, checklist, link", "incident:sev1");

    // A label that is not a severity: the config read (2 requests) and nothing else.
    const plain = Array.from({ length: MAX_DELIVERIES }, (_, index) => github.seedIssue(FULL_NAME, { title: `Not an incident ${index}`, labels: ["bug"], createdAt }));
    for (const concurrency of LEVELS) {
      const mark = github.requests.length;
      const deliveries = prepare(
        plain.map((issue) => payload("bug", issue)),
        `label-${concurrency}`,
      );
      const run = await runLevel(server, deliveries, concurrency, CHEAP_CAP_MS);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const requests = github.requestsSince(mark).filter((request) => !request.pathname.startsWith("/app/"));
      figures.push(figure("label that is not a severity", concurrency, run, requests, run.sent.length));
    }

    // SEV1 on distinct incidents: the full work (config, look-ups, postmortem, checklist, link).
    for (const concurrency of LEVELS) {
      const mark = github.requests.length;
      const incidents = Array.from({ length: MAX_DELIVERIES }, (_, index) =>
        github.seedIssue(FULL_NAME, { title: `Incident c${concurrency} #${index}`, labels: ["incident:sev1"], createdAt }),
      );
      const deliveries = prepare(
        incidents.map((incident) => payload("incident:sev1", incident)),
        `sev1-${concurrency}`,
      );
      const run = await runLevel(server, deliveries, concurrency, FULL_CAP_MS);
      const requests = github.requestsSince(mark).filter((request) => !request.pathname.startsWith("/app/"));
      const completed = incidents
        .slice(0, run.sent.length)
        .filter((incident) => github.comments(FULL_NAME, incident.number).some((comment) => readMarker(comment.body, "link") !== undefined)).length;
      figures.push(figure("SEV1 label, distinct incidents", concurrency, run, requests, completed));
    }

    return {
      figures,
      peakRssKb: server.peakRssKb(),
      costs,
    };
  } finally {
    await server.stop();
    await github.stop();
    if (nockWasActive) nock.activate();
  }
}

function figure(scenario: string, concurrency: number, run: Awaited<ReturnType<typeof runLevel>>, requests: RecordedRequest[], completed: number): HttpThroughputFigure {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  return {
    scenario,
    concurrency,
    deliveries: run.sent.length,
    answers: run.answers,
    perSecond: round(run.sent.length / (run.elapsedMs / 1000)),
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    requests: requests.length,
    writes: requests.filter(isWrite).length,
    completed,
    elapsedMs: Math.round(run.elapsedMs),
  };
}

/** The figures as markdown, for `npm run bench`. */
export function httpThroughputTable(result: HttpThroughput): string {
  const lines = [
    `Real server over loopback (node --import tsx src/server/main.ts), GitHub stood in over HTTP; at most ${MAX_DELIVERIES} deliveries a level, no new one after ${CHEAP_CAP_MS / 1000} s (label) or ${FULL_CAP_MS / 1000} s (SEV1); server peak RSS ${result.peakRssKb === undefined ? "n/a" : `${Math.round(result.peakRssKb / 1024)} MB`}`,
    "",
    "| Deliveries | Concurrent | Sent | HTTP answers | Deliveries/s | p50 answer | p99 answer | GitHub requests (writes) while the level ran | Work complete at its end |",
    "|---|---|---|---|---|---|---|---|---|",
    ...result.figures.map(
      (figure) =>
        `| ${figure.scenario} | ${figure.concurrency} | ${figure.deliveries} | ${Object.entries(figure.answers)
          .map(([status, count]) => `${count}× ${status}`)
          .join(", ")} | ${figure.perSecond} | ${figure.p50Ms} ms | ${figure.p99Ms} ms | ${figure.requests} (${figure.writes}) | ${figure.completed} of ${figure.deliveries} |`,
    ),
    "",
    "| One delivery, alone | GitHub requests | Writes | In order |",
    "|---|---|---|---|",
    ...result.costs.map((cost) => `| ${cost.kind} | ${cost.requests} | ${cost.writes} | ${cost.calls.join(", ")} |`),
  ];
  return lines.join("\n");
}
