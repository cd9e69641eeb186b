// The digest over a synthetic history: requests, GraphQL points and time, for one repository with
// two (or four) years of incidents, postmortems and action items, and for digests across 1, 8, 50
// and 200 repositories. The lists are bounded by the window, so the cost follows what happened in
// the window (and what is still open), not the history; a repository with nothing labelled costs
// one-fiftieth of a probe.
import nock from "nock";
import { renderActionItemBody } from "../src/action-items/action-item-body.js";
import { parseConfig } from "../src/config/load-config.js";
import { renderSummaryBlock } from "../src/domain/postmortem-summary.js";
import { GitHubClient, type Octokit } from "../src/github/github-client.js";
import { graphqlCost } from "../src/github/graphql-node-count.js";
import { postDigest } from "../src/jobs/post-digest.js";
import type { RecordedRequest } from "../test/helpers/github-rest-description.js";
import { fakeGraphqlOver, fakeIssue, type FakeIssue } from "../test/helpers/fake-github-graphql.js";
import { recordingOctokit } from "../test/helpers/probot-harness.js";

const OWNER = "acme";
const REPO = "incidents";
const NOW = new Date("2026-12-01T09:00:00Z");
const APP = { login: "postmortem-bot[bot]", type: "Bot" };
const DAY = 86_400_000;

/** Deterministic pseudo-random numbers, so every run measures the same history. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

export function syntheticHistory(incidents: number, actionItems: number, years: number, repo = REPO): FakeIssue[] {
  const next = random(42);
  const nodes: FakeIssue[] = [];
  const span = years * 365 * DAY;
  const start = NOW.getTime() - span;
  const fullName = `${OWNER}/${repo}`;
  let number = 1;
  const postmortems: number[] = [];
  for (let index = 0; index < incidents; index++) {
    const opened = start + next() * span;
    const severity = 1 + Math.floor(next() * 4);
    const closed = opened + next() * 2 * DAY;
    const incident = number++;
    nodes.push(
      fakeIssue({
        number: incident,
        repo: fullName,
        labels: [`incident:sev${severity}`, `service:s${Math.floor(next() * 20)}`],
        createdAt: new Date(opened).toISOString(),
        closedAt: closed < NOW.getTime() ? new Date(closed).toISOString() : null,
      }),
    );
    if (severity <= 2) {
      const postmortem = number++;
      postmortems.push(postmortem);
      const body = renderSummaryBlock(
        {
          incident: { owner: OWNER, repo, number: incident },
          incidentUrl: "",
          severity: `SEV${severity}`,
          reviewBusinessDays: 3,
          openedAt: new Date(opened).toISOString(),
          resolvedAt: null,
          reviewDue: new Date(closed + 4 * DAY).toISOString().slice(0, 10),
          commanders: [],
        },
        { timeZone: "UTC", holidays: [] },
      );
      const reviewed = closed + next() * 10 * DAY;
      nodes.push(
        fakeIssue({
          number: postmortem,
          repo: fullName,
          labels: ["postmortem"],
          author: APP,
          body,
          createdAt: new Date(opened + 60_000).toISOString(),
          closedAt: reviewed < NOW.getTime() ? new Date(reviewed).toISOString() : null,
        }),
      );
    }
  }
  for (let index = 0; index < actionItems; index++) {
    const filed = start + next() * span;
    const done = filed + next() * 90 * DAY;
    const body = renderActionItemBody(
      {
        postmortem: { owner: OWNER, repo, number: postmortems[index % postmortems.length]! },
        incident: null,
        key: `a${index}`,
        priority: `P${Math.floor(next() * 6)}` as "P0",
        type: "prevention",
        due: new Date(filed + 30 * DAY).toISOString().slice(0, 10),
        dueSource: "derived",
        filedAt: new Date(filed).toISOString(),
        reminded: null,
      },
      { action: `A${index}`, postmortemMention: "#1", incidentMention: null, owners: ["dana"], unassignable: [] },
    );
    nodes.push(
      fakeIssue({
        number: number++,
        repo: fullName,
        labels: ["action-item"],
        author: APP,
        body,
        assignees: ["dana"],
        createdAt: new Date(filed).toISOString(),
        closedAt: done < NOW.getTime() ? new Date(done).toISOString() : null,
        closer: next() < 0.5 ? "merged-pr" : null,
      }),
    );
  }
  return nodes;
}

export interface DigestFigure {
  scenario: string;
  requests: number;
  graphqlRequests: number;
  /** GitHub's rate-limit points of the GraphQL calls (requests ÷ 100 per call, at least 1 each). */
  points: number;
  /** The largest node count of one call (GitHub's limit: 500,000). */
  maxNodes: number;
  /** Issues the lists returned. */
  read: number;
  /** The app's own time: the stand-in's checking and executing of each document left out. */
  medianMs: number;
}

async function measure(scenario: string, issues: FakeIssue[], repositories: string[], kind: "weekly" | "monthly", runs: number): Promise<DigestFigure> {
  const times: number[] = [];
  let requests: RecordedRequest[] = [];
  let read = 0;
  for (let run = 0; run < runs; run++) {
    requests = [];
    read = 0;
    // The stand-in checks and executes each document against GitHub's schema: GitHub's work, not the app's, so its time is taken out.
    let standIn = 0;
    const graph = fakeGraphqlOver(
      issues,
      repositories.map((name) => ({ nameWithOwner: `${OWNER}/${name}`, isPrivate: true })),
    );
    nock("https://api.github.com")
      .persist()
      .get(`/repos/${OWNER}/${REPO}/issues`)
      .query(true)
      .reply(200, [])
      .post("/graphql")
      .reply(200, (_uri, body) => {
        const answering = performance.now();
        const answer = graph.answer(body as never);
        read += (JSON.stringify(answer.data).match(/"number":/g) ?? []).length;
        standIn += performance.now() - answering;
        return answer;
      })
      .post(`/repos/${OWNER}/${REPO}/issues`)
      .reply(201, { number: 9999, id: 1, body: "", user: { type: "Bot" } });
    const Octokit = recordingOctokit(requests);
    const client = new GitHubClient(new Octokit({ auth: "bench" }) as unknown as Octokit, "postmortem-bot[bot]");
    const config = parseConfig({ digest: { [kind]: true, repositories: repositories.filter((name) => name !== REPO) } }).config;
    const started = performance.now();
    await postDigest(client, { home: { owner: OWNER, repo: REPO }, config, kind, now: NOW });
    times.push(performance.now() - started - standIn);
    nock.cleanAll();
  }
  times.sort((a, b) => a - b);
  const costs = requests.filter((request) => request.path === "/graphql").map((request) => graphqlCost((request.body as { query: string }).query));
  return {
    scenario,
    requests: requests.length,
    graphqlRequests: costs.length,
    points: costs.reduce((sum, cost) => sum + cost.points, 0),
    maxNodes: Math.max(...costs.map((cost) => cost.nodes)),
    read,
    medianMs: Math.round(times[Math.floor(times.length / 2)]! * 10) / 10,
  };
}

export async function digestFigures(): Promise<DigestFigure[]> {
  const figures: DigestFigure[] = [];
  const cases = [
    { kind: "weekly", years: 2 },
    { kind: "monthly", years: 2 },
    // Twice the history at the same rate: the cost must not double.
    { kind: "weekly", years: 4 },
  ] as const;
  for (const { kind, years } of cases) {
    const history = syntheticHistory(500 * years, 2500 * years, years);
    figures.push(
      await measure(
        `${kind} digest, ${(500 * years).toLocaleString("en")} incidents and ${(2500 * years).toLocaleString("en")} action items over ${years} years`,
        history,
        [REPO],
        kind,
        5,
      ),
    );
  }
  // Across an organisation: one repository in four holds a team's history (100 incidents and 500
  // action items over 2 years), the others nothing labelled.
  for (const count of [1, 8, 50, 200]) {
    const names = Array.from({ length: count }, (_, index) => (index === 0 ? REPO : `service-${index}`));
    const issues = names.filter((_, index) => index % 4 === 0).flatMap((name) => syntheticHistory(100, 500, 2, name));
    const busy = Math.ceil(count / 4);
    figures.push(
      await measure(
        `weekly digest across ${count} ${count === 1 ? "repository" : "repositories"} (${busy} with 2 years of history, ${count - busy} with nothing labelled)`,
        issues,
        names,
        "weekly",
        count >= 50 ? 3 : 5,
      ),
    );
  }
  return figures;
}
