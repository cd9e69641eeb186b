import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lastCompletePeriod } from "../../src/digest/periods.js";
import { readMarker } from "../../src/domain/markers.js";
import { expectValidGitHubRequests } from "../helpers/github-rest-description.js";
import { issueEdited, issueLabeled, OWNER } from "../helpers/webhook-payloads.js";
import { GitHubStandIn, isWrite, type RecordedRequest, type StoredIssue } from "./github-stand-in.js";
import { runCli, ServerProcess, type DeliveryOptions, type DeliveryResult } from "./server-process.js";

/**
 * Issue #5: the real server (`node --import tsx src/server/main.ts`) as a child process, GitHub
 * replaced by the stand-in over loopback. Every scenario has its own repository, installation
 * and repository id, so the scenarios run at the same time and each reads only its own records.
 *
 * The server's Octokit spaces notification-triggering writes (issues, comments, sub-issues) 3 s
 * apart, and today in one queue per process whatever the installation (see "one installation's
 * writes…"), so a postmortem costs about 6 s of queue. Two server processes share the scenarios:
 * `server`, and `replica` (also the second replica of the race scenarios), which keeps the file
 * under a minute on 2 cores. A scenario waits for its deliveries to end (Probot's answer, or the
 * handler's closing log line after a 202) and then counts exactly what reached the stand-in.
 */

const TEST_TIMEOUT = 60_000;
const HOUR = 3_600_000;
/** The app's own log messages (the handlers' summaries, and the rate-limit warnings it adds). */
const APP_MESSAGES = [/^incident reconciled$/, /^postmortem reconciled$/, /^postmortem command handled$/, /^config checked$/, /rate limit on /i];
/** The last line a handler logs: the delivery's work is done. */
const DONE_MESSAGES = new Set(["incident reconciled", "postmortem reconciled", "postmortem command handled", "config checked"]);

let github: GitHubStandIn;
let server: ServerProcess;
let replica: ServerProcess;
/** Every delivery id sent with a valid signature, by server. */
const delivered = new Map<ServerProcess, Set<string>>();

beforeAll(async () => {
  github = await new GitHubStandIn().start();
  [server, replica] = await Promise.all([ServerProcess.start({ gheHost: github.host }), ServerProcess.start({ gheHost: github.host })]);
  delivered.set(server, new Set()).set(replica, new Set());
}, 60_000);

afterAll(async () => {
  await Promise.all([server?.stop(), replica?.stop()]);
  await github?.stop();
});

async function send(target: ServerProcess, name: string, payload: unknown, options: DeliveryOptions = {}): Promise<DeliveryResult> {
  const result = await target.deliver(name, payload, options);
  if (options.secret === undefined && options.signature === undefined) delivered.get(target)!.add(result.id);
  return result;
}

async function waitFor<T>(what: string, probe: () => T | undefined | false | null, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false && value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Resolves when a delivery's handlers are done: Probot answered 200 (it answers when they end),
 * or it answered 202 "still processing" after 9 s and the app has since logged its summary line,
 * or Probot logged the delivery's failure.
 */
async function finished(target: ServerProcess, result: DeliveryResult): Promise<void> {
  expect([200, 202, 500], `delivery ${result.id} answered ${result.status} ${result.text}`).toContain(result.status);
  if (result.status === 200) return;
  await waitFor(`delivery ${result.id} to finish`, () =>
    target.logs().some((line) => line.id === result.id && ((line.msg !== undefined && DONE_MESSAGES.has(line.msg)) || line.level >= 50)),
  );
}

/** Log lines of one delivery at error level or above (a handler threw). */
function failuresOf(target: ServerProcess, id: string): string[] {
  return target
    .logs()
    .filter((line) => line.id === id && line.level >= 50)
    .map((line) => `${line.msg ?? ""} ${JSON.stringify(line.err ?? {}).slice(0, 400)}`);
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

let scenarios = 0;

/** A repository of its own, an installation of its own, and the payloads and records of both. */
function scenario(name: string) {
  const index = ++scenarios;
  const repo = `e2e-${name}`;
  const fullName = `${OWNER}/${repo}`;
  const installationId = 100 + index;
  const repositoryId = 500_000 + index;
  const own = (payload: Record<string, any>): Record<string, any> => {
    payload.installation = { id: installationId, node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${installationId}` };
    payload.repository.id = repositoryId;
    return payload;
  };
  const mine = (request: RecordedRequest) =>
    request.pathname === `/repos/${fullName}` || request.pathname.startsWith(`/repos/${fullName}/`) || request.pathname === `/app/installations/${installationId}/access_tokens`;
  const postmortemsOf = (incident: StoredIssue) =>
    github.issues(fullName).filter((issue) => issue.user.type === "Bot" && readMarker(issue.body, "summary:start")?.incident === `${fullName}#${incident.number}`);
  return {
    repo,
    fullName,
    installationId,
    own,
    /** An incident a person opened an hour ago, already carrying `labels`. */
    incident(labels: string[], title = `Checkout API returns 500 for all users (${name})`): StoredIssue {
      return github.seedIssue(fullName, { title, labels, assignees: ["octocat"], createdAt: new Date(Date.now() - HOUR).toISOString() });
    },
    /** `issues.labeled` for an incident as GitHub sends it: the label just added is on the issue. */
    labeled(label: string, incident: StoredIssue): Record<string, any> {
      return own(
        issueLabeled(label, {
          repo,
          number: incident.number,
          title: incident.title,
          labels: incident.labels.map((each) => each.name),
          assignees: incident.assignees.map((assignee) => assignee.login),
          createdAt: incident.created_at,
        }),
      );
    },
    requests: () => github.requests.filter(mine),
    calls: () => github.requests.filter(mine).map((request) => `${request.method} ${request.pathname}`),
    writes: () => github.requests.filter(mine).filter(isWrite),
    postmortemsOf,
    comments: (number: number) => github.comments(fullName, number),
  };
}

const LINK = (fullName: string, number: number) => (comment: { body: string; user: { type: string } }) =>
  comment.user.type === "Bot" && readMarker(comment.body, "link")?.postmortem === `${fullName}#${number}`;
const hasMarker = (kind: Parameters<typeof readMarker>[1]) => (comment: { body: string; user: { type: string } }) =>
  comment.user.type === "Bot" && readMarker(comment.body, kind) !== undefined;

describe("postmortem-bot as a server, against a GitHub stand-in", () => {
  describe.concurrent("deliveries and jobs", () => {
    const sev1 = scenario("sev1");
    const opened = deferred<StoredIssue>();

    it("a SEV1 label opens the postmortem, posts its checklist and links it from the incident", { timeout: TEST_TIMEOUT }, async () => {
      try {
        const incident = sev1.incident(["incident:sev1"]);
        const result = await send(server, "issues", sev1.labeled("incident:sev1", incident));
        await finished(server, result);
        expect(failuresOf(server, result.id)).toEqual([]);

        const postmortems = sev1.postmortemsOf(incident);
        expect(postmortems).toHaveLength(1);
        const postmortem = postmortems[0]!;
        expect(postmortem).toMatchObject({ title: `Postmortem: ${incident.title}`, state: "open", user: { login: "postmortem-bot[bot]", type: "Bot" } });
        expect(postmortem.labels.map((label) => label.name)).toEqual(["postmortem"]);
        expect(postmortem.assignees).toEqual([{ login: "octocat" }]);
        expect(readMarker(postmortem.body, "summary:start")).toMatchObject({ incident: `${sev1.fullName}#${incident.number}`, severity: "SEV1", resolvedAt: null });
        expect(postmortem.body).toContain("| Action | Type | Owner | Priority | Due | Issue |");

        const onPostmortem = sev1.comments(postmortem.number);
        expect(onPostmortem).toHaveLength(1);
        expect(onPostmortem[0]!.body).toContain("- [ ] Root cause identified and agreed upon");
        expect(hasMarker("checklist")(onPostmortem[0]!)).toBe(true);
        const onIncident = sev1.comments(incident.number);
        expect(onIncident).toHaveLength(1);
        expect(LINK(sev1.fullName, postmortem.number)(onIncident[0]!)).toBe(true);
        expect(onIncident[0]!.body).toContain(`📝 The postmortem for this SEV1 incident is #${postmortem.number}.`);

        // Exactly three writes (the issue, the checklist, the link), each once.
        expect(sev1.writes().map((request) => `${request.method} ${request.pathname}`)).toEqual([
          `POST /repos/${sev1.fullName}/issues`,
          `POST /repos/${sev1.fullName}/issues/${postmortem.number}/comments`,
          `POST /repos/${sev1.fullName}/issues/${incident.number}/comments`,
        ]);
        // As a GitHub App: one installation token from the app's JWT, then every call with that token.
        const [exchange, ...calls] = sev1.requests();
        expect(exchange).toMatchObject({ method: "POST", pathname: `/app/installations/${sev1.installationId}/access_tokens` });
        expect(exchange!.authorization).toMatch(/^bearer [\w-]+\.[\w-]+\.[\w-]+$/);
        for (const call of calls) expect(call.authorization).toMatch(/^token ghs_standin\d+$/);
        opened.resolve(postmortem);
      } catch (error) {
        opened.reject(error);
        throw error;
      }
    });

    it("a 502 on creating the postmortem, then success: one postmortem, one checklist, one link", { timeout: TEST_TIMEOUT }, async () => {
      const s = scenario("bad-gateway");
      const incident = s.incident(["incident:sev1"]);
      github.failNext("POST", `/repos/${s.fullName}/issues`, { status: 502, body: { message: "Server Error" } });

      const result = await send(replica, "issues", s.labeled("incident:sev1", incident));
      await finished(replica, result);

      expect(failuresOf(replica, result.id)).toEqual([]);
      const creations = s.requests().filter((request) => request.method === "POST" && request.pathname === `/repos/${s.fullName}/issues`);
      expect(creations.map((request) => request.status)).toEqual([502, 201]);
      expect(s.postmortemsOf(incident)).toHaveLength(1);
      const [postmortem] = s.postmortemsOf(incident);
      expect(s.comments(postmortem!.number).filter(hasMarker("checklist"))).toHaveLength(1);
      expect(s.comments(incident.number)).toHaveLength(1);
      expect(s.comments(incident.number).filter(LINK(s.fullName, postmortem!.number))).toHaveLength(1);
    });

    it("GitHub creates the postmortem but its answer is lost (502): still exactly one postmortem, checklist and link", { timeout: TEST_TIMEOUT }, async () => {
      const s = scenario("lost-answer");
      const incident = s.incident(["incident:sev1"]);
      github.failNext("POST", `/repos/${s.fullName}/issues`, { status: 502, apply: true, body: { message: "Server Error" } });

      const result = await send(replica, "issues", s.labeled("incident:sev1", incident));
      await finished(replica, result);

      expect(failuresOf(replica, result.id)).toEqual([]);
      // The first POST did create an issue: a second one would be a duplicate postmortem.
      expect(
        github
          .issues(s.fullName)
          .filter((issue) => issue.user.type === "Bot")
          .map((issue) => issue.number),
      ).toHaveLength(1);
      const [postmortem] = s.postmortemsOf(incident);
      expect(postmortem).toMatchObject({ state: "open" });
      expect(s.comments(postmortem!.number).filter(hasMarker("checklist"))).toHaveLength(1);
      expect(s.comments(postmortem!.number)).toHaveLength(1);
      expect(s.comments(incident.number)).toHaveLength(1);
      expect(s.comments(incident.number).filter(LINK(s.fullName, postmortem!.number))).toHaveLength(1);
    });

    it("an answer delayed past the client's timeout (GitHub did create the postmortem) is retried, and the work is done once", { timeout: TEST_TIMEOUT }, async () => {
      const s = scenario("slow-answer");
      const incident = s.incident(["incident:sev1"]);
      // GITHUB_REQUEST_TIMEOUT_MS is 2000 for the server: this answer comes a second after it gave up.
      github.failNext("POST", `/repos/${s.fullName}/issues`, { delayMs: 3_000 });

      const result = await send(replica, "issues", s.labeled("incident:sev1", incident));
      await finished(replica, result);

      expect(failuresOf(replica, result.id)).toEqual([]);
      const creation = s.requests().find((request) => request.injected?.startsWith("delay"));
      expect(creation, "the delayed creation was sent").toBeDefined();
      // The app noticed the timeout and carried on: something was asked of GitHub after the delayed request.
      expect(s.requests().filter((request) => request.time > creation!.time + 1_500).length).toBeGreaterThan(0);
      expect(github.issues(s.fullName).filter((issue) => issue.user.type === "Bot")).toHaveLength(1);
      const [postmortem] = s.postmortemsOf(incident);
      expect(s.comments(postmortem!.number).filter(hasMarker("checklist"))).toHaveLength(1);
      expect(s.comments(incident.number)).toHaveLength(1);
      expect(s.comments(incident.number).filter(LINK(s.fullName, postmortem!.number))).toHaveLength(1);
    });

    it("identical deliveries at the same moment (two to one server, one to a second replica) end with one open postmortem", { timeout: TEST_TIMEOUT }, async () => {
      const s = scenario("replicas");
      const incident = s.incident(["incident:sev1"]);
      const payload = s.labeled("incident:sev1", incident);

      const results = await Promise.all([send(server, "issues", payload), send(server, "issues", payload), send(replica, "issues", payload)]);
      await Promise.all([finished(server, results[0]!), finished(server, results[1]!), finished(replica, results[2]!)]);

      expect([...failuresOf(server, results[0]!.id), ...failuresOf(server, results[1]!.id), ...failuresOf(replica, results[2]!.id)]).toEqual([]);
      const postmortems = s.postmortemsOf(incident);
      const open = postmortems.filter((issue) => issue.state === "open");
      expect(open).toHaveLength(1);
      const kept = open[0]!;
      for (const duplicate of postmortems.filter((issue) => issue !== kept)) {
        expect(duplicate).toMatchObject({ state: "closed", state_reason: "duplicate" });
        expect(duplicate.number).toBeGreaterThan(kept.number);
        const notes = s.comments(duplicate.number);
        expect(notes).toHaveLength(1);
        expect(notes[0]!.body).toContain(`duplicate of #${kept.number}`);
      }
      expect(s.comments(kept.number)).toHaveLength(1);
      expect(s.comments(kept.number).filter(hasMarker("checklist"))).toHaveLength(1);
      expect(s.comments(incident.number)).toHaveLength(1);
      expect(s.comments(incident.number).filter(LINK(s.fullName, kept.number))).toHaveLength(1);
    });

    it("an edit adding rows to the postmortem's action items table files them, links them and writes their numbers back", { timeout: TEST_TIMEOUT }, async () => {
      const postmortem = await opened.promise.catch(() => {
        throw new Error("needs the postmortem of the SEV1 scenario, which failed");
      });
      const before = postmortem.body ?? "";
      const placeholder = "| _Describe a specific, measurable action_ | prevention | @owner | P1 | | |";
      expect(before).toContain(placeholder);
      const rows = ["| Add an alert on checkout 5xx rate | detection | @dana | P1 | | |", "| Raise the DB pool limit | prevention | @bob | P0 | 2026-12-31 | |"];
      const after = before.replace(placeholder, [placeholder, ...rows].join("\n"));
      // The person's edit, as GitHub stores it and then sends it.
      const edited = github.editIssue(sev1.fullName, postmortem.number, { body: after });
      const mark = sev1.requests().length;
      const payload = sev1.own(
        issueEdited(before, {
          repo: sev1.repo,
          number: postmortem.number,
          title: postmortem.title,
          body: after,
          labels: ["postmortem"],
          authorType: "Bot",
          createdAt: edited.created_at,
        }),
      );

      const result = await send(server, "issues", payload);
      await finished(server, result);

      expect(failuresOf(server, result.id)).toEqual([]);
      const items = github.issues(sev1.fullName).filter((issue) => issue.labels.some((label) => label.name === "action-item"));
      expect(items.map((item) => [item.title, item.labels.map((label) => label.name), item.assignees.map((assignee) => assignee.login), item.state])).toEqual([
        ["Add an alert on checkout 5xx rate", ["action-item", "priority:P1", "type:detection"], ["dana"], "open"],
        ["Raise the DB pool limit", ["action-item", "priority:P0", "type:prevention"], ["bob"], "open"],
      ]);
      const [alert, pool] = items as [StoredIssue, StoredIssue];
      // Linked as sub-issues of the postmortem, each once.
      const links = sev1
        .requests()
        .slice(mark)
        .filter((request) => request.method === "POST" && request.pathname.endsWith(`/issues/${postmortem.number}/sub_issues`));
      expect(links.map((request) => (request.body as { sub_issue_id: number }).sub_issue_id)).toEqual([alert.id, pool.id]);
      // Numbers (and the derived due date) written back into the rows; the rest of the body as the person left it.
      const written = github.issue(sev1.fullName, postmortem.number)!.body ?? "";
      const due = new RegExp(`\\| Add an alert on checkout 5xx rate \\| detection \\| @dana \\| P1 \\| (\\d{4}-\\d{2}-\\d{2}) \\| #${alert.number} \\|`).exec(written)?.[1];
      expect(due, written).toBeDefined();
      expect(written).toBe(
        after
          .replace(rows[0]!, `| Add an alert on checkout 5xx rate | detection | @dana | P1 | ${due} | #${alert.number} |`)
          .replace(rows[1]!, `| Raise the DB pool limit | prevention | @bob | P0 | 2026-12-31 | #${pool.number} |`),
      );
      const filing = sev1.comments(postmortem.number).filter((comment) => comment.body.includes("Filed 2 action items"));
      expect(filing).toHaveLength(1);
      expect(filing[0]!.body).toContain(`#${alert.number} P1`);
      expect(filing[0]!.body).toContain(`#${pool.number} P0, due 2026-12-31, @bob`);
      // Writes of this edit: two issues, two links, one body update, one comment; nothing twice.
      expect(
        sev1
          .requests()
          .slice(mark)
          .filter(isWrite)
          .map((request) => `${request.method} ${request.pathname}`),
      ).toEqual([
        `POST /repos/${sev1.fullName}/issues`,
        `POST /repos/${sev1.fullName}/issues/${postmortem.number}/sub_issues`,
        `POST /repos/${sev1.fullName}/issues`,
        `POST /repos/${sev1.fullName}/issues/${postmortem.number}/sub_issues`,
        `PATCH /repos/${sev1.fullName}/issues/${postmortem.number}`,
        `POST /repos/${sev1.fullName}/issues/${postmortem.number}/comments`,
      ]);
    });

    it("a secondary rate limit (403, retry-after: 1) on a comment is waited out and the comment posted once", { timeout: TEST_TIMEOUT }, async () => {
      const s = scenario("secondary-limit");
      const incident = s.incident(["incident:sev3"]);
      github.failNext("POST", `/repos/${s.fullName}/issues/${incident.number}/comments`, {
        status: 403,
        headers: { "retry-after": "1", "x-ratelimit-remaining": "4000" },
        body: {
          message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
          documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
        },
      });

      const result = await send(server, "issues", s.labeled("incident:sev3", incident));
      await finished(server, result);

      expect(failuresOf(server, result.id)).toEqual([]);
      const posts = s.requests().filter((request) => request.method === "POST" && request.pathname === `/repos/${s.fullName}/issues/${incident.number}/comments`);
      expect(posts.map((request) => request.status)).toEqual([403, 201]);
      expect(posts[1]!.time - posts[0]!.answeredAt!).toBeGreaterThanOrEqual(950);
      const comments = s.comments(incident.number);
      expect(comments).toHaveLength(1);
      expect(comments[0]!.body).toContain("A postmortem is optional for SEV3 incidents.");
      expect(server.logs().some((line) => /Secondary rate limit on POST/.test(line.msg ?? ""))).toBe(true);
    });

    it("one installation's writes are not held behind another installation's queued writes", { timeout: TEST_TIMEOUT }, async () => {
      const s = scenario("other-installation");
      // Wait until the other scenarios keep this server's writes busy (their postmortems are being opened).
      await waitFor("other installations writing", () =>
        github.requests.some((request) => request.method === "POST" && /^\/repos\/[^/]+\/e2e-(sev1|replicas)\/issues$/.test(request.pathname)),
      );
      const incident = s.incident(["incident:sev3"]);
      const started = Date.now();
      const result = await send(server, "issues", s.labeled("incident:sev3", incident));
      await finished(server, result);

      const notice = s.requests().find((request) => request.method === "POST" && request.pathname === `/repos/${s.fullName}/issues/${incident.number}/comments`);
      expect(notice, "the optional notice was posted").toBeDefined();
      // Its own first write: nothing of this installation is queued before it, so it goes at once
      // (the 3 s spacing of notification-triggering writes is GitHub's limit per installation).
      expect(notice!.time - started).toBeLessThan(2_500);
    });

    it("a delivery with a missing or a wrong signature is refused (4xx) and costs GitHub nothing", { timeout: TEST_TIMEOUT }, async () => {
      const s = scenario("unsigned");
      const incident = s.incident(["incident:sev1"]);
      const payload = s.labeled("incident:sev1", incident);
      const before = github.requests.length;

      const unsigned = await send(server, "issues", payload, { signature: null });
      const forged = await send(server, "issues", payload, { secret: "not-the-secret" });
      const garbled = await send(server, "issues", payload, { signature: "sha256=0000" });

      for (const answer of [unsigned, forged, garbled]) {
        expect(answer.status, answer.text).toBeGreaterThanOrEqual(400);
        expect(answer.status, answer.text).toBeLessThan(500);
      }
      // Whatever else runs meanwhile, nothing reached GitHub for this repository or installation.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(s.requests()).toEqual([]);
      expect(github.requestsSince(before).filter((request) => request.pathname === `/app/installations/${s.installationId}/access_tokens`)).toEqual([]);
      expect(server.running).toBe(true);
    });

    it("malformed JSON and truncated payloads are refused or logged, the server stays up, and the next delivery is served", { timeout: TEST_TIMEOUT }, async () => {
      const s = scenario("malformed");
      const incident = s.incident(["bug"]);
      const payload = s.labeled("bug", incident);
      const json = JSON.stringify(payload);

      const notJson = await send(server, "issues", undefined, { rawBody: "{ this is not json" });
      expect(notJson.status, notJson.text).toBeGreaterThanOrEqual(400);
      expect(notJson.status).toBeLessThan(500);
      const cut = await send(server, "issues", undefined, { rawBody: json.slice(0, Math.floor(json.length / 2)) });
      expect(cut.status, cut.text).toBeGreaterThanOrEqual(400);
      expect(cut.status).toBeLessThan(500);
      // Valid JSON, signed, but with most of the event missing (no issue, no repository).
      const hollow = await send(server, "issues", { action: "labeled", installation: payload.installation, label: payload.label });
      // The log line may land a moment after the answer: wait for it.
      if (hollow.status >= 500)
        await expect.poll(() => failuresOf(server, hollow.id).length, { timeout: 5_000, message: "a 5xx answer is logged with its delivery id" }).toBeGreaterThan(0);
      else expect(hollow.status, hollow.text).toBeLessThan(500);
      expect(server.running).toBe(true);

      const valid = await send(server, "issues", payload);
      expect(valid.status, valid.text).toBe(200);
      // A label that is not a severity: the configuration is read (repository, then the owner's .github), nothing written.
      expect(s.calls()).toContain(`GET /repos/${s.fullName}/contents/.github/postmortem.yml`);
      expect(s.writes()).toEqual([]);
      expect(server.running).toBe(true);
    });

    it("the digest job (command line, with a token) posts the week's digest once", { timeout: TEST_TIMEOUT }, async () => {
      const s = scenario("digest");
      const now = new Date();
      const period = lastCompletePeriod("weekly", now, "UTC");
      const start = Date.parse(period.start);
      const first = github.seedIssue(s.fullName, {
        title: "Checkout returns 500",
        labels: ["incident:sev1"],
        createdAt: new Date(start + 26 * HOUR).toISOString(),
        closedAt: new Date(start + 28 * HOUR).toISOString(),
      });
      const second = github.seedIssue(s.fullName, { title: "Search is slow", labels: ["incident:sev2"], createdAt: new Date(start + 50 * HOUR).toISOString() });
      github.seedIssue(s.fullName, {
        title: "Older outage",
        labels: ["incident:sev2"],
        createdAt: new Date(start - 10 * 24 * HOUR).toISOString(),
        closedAt: new Date(start - 9 * 24 * HOUR).toISOString(),
      });

      const run = await runCli(["digest", "--repo", s.fullName, "--period", "weekly"], { gheHost: github.host });
      expect(run.code, run.stderr.join("\n")).toBe(0);
      const digests = github.issues(s.fullName).filter((issue) => issue.labels.some((label) => label.name === "digest"));
      expect(digests).toHaveLength(1);
      const digest = digests[0]!;
      expect(digest.title).toBe(`Incident digest: ${period.label}`);
      expect(digest.labels.map((label) => label.name)).toEqual(["digest", "digest:weekly"]);
      expect(readMarker(digest.body, "digest")).toEqual({ kind: "weekly", period: period.id });
      expect(digest.body).toContain(`**Opened in ${period.label}** (2)`);
      expect(digest.body).toContain(`(\`${s.fullName}#${first.number}\`) — SEV1, resolved`);
      expect(digest.body).toContain(`(\`${s.fullName}#${second.number}\`) — SEV2, open`);
      expect(run.stdout.map((line) => JSON.parse(line) as unknown)).toContainEqual({ repository: s.fullName, outcome: "posted", digest: `${s.fullName}#${digest.number}` });
      // Read through the repository's issue lists (no search and its 1,000-result cap), every document checked by the stand-in.
      expect(github.searchQueries).toEqual([]);
      expect(
        github.requests.some(
          (request) =>
            request.pathname === "/api/graphql" &&
            String((request.body as { query?: string }).query).includes(`repository(owner: "${s.fullName.split("/")[0]}", name: "${s.fullName.split("/")[1]}")`),
        ),
      ).toBe(true);
      expect(s.writes().map((request) => `${request.method} ${request.pathname}`)).toEqual([`POST /repos/${s.fullName}/issues`]);

      // Run again: the period's digest is found, nothing is posted.
      const again = await runCli(["digest", "--repo", s.fullName, "--period", "weekly"], { gheHost: github.host });
      expect(again.code, again.stderr.join("\n")).toBe(0);
      expect(again.stdout.map((line) => JSON.parse(line) as unknown)).toContainEqual({ repository: s.fullName, outcome: "exists", digest: `${s.fullName}#${digest.number}` });
      expect(s.writes()).toHaveLength(1);
    });
  });

  // Alone, after the rest: the two replicas must be idle for their creations to meet.
  describe("a race with a failure in it", () => {
    it("replicas racing while one's creation fails (5xx) and the other's succeeds: one postmortem, one checklist, one link", { timeout: TEST_TIMEOUT }, async () => {
      // Both replicas' write queues idle, so their creations reach GitHub together, as they would unthrottled.
      await new Promise((resolve) => setTimeout(resolve, 3_100));
      const s = scenario("replicas-bad-gateway");
      const incident = s.incident(["incident:sev1"]);
      const payload = s.labeled("incident:sev1", incident);
      // Whichever replica's creation arrives first gets a 502 (nothing created), answered once the other's has been created.
      const othersCreated = () => s.requests().some((request) => request.method === "POST" && request.pathname === `/repos/${s.fullName}/issues` && request.status === 201);
      github.failNext("POST", `/repos/${s.fullName}/issues`, { status: 502, body: { message: "Server Error" }, holdUntil: othersCreated });

      const results = await Promise.all([send(server, "issues", payload), send(replica, "issues", payload)]);
      await Promise.all([finished(server, results[0]!), finished(replica, results[1]!)]);

      expect([...failuresOf(server, results[0]!.id), ...failuresOf(replica, results[1]!.id)]).toEqual([]);
      const open = s.postmortemsOf(incident).filter((issue) => issue.state === "open");
      expect(open).toHaveLength(1);
      const kept = open[0]!;
      expect(s.comments(kept.number).filter(hasMarker("checklist"))).toHaveLength(1);
      expect(s.comments(incident.number).filter(hasMarker("link"))).toHaveLength(1);
      expect(s.comments(incident.number).filter(LINK(s.fullName, kept.number))).toHaveLength(1);
    });
  });

  describe("after every scenario", () => {
    it("every log line carrying the app's own messages names its delivery", () => {
      for (const [target, ids] of delivered) {
        const own = target.logs().filter((line) => APP_MESSAGES.some((message) => message.test(line.msg ?? "")));
        expect(own.length).toBeGreaterThan(0);
        const unnamed = own.filter((line) => typeof line.id !== "string" || !ids.has(line.id));
        expect(unnamed.map((line) => `${line.name ?? ""}: ${line.msg ?? ""}`)).toEqual([]);
      }
    });

    it("the servers stayed up, and every request they sent is an operation of GitHub's REST description", { timeout: TEST_TIMEOUT }, () => {
      expect(server.running && replica.running).toBe(true);
      expect(github.pendingFailures()).toEqual([]);
      const rest = github.requests.map((request) => ({ method: request.method, path: request.pathname === "/api/graphql" ? "/graphql" : request.path, body: request.body }));
      expectValidGitHubRequests(rest);
      // Nothing the stand-in does not know was asked for.
      expect(github.requests.filter((request) => request.status === 404 && !/\/contents\//.test(request.pathname)).map((request) => `${request.method} ${request.path}`)).toEqual(
        [],
      );
    });
  });
});
// E2E_TRACE=1: print every request the stand-in received and the servers' log lines (for a failing scenario).
afterAll(() => {
  if (!process.env.E2E_TRACE) return;
  const t0 = github.requests[0]?.time ?? 0;
  for (const request of github.requests)
    console.log(`${request.time - t0}\t${request.method} ${request.path} -> ${request.status}${request.injected ? ` [${request.injected}]` : ""}`);
  for (const target of [server, replica]) for (const line of target.logs()) if (line.name !== "http" || line.level >= 40) console.log(JSON.stringify(line).slice(0, 600));
});
