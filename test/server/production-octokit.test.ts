import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProductionOctokit } from "../../src/github/production-octokit.js";
import { onFakeClock } from "./paced-clock.js";
import { mostInAnyWindow } from "./windows.js";

// These check the behaviour of the production client: pacing and retry-after on a fake clock (so
// a minute of pacing takes a moment, and gaps are exact), timeouts with real timers. They measure
// gaps to tell whether requests were queued, not how fast anything is.
const API = "https://api.github.com";
const COMMENTS = "/repos/o/r/issues/1/comments";
const silent = { debug() {}, info() {}, warn() {}, error() {} };

let clients = 0;
/** A client of its own installation: budgets are per installation and per process, so each test gets fresh ones. */
function client(installation: string) {
  return new ProductionOctokit({ auth: { token: "t" }, githubToken: "t", log: silent, throttle: { id: `${installation}-${++clients}` } } as never);
}

function comment(octokit: ReturnType<typeof client>, body: string) {
  return octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner: "o", repo: "r", issue_number: 1, body });
}

function gaps(times: readonly number[]): number[] {
  return times.slice(1).map((time, index) => time - times[index]!);
}

describe("the production GitHub client", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    delete process.env.GITHUB_REQUEST_TIMEOUT_MS;
  });

  it("sends an installation's three comments within about a second (writes 500 ms apart), not 3 s apart", async () => {
    const times: number[] = [];
    nock(API)
      .post(COMMENTS)
      .times(3)
      .reply(201, () => (times.push(Date.now()), { id: 1 }));
    const octokit = client("three-comments");
    const { elapsedMs } = await onFakeClock(() => Promise.all([1, 2, 3].map((n) => comment(octokit, `c${n}`))));
    expect(gaps(times)).toEqual([expect.closeTo(500, -1), expect.closeTo(500, -1)]);
    expect(elapsedMs).toBeLessThan(1_100);
  });

  it("lets 80 content creations of one installation through in the minute, and the 81st waits for the minute", async () => {
    const times: number[] = [];
    const record = () => (times.push(Date.now()), { id: 1, number: 2 });
    // GitHub's content-creating routes: issues, comments, sub-issue links.
    nock(API)
      .post("/repos/o/r/issues")
      .times(27)
      .reply(201, record)
      .post(COMMENTS)
      .times(27)
      .reply(201, record)
      .post("/repos/o/r/issues/1/sub_issues")
      .times(27)
      .reply(201, record);
    const octokit = client("eighty-one");
    await onFakeClock(() =>
      Promise.all(
        Array.from({ length: 27 }, (_, n) => [
          octokit.request("POST /repos/{owner}/{repo}/issues", { owner: "o", repo: "r", title: `t${n}` }),
          comment(octokit, `c${n}`),
          octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", { owner: "o", repo: "r", issue_number: 1, sub_issue_id: n }),
        ]).flat(),
      ),
    );
    times.sort((a, b) => a - b);
    expect(times).toHaveLength(81);
    expect(mostInAnyWindow(times, 60_000)).toBeLessThanOrEqual(80);
    expect(times[80]! - times[0]!).toBeGreaterThanOrEqual(60_000);
    expect(times[80]! - times[0]!).toBeLessThan(65_000);
  });

  it("does not hold reads, GraphQL queries included, behind an installation's queued writes", async () => {
    const written: number[] = [];
    const read: number[] = [];
    nock(API)
      .post(COMMENTS)
      .times(20)
      .reply(201, () => (written.push(Date.now()), { id: 1 }));
    nock(API)
      .patch("/repos/o/r/issues/1")
      .times(20)
      .reply(200, () => (written.push(Date.now()), { number: 1 }));
    nock(API)
      .get("/repos/o/r")
      .reply(200, () => (read.push(Date.now()), { private: false }));
    nock(API)
      .post("/graphql")
      .reply(200, () => (read.push(Date.now()), { data: { viewer: { login: "bot" } } }));
    const octokit = client("reads");
    let started = 0;
    await onFakeClock(async () => {
      started = Date.now();
      // Edits queue in the write spacing at once, comments in the content budget first.
      const writes = Array.from({ length: 20 }, (_, n) => [
        octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { owner: "o", repo: "r", issue_number: 1, body: `b${n}` }),
        comment(octokit, `c${n}`),
      ]).flat();
      await Promise.all([octokit.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" }), octokit.graphql("query { viewer { login } }")]);
      await Promise.all(writes);
    });
    expect(read.map((time) => time - started)).toEqual([expect.closeTo(0, -2), expect.closeTo(0, -2)]);
    expect(Math.max(...written) - started).toBeGreaterThan(19_000);
  });

  it("sends GraphQL queries at once and spaces GraphQL mutations like writes", async () => {
    const queries: number[] = [];
    const mutations: number[] = [];
    nock(API)
      .post("/graphql", (body: { query: string }) => body.query.startsWith("query"))
      .times(5)
      .reply(200, () => (queries.push(Date.now()), { data: { viewer: { login: "bot" } } }))
      .post("/graphql", (body: { query: string }) => body.query.startsWith("mutation"))
      .times(3)
      .reply(200, () => (mutations.push(Date.now()), { data: { addProjectV2ItemById: { item: { id: "i" } } } }));
    const octokit = client("graphql");
    const mutation = "mutation($project: ID!, $content: ID!) { addProjectV2ItemById(input: { projectId: $project, contentId: $content }) { item { id } } }";
    await onFakeClock(() =>
      Promise.all([
        ...Array.from({ length: 5 }, () => octokit.graphql("query { viewer { login } }")),
        ...Array.from({ length: 3 }, () => octokit.graphql(mutation, { project: "p", content: "c" })),
      ]),
    );
    expect(Math.max(...queries) - Math.min(...queries)).toBeLessThan(50);
    expect(gaps(mutations.sort((a, b) => a - b))).toEqual([expect.closeTo(500, -1), expect.closeTo(500, -1)]);
  });

  it("does not hold another installation behind one installation's queued writes", async () => {
    const times: Record<string, number[]> = { a: [], b: [] };
    nock(API)
      .post(COMMENTS)
      .times(30)
      .reply(201, () => (times.a!.push(Date.now()), { id: 1 }));
    nock(API)
      .post("/repos/other/r/issues/1/comments")
      .reply(201, () => (times.b!.push(Date.now()), { id: 2 }));
    const a = client("installation-a");
    const b = client("installation-b");
    let started = 0;
    await onFakeClock(async () => {
      started = Date.now();
      await Promise.all([
        ...Array.from({ length: 30 }, (_, n) => comment(a, `c${n}`)),
        b.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner: "other", repo: "r", issue_number: 1, body: "b" }),
      ]);
    });
    expect(times.b![0]! - started).toBeLessThan(50);
    expect(Math.max(...times.a!) - started).toBeGreaterThan(14_000);
  });

  it("retries a secondary rate limit after GitHub's retry-after, where Probot's default gives up", async () => {
    const times: number[] = [];
    const scope = nock(API)
      .post(COMMENTS)
      .reply(403, () => (times.push(Date.now()), { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." }), { "retry-after": "42" })
      .post(COMMENTS)
      .reply(201, () => (times.push(Date.now()), { id: 7 }));
    const { value } = await onFakeClock(() => comment(client("secondary"), "once"));
    expect(value.data).toEqual({ id: 7 });
    expect(gaps(times)).toEqual([expect.closeTo(42_000, -2)]);
    expect(scope.isDone()).toBe(true);
  });

  it("retries a 502", { timeout: 20_000 }, async () => {
    const scope = nock(API).get("/repos/o/r").reply(502, "Bad Gateway").get("/repos/o/r").reply(200, { private: true });
    const { data } = await client("d").request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" });
    expect(data).toEqual({ private: true });
    expect(scope.isDone()).toBe(true);
  });

  it("abandons a request that hangs past the timeout, and retries it", { timeout: 20_000 }, async () => {
    // A real socket on loopback that answers the first request late: nock cannot model a hang.
    nock.enableNetConnect("127.0.0.1");
    let served = 0;
    const server = createServer((_request, response) => {
      const late = served++ === 0;
      setTimeout(() => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ private: !late })), late ? 3_000 : 0);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      process.env.GITHUB_REQUEST_TIMEOUT_MS = "300";
      const { port } = server.address() as AddressInfo;
      const octokit = new ProductionOctokit({ auth: { token: "t" }, githubToken: "t", log: silent, baseUrl: `http://127.0.0.1:${port}` } as never);
      const { data } = await octokit.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" });
      expect(data).toEqual({ private: true });
      expect(served).toBe(2);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
