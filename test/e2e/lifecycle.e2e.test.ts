import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Probot } from "probot";
import { readMarker } from "../../src/domain/markers.js";
import type { Octokit } from "../../src/github/github-client.js";
import { redeliverFailed } from "../../src/jobs/redeliver-failed.js";
import { expectValidGitHubRequests } from "../helpers/github-rest-description.js";
import { issueLabeled, OWNER } from "../helpers/webhook-payloads.js";
import { hookDeliveryProblems } from "../jobs/hook-deliveries.js";
import { GitHubStandIn, isWrite, type HookDeliveryRecord, type StoredIssue } from "./github-stand-in.js";
import { runCli, ServerProcess, WEBHOOK_SECRET, type LogLine } from "./server-process.js";

/**
 * Issue #9, items 3 and 4: the real server as a child process, GitHub's deliveries made by the
 * stand-in (it records each attempt as GitHub does and redelivers on request). A SIGTERM lands
 * while a SEV1 is being worked on; the server stops taking deliveries, cuts the SEV1 off at its
 * deadline, says so, and exits 1. GitHub has recorded that delivery, and one sent while the server
 * was down, as failed. After a restart, the redelivery job (command line, the app's JWT) asks for
 * each once; the server handles each once; a second run asks for nothing.
 */

const DEADLINE_MS = 1_000;
/** The SEV1's look-up is held well past the deadline (and the client waits for it), so the cut lands before any write even on a loaded machine. */
const HOLD_MS = 4_000;
const SERVER_ENV = { SHUTDOWN_DEADLINE_MS: String(DEADLINE_MS), GITHUB_REQUEST_TIMEOUT_MS: "10000" };
const REPO = "e2e-lifecycle";
const FULL_NAME = `${OWNER}/${REPO}`;
/** The SEV3 lives in an installation of its own: its write is not queued behind the SEV1's (3 s apart per installation). */
const OTHER_REPO = "e2e-lifecycle-other";
const OTHER_FULL_NAME = `${OWNER}/${OTHER_REPO}`;
const HOUR = 3_600_000;

let github: GitHubStandIn;
let first: ServerProcess;
let restarted: ServerProcess | undefined;

beforeAll(async () => {
  github = await new GitHubStandIn().start();
  first = await ServerProcess.start({ gheHost: github.host, env: SERVER_ENV });
  // GitHub's webhook URL for the app: it stays the same across the restart.
  github.hooks.target = { url: first.webhookUrl, secret: WEBHOOK_SECRET };
}, 60_000);

afterAll(async () => {
  await Promise.all([first?.stop(), restarted?.stop()]);
  await github?.stop();
});

function incident(labels: string[], title: string, repo = REPO): StoredIssue {
  return github.seedIssue(`${OWNER}/${repo}`, { title, labels, assignees: ["octocat"], createdAt: new Date(Date.now() - HOUR).toISOString() });
}

/** `issues.labeled` as GitHub sends it, from the installation that holds `repo`. */
function labeled(label: string, issue: StoredIssue, repo = REPO): Record<string, any> {
  const payload = issueLabeled(label, {
    repo,
    number: issue.number,
    title: issue.title,
    labels: issue.labels.map((each) => each.name),
    assignees: ["octocat"],
    createdAt: issue.created_at,
  });
  const installationId = repo === REPO ? 900 : 901;
  payload.installation = { id: installationId, node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${installationId}` };
  payload.repository.id = github.repo(`${OWNER}/${repo}`).id;
  return payload;
}

async function waitFor<T>(what: string, probe: () => T | undefined | false | null, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false && value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The report the command prints (its log lines, JSON too, carry a level). */
const printedReport = (stdout: string[]) => stdout.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.level === undefined);
const ok = (delivery: HookDeliveryRecord) => delivery.status_code >= 200 && delivery.status_code < 300;
const handledBy = (server: ServerProcess, guid: string) => server.logs().filter((line) => line.id === guid && line.msg === "incident reconciled");
const postmortemsOf = (issue: StoredIssue) =>
  github.issues(FULL_NAME).filter((each) => each.user.type === "Bot" && readMarker(each.body, "summary:start")?.incident === `${FULL_NAME}#${issue.number}`);
const withMarker = (number: number, kind: Parameters<typeof readMarker>[1]) =>
  github.comments(FULL_NAME, number).filter((comment) => comment.user.type === "Bot" && readMarker(comment.body, kind) !== undefined);

describe("shutdown and redelivery, with the server as a process", () => {
  it("SIGTERM during a SEV1: exits within the deadline naming what it cut off; after a restart the failed deliveries are redelivered once and handled once", {
    timeout: 90_000,
  }, async () => {
    const quiet = incident(["bug"], "A label that is not a severity");
    const sev1 = incident(["incident:sev1"], "Checkout API returns 500 for all users");
    const sev3 = incident(["incident:sev3"], "Search is slow", OTHER_REPO);

    // 1. A delivery that succeeds: its event is never redelivered.
    const delivered = await github.hooks.send("issues", labeled("bug", quiet));
    expect(delivered).toMatchObject({ status_code: 200, status: "OK", redelivery: false });

    // 2. A SEV1 whose work is slow: GitHub holds the answer to its postmortem look-up.
    github.failNext("GET", `/repos/${FULL_NAME}/issues`, { delayMs: HOLD_MS }, (request) => request.query.labels === "postmortem");
    const sev1Attempt = github.hooks.send("issues", labeled("incident:sev1", sev1));
    await waitFor("the SEV1's held look-up", () => github.requests.some((request) => request.injected?.startsWith("delay")));

    // 3. SIGTERM. The server stops taking deliveries at once: one sent now fails.
    const signalled = Date.now();
    first.kill("SIGTERM");
    await waitFor("the shutdown to begin", () => first.logs().some((line) => line.msg?.startsWith("shutting down")));
    const whileDown = await github.hooks.send("issues", labeled("incident:sev3", sev3, OTHER_REPO));
    expect(ok(whileDown), `${whileDown.status_code} ${whileDown.status}`).toBe(false);

    // 4. It exits 1 within the deadline (and the moment it gives the logs), naming the delivery it cut off.
    expect(await first.exited).toBe(1);
    const exitedAfter = Date.now() - signalled;
    expect(exitedAfter).toBeLessThan(DEADLINE_MS + 1_000);
    const cut = await sev1Attempt;
    expect(ok(cut), `${cut.status_code} ${cut.status}`).toBe(false);
    const report = first.logs().find((line) => line.msg?.startsWith("shut down with work in flight")) as (LogLine & { cutOff: unknown }) | undefined;
    expect(report?.msg).toBe("shut down with work in flight: cut off 1 delivery");
    expect(report?.cutOff).toEqual([{ id: cut.guid, event: "issues", runningMs: expect.any(Number) }]);
    // Cut off before any write: no postmortem, no comment.
    expect(postmortemsOf(sev1)).toEqual([]);
    expect(github.comments(OTHER_FULL_NAME, sev3.number)).toEqual([]);

    // 5. GitHub lists what it tried, as GitHub's schema says, and only to the app's JWT.
    expect(hookDeliveryProblems(github.hooks.all())).toEqual([]);
    const withToken = await fetch(`${github.baseUrl}/app/hook/deliveries`, { headers: { authorization: "token ghs_standin1" } });
    expect(withToken.status).toBe(401);

    // 6. Restart where GitHub's webhook URL points, and run the redelivery job once.
    restarted = await ServerProcess.start({ gheHost: github.host, port: first.port, env: SERVER_ENV });
    const mark = github.requests.length;
    const run = await runCli(["redeliver"], { gheHost: github.host, app: { appId: "1", privateKey: restarted.privateKey } });
    expect(run.code, run.stderr.join("\n")).toBe(0);
    expect(printedReport(run.stdout)).toEqual({ pages: 1, deliveries: 3, events: 3, succeeded: 1, redelivered: 2, refused: 0 });
    await github.hooks.settled();

    // Each failed event was asked for once, and GitHub delivered it once more, with the same guid.
    const asked = github.requestsSince(mark).filter((request) => request.method === "POST" && request.pathname.startsWith("/app/hook/deliveries/"));
    expect(asked.map((request) => request.pathname).sort()).toEqual([`/app/hook/deliveries/${cut.id}/attempts`, `/app/hook/deliveries/${whileDown.id}/attempts`].sort());
    for (const request of asked) expect(request.authorization).toMatch(/^bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    for (const guid of [cut.guid, whileDown.guid]) {
      const redeliveries = github.hooks.ofGuid(guid).filter((attempt) => attempt.redelivery);
      expect(redeliveries).toHaveLength(1);
      expect(ok(redeliveries[0]!), `${redeliveries[0]!.status_code} ${redeliveries[0]!.status}`).toBe(true);
    }

    // 7. Handled once each, and the work is done: the SEV1's postmortem, checklist and link; the SEV3's notice.
    await waitFor("both redeliveries handled", () => handledBy(restarted!, cut.guid).length > 0 && handledBy(restarted!, whileDown.guid).length > 0);
    expect(handledBy(restarted, cut.guid)).toHaveLength(1);
    expect(handledBy(restarted, whileDown.guid)).toHaveLength(1);
    expect(handledBy(restarted, delivered.guid)).toHaveLength(0);
    expect(restarted.logs().filter((line) => line.level >= 50)).toEqual([]);
    const [postmortem, ...others] = postmortemsOf(sev1);
    expect(others).toEqual([]);
    expect(withMarker(postmortem!.number, "checklist")).toHaveLength(1);
    expect(withMarker(sev1.number, "link")).toHaveLength(1);
    expect(github.comments(OTHER_FULL_NAME, sev3.number).map((comment) => comment.body)).toEqual([expect.stringContaining("A postmortem is optional for SEV3 incidents.")]);

    // 8. A second run (the same job, in this process: a second command line would only add its start-up)
    //    finds nothing to redeliver and asks for nothing.
    const writesBefore = github.requests.filter(isWrite).length;
    const probot = new Probot({ appId: 1, privateKey: restarted.privateKey, baseUrl: github.baseUrl, logLevel: "fatal" });
    const again = await redeliverFailed((await probot.auth()) as Octokit, probot.log);
    expect(again).toEqual({ pages: 1, deliveries: 5, events: 3, succeeded: 3, redelivered: 0, refused: 0 });
    expect(github.requests.filter(isWrite).length).toBe(writesBefore);
    // The stand-in's cursor paging: two a page, newest first, every attempt once.
    const paged = await ((await probot.auth()) as Octokit).paginate("GET /app/hook/deliveries", { per_page: 2 });
    expect(paged.map((delivery) => delivery.id).sort()).toEqual(
      github.hooks
        .all()
        .map((delivery) => delivery.id)
        .sort(),
    );
    const times = paged.map((delivery) => Date.parse(delivery.delivered_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    // 9. Idle, SIGINT (Ctrl-C) takes the same way out, not Probot's own: exit 0, saying all work finished.
    restarted.kill("SIGINT");
    expect(await restarted.exited).toBe(0);
    expect(restarted.logs().map((line) => line.msg)).toContain("shut down: all work in flight finished");
    expect(restarted.stdout).not.toContain("Stopping server...");

    // Every request the app, the server and the command line sent is one of GitHub's REST operations.
    expectValidGitHubRequests(
      github.requests.map((request) => ({ method: request.method, path: request.pathname === "/api/graphql" ? "/graphql" : request.path, body: request.body })),
    );
  });
});
