// npm run bench: paced time of a SEV1 and of filing action items, under the app's write budget and
// under Octokit's default spacing. The real app runs through probot.receive with the real client
// (ProductionOctokit, or Probot's Octokit with its default throttling) against the in-memory GitHub
// behind nock, on a fake clock (test/server/paced-clock.ts): Bottleneck's timers and `Date` are
// faked, the clock moves only when no request is in flight, so the figure is the time spent waiting
// on the pacing (GitHub's own latency and the app's computing excluded), exact to a few ms.
import nock from "nock";
import { Probot, ProbotOctokit } from "probot";
import postmortemBot from "../src/index.js";
import { GITHUB_CONTENT_LIMITS } from "../src/github/github-budget.js";
import { ProductionOctokit } from "../src/github/production-octokit.js";
import { requestKind, type RequestKind } from "../src/github/request-kind.js";
import { postmortemWithRows } from "../test/helpers/postmortem-fixtures.js";
import { issueEdited, issueLabeled, OWNER, REPO } from "../test/helpers/webhook-payloads.js";
import { onFakeClock } from "../test/server/paced-clock.js";
import { FakeGitHub } from "./fake-github.js";

export interface PacingFigure {
  scenario: string;
  requests: number;
  writes: number;
  /** Issues, comments and sub-issue links: what GitHub's 80 a minute and 500 an hour count. */
  contentWrites: number;
  pacedSeconds: number;
  /** Content-creating writes at GitHub's 80 a minute, back to back. */
  minimumSeconds: number;
  /** Under Probot's Octokit as it comes: writes 1 s apart, notification-triggering writes 3 s apart. */
  octokitDefaultSeconds: number;
}

interface Scenario {
  name: string;
  /** Seeds the fake; returns the event the app receives. */
  prepare: (fake: FakeGitHub) => { name: string; payload: object };
}

const sev1: Scenario = {
  name: "one SEV1: postmortem, checklist, link comment",
  prepare: (fake) => {
    // GitHub holds the incident the delivery names: the app reads it from there, not from the payload.
    fake.add({
      number: 1,
      title: "Checkout API returns 500 for all users",
      body: "Customers cannot pay.",
      labels: ["incident:sev1"],
      createdAt: "2026-11-23T09:00:00Z",
      user: { login: "Codertocat", type: "User" },
    });
    return { name: "issues", payload: issueLabeled("incident:sev1") };
  },
};

function filing(rows: number): Scenario {
  return {
    name: `file ${rows} action item${rows === 1 ? "" : "s"} from one edit`,
    prepare: (fake) => {
      const body = postmortemWithRows(Array.from({ length: rows }, (_, index) => `| Action ${index + 1} | prevention | @dana | P${index % 6} | | |`));
      const number = fake.add({ body, labels: ["postmortem"] });
      return { name: "issues", payload: issueEdited("", { number, body, authorType: "Bot", labels: ["postmortem"], createdAt: "2026-11-23T09:05:00Z" }) };
    },
  };
}

let runs = 0;

/** One delivery through the app with this client; the kinds of the requests it sent and its paced time. */
async function paced(scenario: Scenario, Base: typeof ProbotOctokit): Promise<{ kinds: RequestKind[]; seconds: number }> {
  const kinds: RequestKind[] = [];
  const record = (octokit: Parameters<Parameters<typeof ProbotOctokit.plugin>[0]>[0]) => {
    octokit.hook.wrap("request", (request, options) => {
      kinds.push(requestKind(options as { method: string; url: string; query?: unknown }));
      return request(options);
    });
  };
  // A fresh installation each run: budgets and queues are per installation and live for the process.
  const installation = `bench-${++runs}`;
  const Octokit = Base.plugin(record).defaults((options: Record<string, unknown>) => ({
    ...options,
    throttle: { ...(options.throttle as object), id: installation },
  })) as typeof ProbotOctokit;
  const fake = new FakeGitHub(OWNER, REPO);
  const event = scenario.prepare(fake);
  fake.intercept();
  const probot = new Probot({ githubToken: "bench", Octokit, logLevel: "fatal" });
  await probot.load(postmortemBot);
  try {
    const { elapsedMs } = await onFakeClock(() => probot.receive({ id: installation, ...event } as never));
    return { kinds, seconds: elapsedMs / 1000 };
  } finally {
    nock.cleanAll();
  }
}

async function figure(scenario: Scenario): Promise<PacingFigure> {
  const budgeted = await paced(scenario, ProductionOctokit);
  const octokitDefault = await paced(scenario, ProbotOctokit);
  const contentWrites = budgeted.kinds.filter((kind) => kind === "content").length;
  return {
    scenario: scenario.name,
    requests: budgeted.kinds.length,
    writes: budgeted.kinds.filter((kind) => kind !== "read").length,
    contentWrites,
    pacedSeconds: round(budgeted.seconds),
    minimumSeconds: round((contentWrites / GITHUB_CONTENT_LIMITS.perMinute) * 60),
    octokitDefaultSeconds: round(octokitDefault.seconds),
  };
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}

export async function pacingFigures(): Promise<PacingFigure[]> {
  const figures: PacingFigure[] = [];
  for (const scenario of [sev1, filing(1), filing(10), filing(50)]) figures.push(await figure(scenario));
  return figures;
}

export function pacingTable(figures: readonly PacingFigure[]): string {
  return [
    "| Paced work (one installation) | Requests | Writes | Content-creating | Paced, app's budget | Physical minimum (content ÷ 80/min) | Paced, Octokit's default spacing |",
    "|---|---|---|---|---|---|---|",
    ...figures.map((f) => `| ${f.scenario} | ${f.requests} | ${f.writes} | ${f.contentWrites} | ${f.pacedSeconds} s | ${f.minimumSeconds} s | ${f.octokitDefaultSeconds} s |`),
    "",
    "Paced time on a fake clock: the time the delivery waited on the pacing, GitHub's latency and the app's own work excluded. The minimum is a steady 80 a minute; a short burst goes under it, since any minute may hold 80.",
  ].join("\n");
}
