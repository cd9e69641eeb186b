import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProductionOctokit } from "../../src/server/production-octokit.js";

// These check the behaviour of the production client (pacing, retries, timeouts) with real timers.
// They measure gaps to tell whether requests were queued, not how fast anything is.
const API = "https://api.github.com";
const COMMENTS = "/repos/o/r/issues/1/comments";
const silent = { debug() {}, info() {}, warn() {}, error() {} };

function client(installation: string) {
  return new ProductionOctokit({ auth: { token: "t" }, githubToken: "t", log: silent, throttle: { id: installation } } as never);
}

describe("the production GitHub client", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    delete process.env.GITHUB_REQUEST_TIMEOUT_MS;
  });

  it("spaces an installation's comments (notification-triggering writes) about 3 s apart, and other installations are not held up", { timeout: 20_000 }, async () => {
    const times: Record<string, number[]> = { a: [], b: [] };
    nock(API).post(COMMENTS).times(3).reply(201, () => (times.a!.push(Date.now()), { id: 1 }));
    nock(API).post("/repos/other/r/issues/1/comments").reply(201, () => (times.b!.push(Date.now()), { id: 2 }));
    const a = client("installation-a");
    const b = client("installation-b");
    const started = Date.now();
    await Promise.all([
      ...[1, 2, 3].map((n) => a.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner: "o", repo: "r", issue_number: 1, body: `c${n}` })),
      b.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner: "other", repo: "r", issue_number: 1, body: "b" }),
    ]);
    const [first, second, third] = times.a!.sort((x, y) => x - y) as [number, number, number];
    expect(second - first).toBeGreaterThanOrEqual(2_900);
    expect(third - second).toBeGreaterThanOrEqual(2_900);
    expect(times.b![0]! - started).toBeLessThan(2_000);
  });

  it("retries a secondary rate limit after GitHub's retry-after, where Probot's default gives up", { timeout: 20_000 }, async () => {
    const scope = nock(API)
      .get("/repos/o/r")
      .reply(403, { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." }, { "retry-after": "1" })
      .get("/repos/o/r")
      .reply(200, { private: false });
    const { data } = await client("c").request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" });
    expect(data).toEqual({ private: false });
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
