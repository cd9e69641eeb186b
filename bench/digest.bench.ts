// The digest over a synthetic history: requests and time, for a repository with two years of
// incidents (1,000), postmortems and action items (5,000). The searches are bounded by the window,
// so the cost follows what happened in the window (and what is still open), not the history.
import nock from "nock";
import { renderActionItemBody } from "../src/action-items/action-item-body.js";
import { parseConfig } from "../src/config/load-config.js";
import type { SearchNode } from "../src/digest/gather-facts.js";
import { renderSummaryBlock } from "../src/domain/postmortem-summary.js";
import { GitHubClient, type Octokit } from "../src/github/github-client.js";
import { postDigest } from "../src/jobs/post-digest.js";
import type { RecordedRequest } from "../test/helpers/github-rest-description.js";
import { FakeSearch, searchNode } from "../test/helpers/fake-search.js";
import { recordingOctokit } from "../test/helpers/probot-harness.js";

const OWNER = "acme";
const REPO = "incidents";
const NOW = new Date("2026-12-01T09:00:00Z");
const APP = { login: "postmortem-bot[bot]", __typename: "Bot" };
const DAY = 86_400_000;

/** Deterministic pseudo-random numbers, so every run measures the same history. */
function random(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

export function syntheticHistory(incidents: number, actionItems: number, years: number): (SearchNode & { updatedAt: string })[] {
  const next = random(42);
  const nodes: (SearchNode & { updatedAt: string })[] = [];
  const span = years * 365 * DAY;
  const start = NOW.getTime() - span;
  let number = 1;
  const postmortems: number[] = [];
  for (let index = 0; index < incidents; index++) {
    const opened = start + next() * span;
    const severity = 1 + Math.floor(next() * 4);
    const closed = opened + next() * 2 * DAY;
    const incident = number++;
    nodes.push(searchNode({ number: incident, repo: `${OWNER}/${REPO}`, labels: [`incident:sev${severity}`, `service:s${Math.floor(next() * 20)}`], createdAt: new Date(opened).toISOString(), closedAt: closed < NOW.getTime() ? new Date(closed).toISOString() : null }));
    if (severity <= 2) {
      const postmortem = number++;
      postmortems.push(postmortem);
      const body = renderSummaryBlock(
        { incident: { owner: OWNER, repo: REPO, number: incident }, incidentUrl: "", severity: `SEV${severity}`, reviewBusinessDays: 3, openedAt: new Date(opened).toISOString(), resolvedAt: null, reviewDue: new Date(closed + 4 * DAY).toISOString().slice(0, 10), commanders: [] },
        { timeZone: "UTC", holidays: [] },
      );
      const reviewed = closed + next() * 10 * DAY;
      nodes.push(searchNode({ number: postmortem, repo: `${OWNER}/${REPO}`, labels: ["postmortem"], author: APP, body, createdAt: new Date(opened + 60_000).toISOString(), closedAt: reviewed < NOW.getTime() ? new Date(reviewed).toISOString() : null }));
    }
  }
  for (let index = 0; index < actionItems; index++) {
    const filed = start + next() * span;
    const done = filed + next() * 90 * DAY;
    const body = renderActionItemBody(
      { postmortem: { owner: OWNER, repo: REPO, number: postmortems[index % postmortems.length]! }, incident: null, key: `a${index}`, priority: `P${Math.floor(next() * 6)}` as "P0", type: "prevention", due: new Date(filed + 30 * DAY).toISOString().slice(0, 10), dueSource: "derived", filedAt: new Date(filed).toISOString(), reminded: null },
      { action: `A${index}`, postmortemMention: "#1", incidentMention: null, owners: ["dana"], unassignable: [] },
    );
    nodes.push(searchNode({ number: number++, repo: `${OWNER}/${REPO}`, labels: ["action-item"], author: APP, body, assignees: ["dana"], createdAt: new Date(filed).toISOString(), closedAt: done < NOW.getTime() ? new Date(done).toISOString() : null, closer: next() < 0.5 ? "merged-pr" : null }));
  }
  return nodes;
}

export async function digestFigures(): Promise<{ scenario: string; requests: number; searched: number; medianMs: number }[]> {
  const figures = [];
  const cases = [
    { kind: "weekly", years: 2 },
    { kind: "monthly", years: 2 },
    // Twice the history at the same rate: the cost must not double.
    { kind: "weekly", years: 4 },
  ] as const;
  for (const { kind, years } of cases) {
    const history = syntheticHistory(500 * years, 2500 * years, years);
    const times: number[] = [];
    let requests: RecordedRequest[] = [];
    let searched = 0;
    for (let run = 0; run < 5; run++) {
      requests = [];
      const search = new FakeSearch(history);
      nock("https://api.github.com")
        .persist()
        .get(`/repos/${OWNER}/${REPO}/issues`).query(true).reply(200, [])
        .post("/graphql").reply(200, (_uri, body) => {
          const answer = search.answer(body as never);
          searched += Object.values(answer.data).reduce((sum: number, page) => sum + (page as { nodes: unknown[] }).nodes.length, 0);
          return answer;
        })
        .get(`/repos/${OWNER}/${REPO}`).reply(200, { private: true })
        .post(`/repos/${OWNER}/${REPO}/issues`).reply(201, { number: 9999, id: 1, body: "", user: { type: "Bot" } });
      const Octokit = recordingOctokit(requests);
      const client = new GitHubClient(new Octokit({ auth: "bench" }) as unknown as Octokit, "postmortem-bot[bot]");
      const started = performance.now();
      await postDigest(client, { home: { owner: OWNER, repo: REPO }, config: parseConfig({ digest: { [kind]: true } }).config, kind, now: NOW });
      times.push(performance.now() - started);
      nock.cleanAll();
    }
    times.sort((a, b) => a - b);
    figures.push({ scenario: `${kind} digest, ${(500 * years).toLocaleString("en")} incidents and ${(2500 * years).toLocaleString("en")} action items over ${years} years`, requests: requests.length, searched: searched / 5, medianMs: Math.round(times[2]! * 10) / 10 });
  }
  return figures;
}
