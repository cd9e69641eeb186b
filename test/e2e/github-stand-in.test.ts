import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProbotOctokit } from "probot";
import { GitHubClient, type Octokit } from "../../src/github/github-client.js";
import { GITHUB_LIMITS } from "./github-limits.js";
import { GitHubStandIn } from "./github-stand-in.js";

/**
 * The stand-in refuses what GitHub refuses, and its answers have GitHub's shapes. Plain `fetch`
 * on loopback: these check the stand-in, not the app.
 */
let github: GitHubStandIn;
let repos = 0;

beforeAll(async () => {
  github = await new GitHubStandIn().start();
}, 30_000);
afterAll(async () => {
  await github?.stop();
});

/** A repository of its own and a token of its own installation. */
async function scenario() {
  const index = ++repos;
  const fullName = `acme/stand-in-${index}`;
  github.repo(fullName);
  const exchange = await fetch(`${github.baseUrl}/app/installations/${900 + index}/access_tokens`, { method: "POST", headers: { authorization: "bearer a.b.c" } });
  const { token } = (await exchange.json()) as { token: string };
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${github.baseUrl}/repos/${fullName}${path}`, {
      method,
      headers: { authorization: `token ${token}`, "content-type": "application/json", accept: "application/vnd.github+json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text && /json/.test(response.headers.get("content-type") ?? "") ? (JSON.parse(text) as any) : text };
  };
  const [owner, repo] = fullName.split("/") as [string, string];
  return { fullName, owner, repo, token, call };
}

const comment = (n: number) => ["POST", "/issues/1/comments", { body: `c${n}` }] as const;

describe("the GitHub stand-in's answers", () => {
  it("match GitHub's REST description on every route the stand-in answers", { timeout: 30_000 }, async () => {
    const { fullName, call } = await scenario();
    github.seedFile(fullName, ".github/postmortem.yml", "severities: []\n");
    github.seedPullFiles(fullName, 5, [{ filename: "a.ts", status: "modified" }]);
    const statuses = [
      (await call("GET", "")).status,
      (await call("GET", "/installation")).status,
      (await call("GET", "/contents/.github/postmortem.yml")).status,
      (await call("POST", "/issues", { title: "Parent", body: "b", labels: ["postmortem"], assignees: ["dana"] })).status,
      (await call("POST", "/issues", { title: "Child" })).status,
      (await call("GET", "/issues?state=all&per_page=100")).status,
      (await call("GET", "/issues/1")).status,
      (await call("PATCH", "/issues/1", { body: "edited", state: "closed", state_reason: "completed" })).status,
      (await call("POST", "/issues/1/comments", { body: "hello" })).status,
      (await call("GET", "/issues/1/comments")).status,
      (await call("POST", "/issues/1/labels", { labels: ["extra"] })).status,
      (await call("DELETE", "/issues/1/labels/extra")).status,
      (await call("POST", "/issues/1/sub_issues", { sub_issue_id: github.issue(fullName, 2)!.id })).status,
      (await call("GET", "/collaborators/dana/permission")).status,
      (await call("POST", "/check-runs", { name: "postmortem-bot config", head_sha: "a".repeat(40) })).status,
      (await call("GET", "/pulls/5/files")).status,
      (await call("GET", "/issues/99")).status,
    ];
    const comment = github.comments(fullName, 1)[0]!;
    statuses.push((await call("PATCH", `/issues/comments/${comment.id}`, { body: "edited" })).status);
    const listed = await fetch(`${github.baseUrl}/installation/repositories`, { headers: { authorization: "token x" } });
    statuses.push(listed.status);
    expect(github.limits.drifted).toEqual([]);
    expect(statuses).toEqual([200, 200, 200, 201, 201, 200, 200, 200, 201, 200, 200, 200, 201, 200, 201, 200, 404, 200, 200]);
  });
});

describe("the GitHub stand-in refuses what GitHub refuses", () => {
  it("refuses page numbers from 100 on (use the cursor), and its own links switch to a cursor there", async () => {
    const { fullName, call } = await scenario();
    for (let n = 0; n < 101; n++) github.seedIssue(fullName, { title: `i${n}` });
    const refused = await call("GET", "/issues?state=all&per_page=1&page=100");
    expect(refused.status).toBe(422);
    expect(refused.body.message).toMatch(/please use cursor based pagination/);
    const page99 = await call("GET", "/issues?state=all&per_page=1&page=99");
    expect(page99.status).toBe(200);
    const next = /<([^>]+)>; rel="next"/.exec(page99.headers.get("link") ?? "")?.[1];
    expect(next).toMatch(/[?&]after=/);
    expect(next).not.toMatch(/[?&]page=/);
    const followed = await fetch(next!, { headers: { authorization: "token x" } });
    expect(followed.status).toBe(200);
    expect(((await followed.json()) as unknown[]).length).toBe(1);
  });

  it("cuts per_page to 100 without refusing it", async () => {
    const { fullName, call } = await scenario();
    for (let n = 0; n < 101; n++) github.seedIssue(fullName, { title: `i${n}` });
    const answer = await call("GET", "/issues?state=all&per_page=500");
    expect(answer.status).toBe(200);
    expect(answer.body).toHaveLength(GITHUB_LIMITS.perPage);
  });

  it('refuses a 101st sub-issue, which the client names "full"', async () => {
    const { fullName, owner, repo, token, call } = await scenario();
    const parent = github.seedIssue(fullName, { title: "Parent" });
    for (let n = 0; n < 100; n++) parent.sub_issue_ids.push(github.seedIssue(fullName, { title: `child ${n}` }).id);
    const extra = github.seedIssue(fullName, { title: "one more" });
    const refused = await call("POST", `/issues/${parent.number}/sub_issues`, { sub_issue_id: extra.id });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toMatch(/Parent cannot have more than 100 sub-issues/);
    const Client = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      retry: { enabled: false },
      throttle: { ...(options.throttle as object), enabled: false },
    }));
    const client = new GitHubClient(new Client({ auth: token, baseUrl: github.baseUrl }) as unknown as Octokit, "postmortem-bot[bot]");
    expect(await client.addSubIssue({ owner, repo, number: parent.number }, extra.id)).toBe("full");
    expect(parent.sub_issue_ids).toHaveLength(100);
  });

  it("refuses more than 10 assignees and more than 100 labels on an issue", async () => {
    const { fullName, call } = await scenario();
    const eleven = Array.from({ length: 11 }, (_, n) => `user${n}`);
    const many = Array.from({ length: 101 }, (_, n) => `label-${n}`);
    expect((await call("POST", "/issues", { title: "t", assignees: eleven })).status).toBe(422);
    expect((await call("POST", "/issues", { title: "t", labels: many })).status).toBe(422);
    const issue = github.seedIssue(fullName, { labels: many.slice(0, 100) });
    expect((await call("PATCH", `/issues/${issue.number}`, { assignees: eleven })).status).toBe(422);
    expect((await call("POST", `/issues/${issue.number}/labels`, { labels: ["one-too-many"] })).status).toBe(422);
    expect((await call("POST", "/issues", { title: "t", assignees: eleven.slice(0, 10), labels: many.slice(0, 100) })).status).toBe(201);
    expect(github.issue(fullName, issue.number)!.labels).toHaveLength(100);
  });

  it("refuses issue and comment bodies over 65,536 characters", async () => {
    const { fullName, call } = await scenario();
    const longest = "x".repeat(GITHUB_LIMITS.bodyCharacters);
    const over = `${longest}x`;
    const issue = github.seedIssue(fullName, { body: "short" });
    expect((await call("POST", "/issues", { title: "t", body: over })).status).toBe(422);
    expect((await call("PATCH", `/issues/${issue.number}`, { body: over })).status).toBe(422);
    expect((await call("POST", `/issues/${issue.number}/comments`, { body: over })).status).toBe(422);
    const posted = await call("POST", `/issues/${issue.number}/comments`, { body: longest });
    expect(posted.status).toBe(201);
    expect((await call("PATCH", `/issues/comments/${posted.body.id}`, { body: over })).status).toBe(422);
    expect(github.issue(fullName, issue.number)!.body).toBe("short");
  });

  it("answers content creation past 80 a minute with a secondary-limit 403 and retry-after, per installation", async () => {
    const a = await scenario();
    const b = await scenario();
    github.seedIssue(a.fullName, {});
    github.seedIssue(b.fullName, {});
    const started = Date.now();
    let now = started;
    github.limits.now = () => now;
    try {
      // One now, 79 half a minute later.
      expect((await a.call(...comment(0))).status).toBe(201);
      now = started + 30_000;
      for (let n = 1; n < 80; n++) expect((await a.call(...comment(n))).status).toBe(201);
      const limited = await a.call(...comment(80));
      expect(limited.status).toBe(403);
      expect(limited.body.message).toMatch(/secondary rate limit/);
      expect(limited.headers.get("retry-after")).toBe("30");
      // Another installation has its own budget.
      expect((await b.call(...comment(0))).status).toBe(201);
      // The minute has passed for the first of the 80 only: one more may go.
      now = started + 60_001;
      expect((await a.call(...comment(81))).status).toBe(201);
      expect((await a.call(...comment(82))).status).toBe(403);
      expect(github.comments(a.fullName, 1)).toHaveLength(81);
    } finally {
      github.limits.now = () => Date.now();
    }
  });

  it("answers content creation past 500 in an hour with a secondary-limit 403 and retry-after", { timeout: 30_000 }, async () => {
    const { fullName, call } = await scenario();
    github.seedIssue(fullName, {});
    const started = Date.now();
    let minutes = 0;
    github.limits.now = () => started + minutes * 61_000;
    try {
      // 80 a minute for six minutes and 20 more: 500 within the hour, none refused.
      for (let n = 0; n < 500; n++) {
        if (n > 0 && n % 80 === 0) minutes++;
        expect((await call(...comment(n))).status).toBe(201);
      }
      minutes++;
      const limited = await call(...comment(500));
      expect(limited.status).toBe(403);
      // Until the first of the 500 is an hour old.
      expect(Number(limited.headers.get("retry-after"))).toBe(Math.ceil((3_600_000 - minutes * 61_000) / 1000));
    } finally {
      github.limits.now = () => Date.now();
    }
  });
});
