// npm run bench: what the catch-up reconcile of one repository costs when nothing is out of step
// (it should only read, and its reads should grow with the window's incidents and the open
// postmortems, never with history), and what it costs to bring a repository in step.
import nock from "nock";
import { DEFAULT_CONFIG } from "../src/config/schema.js";
import { GitHubClient, type Octokit } from "../src/github/github-client.js";
import { reconcileRepository } from "../src/reconcile/reconcile-repository.js";
import type { RecordedRequest } from "../test/helpers/github-rest-description.js";
import { recordingOctokit } from "../test/helpers/probot-harness.js";
import { OWNER, REPO } from "../test/helpers/webhook-payloads.js";
import { FakeGitHub } from "./fake-github.js";

const NOW = new Date("2026-12-10T08:00:00Z");

export interface ReconcileFigure {
  scenario: string;
  catchUpRequests: number;
  catchUpWrites: number;
  quietRequests: number;
  quietWrites: number;
  quietMs: number;
}

/** `incidents` SEV1 incidents opened within the look-back window while the app was down. */
async function scenario(incidents: number): Promise<ReconcileFigure> {
  const fake = new FakeGitHub(OWNER, REPO);
  const human = { login: "alice", type: "User" };
  for (let index = 0; index < incidents; index++) {
    fake.add({
      body: "Customers cannot pay.",
      labels: ["incident:sev1"],
      user: human,
      createdAt: new Date(NOW.getTime() - (index + 1) * 3_600_000).toISOString(),
      title: `Incident ${index}`,
    });
  }
  fake.intercept();
  const run = async () => {
    const requests: RecordedRequest[] = [];
    const Octokit = recordingOctokit(requests);
    const github = new GitHubClient(new Octokit({ auth: "bench" }) as unknown as Octokit, "postmortem-bot[bot]");
    const started = performance.now();
    await reconcileRepository(github, { owner: OWNER, repo: REPO }, DEFAULT_CONFIG, NOW);
    const ms = performance.now() - started;
    const writes = requests.filter((request) => request.method !== "GET" && !request.path.endsWith("/graphql")).length;
    return { requests: requests.length, writes, ms };
  };
  // The first run opens every missing postmortem (the app was down when they were labelled).
  const catchUp = await run();
  const quiet = await run();
  nock.cleanAll();
  return {
    scenario: `${incidents} SEV1 incidents in the window (and as many open postmortems once in step)`,
    catchUpRequests: catchUp.requests,
    catchUpWrites: catchUp.writes,
    quietRequests: quiet.requests,
    quietWrites: quiet.writes,
    quietMs: Math.round(quiet.ms * 10) / 10,
  };
}

export async function reconcileFigures(): Promise<ReconcileFigure[]> {
  return [await scenario(0), await scenario(10), await scenario(50)];
}

export function reconcileTable(figures: readonly ReconcileFigure[]): string {
  const lines = [
    "| Catch-up reconcile of one repository | Bringing it in step: requests (writes) | Then in step: requests | Writes | In-process time |",
    "|---|---|---|---|---|",
    ...figures.map(
      (figure) => `| ${figure.scenario} | ${figure.catchUpRequests} (${figure.catchUpWrites}) | ${figure.quietRequests} | ${figure.quietWrites} | ${figure.quietMs} ms |`,
    ),
  ];
  return lines.join("\n");
}
