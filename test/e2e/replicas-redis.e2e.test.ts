import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMarker } from "../../src/domain/markers.js";
import { issueLabeled, OWNER } from "../helpers/webhook-payloads.js";
import { startRedisServer, type RedisServer } from "../helpers/redis-server.js";
import { GitHubStandIn, type StoredIssue } from "./github-stand-in.js";
import { ServerProcess, type DeliveryResult } from "./server-process.js";
import { mostInAnyWindow } from "../server/windows.js";
import { GITHUB_LIMITS } from "./github-limits.js";

/**
 * Three replicas of the real server (child processes) on one real Redis (REDIS_URL) and one GitHub
 * stand-in, all deliveries for one installation. Each SEV1 label is delivered to two replicas at
 * once (GitHub redelivering while the first is still at work looks the same): the Redis lock per
 * incident makes the second wait and find the postmortem, so each incident gets one postmortem and
 * no duplicate is ever created (and closed). The replicas' content writes share one budget in
 * Redis, so the stand-in's content limit (80 a minute per installation) is never answered.
 */
const INCIDENTS = 12;
const REPO = "e2e-replicas";
const FULL_NAME = `${OWNER}/${REPO}`;
const INSTALLATION = 4242;
const HOUR = 3_600_000;
const DONE = new Set(["incident reconciled"]);

let redis: RedisServer;
let github: GitHubStandIn;
let replicas: ServerProcess[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  github = await new GitHubStandIn().start();
  replicas = await Promise.all([0, 1, 2].map(() => ServerProcess.start({ gheHost: github.host, env: { REDIS_URL: redis.url } })));
}, 90_000);

afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
  await github?.stop();
  await redis?.stop();
});

function labeled(incident: StoredIssue, repo = REPO, installation = INSTALLATION): Record<string, any> {
  const payload = issueLabeled("incident:sev1", {
    repo,
    number: incident.number,
    title: incident.title,
    labels: incident.labels.map((label) => label.name),
    assignees: incident.assignees.map((assignee) => assignee.login),
    createdAt: incident.created_at,
  }) as Record<string, any>;
  payload.installation = { id: installation, node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${installation}` };
  payload.repository.id = 777_000 + installation;
  return payload;
}

async function finished(replica: ServerProcess, result: DeliveryResult, timeoutMs = 120_000): Promise<void> {
  expect([200, 202], `delivery ${result.id} answered ${result.status} ${result.text}`).toContain(result.status);
  const deadline = Date.now() + timeoutMs;
  while (result.status === 202 && !replica.logs().some((line) => line.id === result.id && ((line.msg !== undefined && DONE.has(line.msg)) || line.level >= 50))) {
    if (Date.now() > deadline) throw new Error(`delivery ${result.id} did not finish`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("three replicas on one Redis", () => {
  it(`${INCIDENTS} SEV1 incidents, each delivered to two replicas at once: ${INCIDENTS} postmortems, each created once, within the content limit`, {
    timeout: 180_000,
  }, async () => {
    const incidents = Array.from({ length: INCIDENTS }, (_, n) =>
      github.seedIssue(FULL_NAME, {
        title: `Checkout API returns 500 (${n})`,
        labels: ["incident:sev1"],
        assignees: ["octocat"],
        createdAt: new Date(Date.now() - HOUR).toISOString(),
      }),
    );
    const sent = await Promise.all(
      incidents.flatMap((incident, n) => {
        const payload = labeled(incident);
        return [replicas[n % 3]!, replicas[(n + 1) % 3]!].map(async (replica) => ({ replica, result: await replica.deliver("issues", payload) }));
      }),
    );
    await Promise.all(sent.map(({ replica, result }) => finished(replica, result)));

    const failures = replicas.flatMap((replica) =>
      replica
        .logs()
        .filter((line) => line.level >= 50)
        .map((line) => `${line.msg} ${JSON.stringify(line.err ?? {}).slice(0, 300)}`),
    );
    expect(failures).toEqual([]);
    // Every postmortem the app ever created, open or closed: one per incident, none closed as a duplicate.
    const postmortems = github.issues(FULL_NAME).filter((issue) => issue.user.type === "Bot" && readMarker(issue.body, "summary:start") !== undefined);
    const byIncident = new Map<string, StoredIssue[]>();
    for (const postmortem of postmortems) {
      const incident = readMarker(postmortem.body, "summary:start")!.incident as string;
      byIncident.set(incident, [...(byIncident.get(incident) ?? []), postmortem]);
    }
    expect([...byIncident.keys()].sort()).toEqual(incidents.map((incident) => `${FULL_NAME}#${incident.number}`).sort());
    expect([...byIncident.values()].map((each) => each.length)).toEqual(incidents.map(() => 1));
    expect(postmortems.every((postmortem) => postmortem.state === "open")).toBe(true);
    const creations = github.requests.filter((request) => request.method === "POST" && request.pathname === `/repos/${FULL_NAME}/issues`);
    expect(creations).toHaveLength(INCIDENTS);
    // The stand-in refuses content past 80 a minute with GitHub's secondary limit: never met.
    expect(github.requests.filter((request) => request.status === 403 || request.status === 429)).toEqual([]);
    // Both deliveries of an incident were handled, by different replicas, and the work was shared out.
    expect(new Set(sent.map(({ replica }) => replica.pid)).size).toBe(3);
  });

  it("30 SEV1 incidents of one installation spread over the replicas: 90 content writes, never more than 80 in any minute together", { timeout: 240_000 }, async () => {
    const repo = "e2e-replicas-budget";
    const fullName = `${OWNER}/${repo}`;
    const installation = 4343;
    const incidents = Array.from({ length: 30 }, (_, n) =>
      github.seedIssue(fullName, { title: `Payments degraded (${n})`, labels: ["incident:sev1"], assignees: ["octocat"], createdAt: new Date(Date.now() - HOUR).toISOString() }),
    );
    const sent = await Promise.all(
      incidents.map(async (incident, n) => ({ replica: replicas[n % 3]!, result: await replicas[n % 3]!.deliver("issues", labeled(incident, repo, installation)) })),
    );
    await Promise.all(sent.map(({ replica, result }) => finished(replica, result, 200_000)));

    expect(replicas.flatMap((replica) => replica.logs().filter((line) => line.level >= 50))).toEqual([]);
    const postmortems = github.issues(fullName).filter((issue) => issue.user.type === "Bot" && readMarker(issue.body, "summary:start") !== undefined);
    expect(postmortems).toHaveLength(30);
    const content = github.requests.filter(
      (request) => request.method === "POST" && request.pathname.startsWith(`/repos/${fullName}/issues`) && request.status !== undefined && request.status < 300,
    );
    // A postmortem, its checklist comment and the incident's link comment, each.
    expect(content).toHaveLength(90);
    expect(
      mostInAnyWindow(
        content.map((request) => request.time).sort((a, b) => a - b),
        60_000,
      ),
    ).toBeLessThanOrEqual(GITHUB_LIMITS.contentPerMinute);
    expect(github.requests.filter((request) => request.status === 403 || request.status === 429)).toEqual([]);
  });
});
