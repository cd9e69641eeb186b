import nock from "nock";
import { Context, Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { changedConfigFiles } from "../../src/config/config-changed.js";
import { loadConfig } from "../../src/config/load-config.js";
import { loadRepositoryConfig } from "../../src/config/load-repository-config.js";
import { testPrivateKey } from "../e2e/server-process.js";
import type { RecordedRequest } from "../helpers/github-rest-description.js";
import { noConfig } from "../helpers/github-responses.js";
import { createHarness, GITHUB_API, github, recordingOctokit, useHarness } from "../helpers/probot-harness.js";
import { pullRequestClosed, pushEvent } from "../helpers/push-payloads.js";
import { issueLabeled, OWNER, REPO } from "../helpers/webhook-payloads.js";

const REPO_FILE = `/repos/${OWNER}/${REPO}/contents/.github%2Fpostmortem.yml`;
const OWNER_FILE = `/repos/${OWNER}/.github/contents/.github%2Fpostmortem.yml`;
const START = "2026-11-23T09:00:00Z";
const ETAG = 'W/"7b5c1d0e"';

/** GitHub's answer for a file: raw text, its validator, its `max-age`. */
function file(text: string, etag = ETAG) {
  return [200, text, { "content-type": "text/plain; charset=utf-8", etag, "cache-control": "private, max-age=60, s-maxage=60" }] as const;
}
const notModified = (etag = ETAG) => [304, "", { etag, "cache-control": "private, max-age=60, s-maxage=60" }] as const;
/** A scope whose requests must not carry `If-None-Match`: nock refuses to match one that does. */
const unconditional = () => nock(GITHUB_API, { badheaders: ["if-none-match"] });

const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent } as unknown as Context["log"];

function later(seconds: number): void {
  vi.setSystemTime(new Date(Date.now() + seconds * 1000));
}

describe("the config cache, at the loader", () => {
  let requests: RecordedRequest[];
  let Octokit: ReturnType<typeof recordingOctokit>;
  beforeEach(() => {
    nock.disableNetConnect();
    vi.useFakeTimers({ now: new Date(START), toFake: ["Date"] });
    requests = [];
    // One client class is one app instance: its clients share one cache.
    Octokit = recordingOctokit(requests);
  });
  afterEach(() => {
    vi.useRealTimers();
    nock.cleanAll();
  });

  /** loadConfig for a delivery of `installation`, through a client with `token`. */
  const load = (installation = 1, token = "token-1") => {
    const payload = { ...issueLabeled("bug"), installation: { id: installation } };
    return loadConfig(new Context({ id: "d", name: "issues", payload } as never, new Octokit({ auth: { token } }) as never, silent));
  };

  it("within 60 s a second read asks GitHub nothing; after 60 s one conditional request, answered 304, keeps the settings for 60 s more", async () => {
    unconditional()
      .get(REPO_FILE)
      .reply(...file("timeZone: Europe/Berlin\n"));
    expect((await load()).config.timeZone).toBe("Europe/Berlin");
    later(59);
    expect((await load()).config.timeZone).toBe("Europe/Berlin");
    expect(requests).toHaveLength(1);

    later(2);
    const revalidated = github()
      .get(REPO_FILE)
      .matchHeader("if-none-match", ETAG)
      .reply(...notModified());
    expect((await load()).config.timeZone).toBe("Europe/Berlin");
    expect(revalidated.isDone()).toBe(true);
    later(59);
    await load();
    expect(requests).toHaveLength(2);
  });

  it("a changed file (200 with a new ETag) is seen, and its ETag is the one sent next", async () => {
    github()
      .get(REPO_FILE)
      .reply(...file("timeZone: Europe/Berlin\n"));
    await load();
    later(61);
    github()
      .get(REPO_FILE)
      .matchHeader("if-none-match", ETAG)
      .reply(...file("timeZone: Asia/Tokyo\n", 'W/"new"'));
    expect((await load()).config.timeZone).toBe("Asia/Tokyo");
    later(61);
    const scope = github()
      .get(REPO_FILE)
      .matchHeader("if-none-match", 'W/"new"')
      .reply(...notModified('W/"new"'));
    expect((await load()).config.timeZone).toBe("Asia/Tokyo");
    expect(scope.isDone()).toBe(true);
  });

  it("after a token rotation GitHub answers the old ETag with a full 200: the same settings, and the new ETag is kept", async () => {
    github()
      .get(REPO_FILE)
      .matchHeader("authorization", "token token-1")
      .reply(...file("timeZone: Europe/Berlin\n", 'W/"token-1"'));
    await load(1, "token-1");
    later(61);
    // ETags are tied to the token: the new token's request with the old ETag is a full read.
    github()
      .get(REPO_FILE)
      .matchHeader("authorization", "token token-2")
      .matchHeader("if-none-match", 'W/"token-1"')
      .reply(...file("timeZone: Europe/Berlin\n", 'W/"token-2"'));
    expect((await load(1, "token-2")).config.timeZone).toBe("Europe/Berlin");
    later(61);
    const scope = github()
      .get(REPO_FILE)
      .matchHeader("if-none-match", 'W/"token-2"')
      .reply(...notModified('W/"token-2"'));
    expect((await load(1, "token-2")).config.timeZone).toBe("Europe/Berlin");
    expect(scope.isDone()).toBe(true);
  });

  it("a 404 (no validator) is kept for its time-to-live, then read again in full", async () => {
    noConfig(unconditional());
    await load();
    later(59);
    await load();
    expect(requests).toHaveLength(2);
    later(2);
    const again = noConfig(unconditional());
    await load();
    expect(again.isDone()).toBe(true);
    expect(requests).toHaveLength(4);
  });

  it("the owner's .github file is cached too, under the repository's 404", async () => {
    github()
      .get(REPO_FILE)
      .reply(404, { message: "Not Found" })
      .get(OWNER_FILE)
      .reply(...file("holidays: ['2026-12-24']\n"));
    await load();
    later(61);
    const scope = github()
      .get(REPO_FILE)
      .reply(404, { message: "Not Found" })
      .get(OWNER_FILE)
      .matchHeader("if-none-match", ETAG)
      .reply(...notModified());
    expect((await load()).config.holidays).toEqual(["2026-12-24"]);
    expect(scope.isDone()).toBe(true);
  });

  it("deliveries waiting on one expired entry share one revalidation", async () => {
    github()
      .get(REPO_FILE)
      .reply(...file("timeZone: Europe/Berlin\n"));
    await load();
    later(61);
    github()
      .get(REPO_FILE)
      .matchHeader("if-none-match", ETAG)
      .delay(50)
      .reply(...notModified());
    const loaded = await Promise.all(Array.from({ length: 8 }, () => load()));
    expect(loaded.map((each) => each.config.timeZone)).toEqual(Array(8).fill("Europe/Berlin"));
    expect(requests).toHaveLength(2);
  });

  it("is per installation: another installation reads the file itself", async () => {
    github()
      .get(REPO_FILE)
      .reply(...file("timeZone: Europe/Berlin\n"));
    await load(1);
    const scope = unconditional()
      .get(REPO_FILE)
      .reply(...file("timeZone: Europe/Berlin\n", 'W/"other"'));
    await load(2);
    await load(1);
    await load(2);
    expect(scope.isDone()).toBe(true);
    expect(requests).toHaveLength(2);
  });

  it("a failed revalidation is thrown and keeps nothing new: the next delivery asks again, conditionally", async () => {
    github()
      .get(REPO_FILE)
      .reply(...file("timeZone: Europe/Berlin\n"));
    await load();
    later(61);
    github().get(REPO_FILE).reply(502, { message: "Server Error" });
    await expect(load()).rejects.toThrow("Server Error");
    const scope = github()
      .get(REPO_FILE)
      .matchHeader("if-none-match", ETAG)
      .reply(...notModified());
    expect((await load()).config.timeZone).toBe("Europe/Berlin");
    expect(scope.isDone()).toBe(true);
  });

  it("the settings handed out are frozen, and each caller gets a problems list of its own", async () => {
    github()
      .get(REPO_FILE)
      .reply(...file("holidayz: []\n"));
    const first = await load();
    first.problems.push("a problem the handler found");
    const second = await load();
    expect(second.problems).toEqual(["`holidayz`: unknown setting (check its spelling and indentation)"]);
    expect(Object.isFrozen(second.config.severities[0])).toBe(true);
  });
});

describe("the config cache, in the app", () => {
  const harness = useHarness(START);
  const contentReads = () => harness.calls().filter((call) => call.includes("/contents/"));

  it("a second ignored delivery within 60 s makes no request at all", async () => {
    const scope = noConfig(github());
    await harness.receive("issues", issueLabeled("bug"));
    await harness.receive("issues", issueLabeled("bug", { number: 2 }));
    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).toHaveLength(2);
  });

  it("another app instance (another Probot) does not see this one's cache", async () => {
    noConfig(github());
    await harness.receive("issues", issueLabeled("bug"));
    const other = createHarness();
    const scope = noConfig(github());
    await other.receive("issues", issueLabeled("bug"));
    expect(scope.isDone()).toBe(true);
    expect(other.calls()).toHaveLength(2);
  });

  it("a push to the default branch that touches the file applies it at once: the next delivery asks, conditionally", async () => {
    github()
      .get(REPO_FILE)
      .reply(...file("timeZone: Europe/Berlin\n"));
    await harness.receive("issues", issueLabeled("bug"));
    await harness.receive("push", pushEvent({ modified: [".github/postmortem.yml"] }));
    const scope = github()
      .get(REPO_FILE)
      .matchHeader("if-none-match", ETAG)
      .reply(...file("timeZone: Asia/Tokyo\n", 'W/"new"'));
    await harness.receive("issues", issueLabeled("bug"));
    expect(scope.isDone()).toBe(true);
    expect(contentReads()).toHaveLength(2);
  });

  it("a push to the owner's .github repository applies the shared file at once", async () => {
    github()
      .get(REPO_FILE)
      .reply(404, { message: "Not Found" })
      .get(OWNER_FILE)
      .reply(...file("timeZone: Europe/Berlin\n"));
    await harness.receive("issues", issueLabeled("bug"));
    await harness.receive("push", pushEvent({ repo: ".github", added: [".github/postmortem.yml"] }));
    // The repository's own 404 is still fresh; the shared file is asked for again.
    const scope = github()
      .get(OWNER_FILE)
      .matchHeader("if-none-match", ETAG)
      .reply(...notModified());
    await harness.receive("issues", issueLabeled("bug"));
    expect(scope.isDone()).toBe(true);
    expect(contentReads()).toHaveLength(3);
  });

  it.each<[string, Record<string, unknown>]>([
    ["a push that does not touch the file", pushEvent({ modified: ["README.md"] })],
    ["a push to another branch", pushEvent({ ref: "refs/heads/feature", modified: [".github/postmortem.yml"] })],
    ["a pull request closed without merging", pullRequestClosed({ merged: false })],
  ])("%s leaves the cache alone", async (_name, event) => {
    noConfig(github());
    await harness.receive("issues", issueLabeled("bug"));
    await harness.receive("ref" in event ? "push" : "pull_request", event);
    await harness.receive("issues", issueLabeled("bug"));
    expect(harness.calls()).toHaveLength(2);
  });

  it("a merged pull request into the default branch applies the file at once", async () => {
    github()
      .get(REPO_FILE)
      .reply(...file("timeZone: Europe/Berlin\n"));
    await harness.receive("issues", issueLabeled("bug"));
    await harness.receive("pull_request", pullRequestClosed({ merged: true }));
    const scope = github()
      .get(REPO_FILE)
      .matchHeader("if-none-match", ETAG)
      .reply(...notModified());
    await harness.receive("issues", issueLabeled("bug"));
    expect(scope.isDone()).toBe(true);
  });
});

describe("the config cache, in the scheduled jobs", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());

  it("a job reads through its installation's cache: the owner's shared file once for all its repositories, again for another installation", async () => {
    const probot = new Probot({ appId: 1, privateKey: testPrivateKey(), Octokit: recordingOctokit([]), logLevel: "fatal" });
    const token = (id: number) =>
      github()
        .post(`/app/installations/${id}/access_tokens`)
        .reply(201, { token: `ghs_${id}`, expires_at: new Date(Date.now() + 3_600_000).toISOString() });
    const repoFile = (repo: string) => `/repos/${OWNER}/${repo}/contents/.github%2Fpostmortem.yml`;
    const scope = token(7)
      .get(repoFile("one"))
      .reply(404, { message: "Not Found" })
      .get(OWNER_FILE)
      .reply(...file("timeZone: Europe/Berlin\n"))
      .get(repoFile("two"))
      .reply(404, { message: "Not Found" });
    const seven = await probot.auth(7);
    const one = await loadRepositoryConfig(seven as never, { owner: OWNER, repo: "one" }, silent);
    const two = await loadRepositoryConfig(seven as never, { owner: OWNER, repo: "two" }, silent);
    expect([one.config.timeZone, two.config.timeZone]).toEqual(["Europe/Berlin", "Europe/Berlin"]);
    expect(scope.isDone()).toBe(true);

    const other = token(8)
      .get(repoFile("one"))
      .reply(404, { message: "Not Found" })
      .get(OWNER_FILE)
      .reply(...file("timeZone: Europe/Berlin\n"));
    await loadRepositoryConfig((await probot.auth(8)) as never, { owner: OWNER, repo: "one" }, silent);
    expect(other.isDone()).toBe(true);
  });
});

describe("changedConfigFiles: which cached files a delivery makes stale", () => {
  const at = (path: string, repo = REPO) => ({ owner: OWNER, repo, path });
  it.each<[string, Record<string, unknown>, ReturnType<typeof at>[]]>([
    ["the config file modified on the default branch", pushEvent({ modified: [".github/postmortem.yml"] }), [at(".github/postmortem.yml")]],
    ["the config file removed", pushEvent({ removed: [".github/postmortem.yml"] }), [at(".github/postmortem.yml")]],
    ["another YAML file (an _extends may name it)", pushEvent({ added: ["configs/base.yaml"] }), [at("configs/base.yaml")]],
    ["only code", pushEvent({ modified: ["src/app.ts"] }), []],
    ["a tag", pushEvent({ ref: "refs/tags/v1", modified: [".github/postmortem.yml"] }), []],
    ["a forced push: anything may have changed", pushEvent({ forced: true, modified: ["src/app.ts"] }), [at(".github/postmortem.yml")]],
    ["a push whose commits are not listed", pushEvent({ commits: 0 }), [at(".github/postmortem.yml")]],
    ["a merged pull request", pullRequestClosed({ merged: true }), [at(".github/postmortem.yml")]],
    ["a pull request merged into another branch", pullRequestClosed({ merged: true, base: "release" }), []],
    ["a pull request closed unmerged", pullRequestClosed({ merged: false }), []],
  ])("%s", (_name, payload, expected) => {
    expect(changedConfigFiles(payload as never)).toEqual(expected);
  });
});
