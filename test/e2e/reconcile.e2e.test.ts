import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readActionItemRecord } from "../../src/action-items/action-item-body.js";
import { findActionTable } from "../../src/action-items/action-table.js";
import { readActionRows } from "../../src/action-items/read-rows.js";
import { readMarker } from "../../src/domain/markers.js";
import { expectValidGitHubRequests } from "../helpers/github-rest-description.js";
import { GitHubStandIn, isWrite, type StoredIssue } from "./github-stand-in.js";
import { issueEdited, OWNER } from "../helpers/webhook-payloads.js";
import { runCli, ServerProcess } from "./server-process.js";

/**
 * Issue #9: what happened while the app was not running is caught up by one reconcile (the
 * command line, with a token, against the stand-in), and a second reconcile writes nothing.
 */

const HOUR = 3_600_000;
const TIMEOUT = 120_000;
let github: GitHubStandIn;

beforeAll(async () => {
  github = await new GitHubStandIn().start();
});
afterAll(async () => {
  await github?.stop();
});

const reconcile = (repo: string) => runCli(["reconcile", "--repo", repo], { gheHost: github.host, timeoutMs: 90_000, env: { LOG_LEVEL: "warn" } });
const isApp = (issue: StoredIssue) => issue.user.type === "Bot";
const postmortemOf = (repo: string, incident: number) =>
  github.issues(repo).filter((issue) => isApp(issue) && readMarker(issue.body, "summary:start")?.incident === `${repo}#${incident}`);
const itemsOf = (repo: string) => github.issues(repo).filter((issue) => isApp(issue) && readActionItemRecord(issue.body));
const rowsOf = (repo: string, postmortem: StoredIssue) => {
  const body = github.issue(repo, postmortem.number)!.body ?? "";
  const [owner, name] = repo.split("/") as [string, string];
  return readActionRows(findActionTable(body)!, { owner, repo: name }).filter((row) => !row.row.placeholder);
};
/** Adds rows to the postmortem's action items table, as a person would. */
function addRows(repo: string, postmortem: StoredIssue, rows: string[]): void {
  const body = github.issue(repo, postmortem.number)!.body ?? "";
  const table = findActionTable(body)!;
  github.editIssue(repo, postmortem.number, { body: `${body.slice(0, table.end)}\n${rows.join("\n")}${body.slice(table.end)}` });
}

describe("catch-up after the app was down", () => {
  it("an incident labelled, a table edited and an action item closed while nothing ran are all brought in step; a second reconcile writes nothing", {
    timeout: TIMEOUT,
  }, async () => {
    const repo = "acme/catch-up";
    github.setPermission(repo, "alice", "write");
    // Before: incident #1 with its postmortem and one filed action item, all made by reconciles.
    const first = github.seedIssue(repo, { title: "Checkout down", labels: ["incident:sev1"], createdAt: new Date(Date.now() - 3 * HOUR).toISOString() });
    expect((await reconcile(repo)).code).toBe(0);
    const [postmortem] = postmortemOf(repo, first.number);
    expect(postmortem).toBeDefined();
    addRows(repo, postmortem!, ["| Raise the pool limit | prevention | @alice | P1 | | |"]);
    expect((await reconcile(repo)).code).toBe(0);
    const [item] = itemsOf(repo);
    expect(item).toBeDefined();

    // While the app is down: a new SEV1, a row typed into the table, the item closed by hand.
    const second = github.seedIssue(repo, { title: "Search down", labels: ["incident:sev1"], createdAt: new Date(Date.now() - HOUR).toISOString() });
    addRows(repo, postmortem!, ["| Alert on pool saturation | detection | @alice | P2 | | |"]);
    Object.assign(github.issue(repo, item!.number)!, { state: "closed", state_reason: "completed", closed_at: new Date().toISOString(), updated_at: new Date().toISOString() });

    const from = github.requests.length;
    const run = await reconcile(repo);
    expect(run.code, run.stderr.join("\n")).toBe(0);

    const [opened] = postmortemOf(repo, second.number);
    expect(opened).toBeDefined();
    expect(github.comments(repo, opened!.number).filter((comment) => readMarker(comment.body, "checklist"))).toHaveLength(1);
    expect(github.comments(repo, second.number).filter((comment) => readMarker(comment.body, "link")?.postmortem === `${repo}#${opened!.number}`)).toHaveLength(1);
    const items = itemsOf(repo);
    expect(items).toHaveLength(2);
    const rows = rowsOf(repo, postmortem!);
    expect(rows.map((row) => [row.action, row.issue?.number])).toEqual([
      ["Raise the pool limit", item!.number],
      ["Alert on pool saturation", items.find((other) => other.number !== item!.number)!.number],
    ]);
    expect(rows[0]!.row.cells.status?.text).toBe("done");
    expect(github.issue(repo, postmortem!.number)!.sub_issue_ids).toHaveLength(2);
    expectValidGitHubRequests(github.requestsSince(from).map((request) => ({ method: request.method, path: request.path.replace(/^\/api\/v3/, ""), body: request.body })));

    // In step: the next reconcile only reads, a page at a time, not an object at a time.
    const quiet = github.requests.length;
    expect((await reconcile(repo)).code).toBe(0);
    expect(github.requestsSince(quiet).filter(isWrite)).toEqual([]);
    expect(github.requestsSince(quiet).map((request) => `${request.method} ${request.pathname}${request.pathname.endsWith("/issues") ? ` ${request.query.labels}` : ""}`)).toEqual([
      `GET /repos/${repo}/contents/.github/postmortem.yml`,
      "GET /repos/acme/.github/contents/.github/postmortem.yml",
      // The incidents changed in the window, severity by severity, and the open postmortems.
      ...["incident:sev1", "incident:sev2", "incident:sev3", "incident:sev4", "postmortem"].map((label) => `GET /repos/${repo}/issues ${label}`),
      `GET /repos/${repo}`,
      // The incidents with their comments (25 to a request), the postmortems changed in the window,
      "POST /api/graphql",
      `GET /repos/${repo}/issues postmortem`,
      // the open postmortems with their comments, and the action items (open, and changed in the window).
      "POST /api/graphql",
      `GET /repos/${repo}/issues action-item`,
      `GET /repos/${repo}/issues action-item`,
    ]);
    expect(postmortemOf(repo, first.number)).toHaveLength(1);
    expect(postmortemOf(repo, second.number)).toHaveLength(1);
  });
});

describe("work cut off by a crash", () => {
  it("the server killed (SIGKILL) while filing 20 action items: after a restart and one reconcile all 20 are filed, written back and linked, none twice", {
    timeout: TIMEOUT,
  }, async () => {
    const name = "e2e-sigkill";
    const repo = `${OWNER}/${name}`;
    const incident = github.seedIssue(repo, { title: "Payments down", labels: ["incident:sev1"], createdAt: new Date(Date.now() - 2 * HOUR).toISOString() });
    expect((await reconcile(repo)).code).toBe(0);
    const [postmortem] = postmortemOf(repo, incident.number);
    const before = github.issue(repo, postmortem!.number)!.body ?? "";
    const rows = Array.from({ length: 20 }, (_, index) => `| Fix number ${index + 1} | prevention | @alice | P2 | | | |`);
    addRows(repo, postmortem!, rows);
    const after = github.issue(repo, postmortem!.number)!;

    const server = await ServerProcess.start({ gheHost: github.host });
    try {
      const payload = issueEdited(before, {
        repo: name,
        number: after.number,
        title: after.title,
        body: after.body,
        labels: ["postmortem"],
        authorType: "Bot",
        createdAt: after.created_at,
      });
      payload.installation = { id: 700, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNzAw" };
      // Its answer never comes: the server dies mid-work.
      const delivery = server.deliver("issues", payload).catch(() => undefined);
      const deadline = Date.now() + 60_000;
      while (itemsOf(repo).length < 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      server.kill("SIGKILL");
      await server.exited;
      await delivery;
    } finally {
      await server.stop();
    }
    const filedBeforeTheCrash = itemsOf(repo).length;
    expect(filedBeforeTheCrash).toBeGreaterThanOrEqual(5);
    expect(filedBeforeTheCrash).toBeLessThan(20);

    const run = await reconcile(repo);
    expect(run.code, run.stderr.join("\n")).toBe(0);

    const open = itemsOf(repo).filter((item) => item.state === "open");
    expect(open).toHaveLength(20);
    expect(new Set(open.map((item) => readActionItemRecord(item.body)!.key)).size).toBe(20);
    const filedRows = rowsOf(repo, postmortem!);
    expect(filedRows.map((row) => row.action)).toEqual(rows.map((_, index) => `Fix number ${index + 1}`));
    expect(filedRows.map((row) => row.issue?.number).sort((a, b) => a! - b!)).toEqual(open.map((item) => item.number).sort((a, b) => a - b));
    expect(new Set(github.issue(repo, postmortem!.number)!.sub_issue_ids)).toEqual(new Set(open.map((item) => item.id)));

    const quiet = github.requests.length;
    expect((await reconcile(repo)).code).toBe(0);
    expect(github.requestsSince(quiet).filter(isWrite)).toEqual([]);
  });
});
