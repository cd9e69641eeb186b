import { generateKeyPairSync } from "node:crypto";
import nock from "nock";
import { Probot, type Logger } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Octokit } from "../../src/github/github-client.js";
import { redeliverFailed } from "../../src/jobs/redeliver-failed.js";
import { expectValidGitHubRequests, type RecordedRequest } from "../helpers/github-rest-description.js";
import { describeRequests, GITHUB_API, recordingOctokit } from "../helpers/probot-harness.js";
import { hookDelivery, hookDeliveryProblems } from "./hook-deliveries.js";

const NOW = new Date("2026-12-10T12:00:00Z");
const DAY_MINUTES = 24 * 60;
const JWT = /^bearer [\w-]+\.[\w-]+\.[\w-]+$/;
const PRIVATE_KEY = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();

/** A logger that keeps what it is told. */
function capturingLog(): { log: Logger; lines: { level: string; data: Record<string, unknown>; msg: string }[] } {
  const lines: { level: string; data: Record<string, unknown>; msg: string }[] = [];
  const at = (level: string) => (data: Record<string, unknown>, msg: string) => void lines.push({ level, data, msg });
  const log = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") } as Record<string, unknown>;
  log.child = () => log;
  return { log: log as unknown as Logger, lines };
}

/** Answers one page of deliveries, with a `Link` to the next cursor if given; the body is checked against GitHub's schema. */
function page(scope: nock.Scope, query: Record<string, string>, deliveries: unknown[], nextCursor?: string): nock.Scope {
  expect(hookDeliveryProblems(deliveries)).toEqual([]);
  const headers: Record<string, string> = nextCursor ? { link: `<${GITHUB_API}/app/hook/deliveries?per_page=100&cursor=${nextCursor}>; rel="next"` } : {};
  return scope.get("/app/hook/deliveries").query(query).matchHeader("authorization", JWT).reply(200, deliveries, headers);
}

describe("redeliverFailed (the app's failed deliveries of the last 3 days)", () => {
  let requests: RecordedRequest[];
  let octokit: Octokit;

  beforeEach(async () => {
    nock.disableNetConnect();
    requests = [];
    // The app's JWT: Probot without an installation id.
    const probot = new Probot({ appId: 1, privateKey: PRIVATE_KEY, Octokit: recordingOctokit(requests), logLevel: "fatal" });
    octokit = (await probot.auth()) as Octokit;
  });
  afterEach(() => {
    expectValidGitHubRequests(requests);
    nock.cleanAll();
  });

  it("follows the Link cursor until the window ends, and redelivers each failed event once", async () => {
    const failedTwice = [hookDelivery("g-twice", NOW, 10, 0), hookDelivery("g-twice", NOW, 70, 503)];
    const recovered = [hookDelivery("g-ok", NOW, 20, 200, { redelivery: true }), hookDelivery("g-ok", NOW, 80, 502)];
    const failedOnce = hookDelivery("g-once", NOW, 2 * DAY_MINUTES, 500, { event: "issue_comment", action: "created" });
    const tooOld = hookDelivery("g-old", NOW, 3 * DAY_MINUTES + 5, 503);
    const scope = nock(GITHUB_API);
    page(scope, { per_page: "100" }, [failedTwice[0], recovered[0], failedTwice[1]], "v1_page2");
    // The second page reaches past the window: no third page is asked for (none is served).
    page(scope, { per_page: "100", cursor: "v1_page2" }, [recovered[1], failedOnce, tooOld], "v1_page3");
    const posted: string[] = [];
    scope
      .post(/^\/app\/hook\/deliveries\/\d+\/attempts$/)
      .matchHeader("authorization", JWT)
      .times(2)
      .reply(202, (uri) => (posted.push(uri), {}));
    const { log, lines } = capturingLog();

    const report = await redeliverFailed(octokit, log, { now: NOW });

    expect(scope.isDone()).toBe(true);
    // Oldest event first; for an event failed twice, its newest attempt.
    expect(posted).toEqual([`/app/hook/deliveries/${failedOnce.id}/attempts`, `/app/hook/deliveries/${failedTwice[0]!.id}/attempts`]);
    expect(describeRequests(requests).calls()).toEqual([
      "GET /app/hook/deliveries",
      "GET /app/hook/deliveries",
      `POST /app/hook/deliveries/${failedOnce.id}/attempts`,
      `POST /app/hook/deliveries/${failedTwice[0]!.id}/attempts`,
    ]);
    expect(report).toEqual({ pages: 2, deliveries: 5, events: 3, succeeded: 1, redelivered: 2, refused: 0 });
    expect(lines.filter((line) => line.level === "info")).toEqual([{ level: "info", data: report, msg: "failed deliveries redelivered" }]);
  });

  it("a redelivery GitHub refuses is logged and the others still asked for", async () => {
    const first = hookDelivery("g-1", NOW, 30, 0);
    const second = hookDelivery("g-2", NOW, 20, 0);
    const scope = nock(GITHUB_API);
    page(scope, { per_page: "100" }, [second, first]);
    scope
      .post(`/app/hook/deliveries/${first.id}/attempts`)
      .reply(422, { message: "Validation Failed", documentation_url: "https://docs.github.com/rest/apps/webhooks#redeliver-a-delivery-for-an-app-webhook" })
      .post(`/app/hook/deliveries/${second.id}/attempts`)
      .reply(202, {});
    const { log, lines } = capturingLog();

    const report = await redeliverFailed(octokit, log, { now: NOW });

    expect(scope.isDone()).toBe(true);
    expect(report).toMatchObject({ redelivered: 1, refused: 1 });
    expect(lines.filter((line) => line.level === "warn").map((line) => [line.msg, line.data.delivery, line.data.status])).toEqual([
      ["GitHub refused to redeliver a failed delivery", first.id, 422],
    ]);
  });

  it("nothing delivered, or everything delivered: one page read, nothing asked", async () => {
    const scope = nock(GITHUB_API);
    page(scope, { per_page: "100" }, []);
    expect(await redeliverFailed(octokit, capturingLog().log, { now: NOW })).toEqual({ pages: 1, deliveries: 0, events: 0, succeeded: 0, redelivered: 0, refused: 0 });
    page(scope, { per_page: "100" }, [hookDelivery("g", NOW, 5, 200)]);
    expect(await redeliverFailed(octokit, capturingLog().log, { now: NOW })).toMatchObject({ pages: 1, events: 1, succeeded: 1, redelivered: 0 });
    expect(scope.isDone()).toBe(true);
  });

  it("a dry run describes the redeliveries and asks for none", async () => {
    const failed = hookDelivery("g-dry", NOW, 5, 503, { event: "issues", action: "closed" });
    const scope = nock(GITHUB_API);
    page(scope, { per_page: "100" }, [failed]);
    const described: string[] = [];

    const report = await redeliverFailed(octokit, capturingLog().log, { now: NOW, dryRun: (write) => described.push(write) });

    expect(scope.isDone()).toBe(true);
    expect(described).toEqual([`redeliver delivery ${failed.id} (issues.closed, guid g-dry, last attempt ${failed.delivered_at}: Invalid HTTP Response: 503)`]);
    expect(report.redelivered).toBe(1);
    expect(describeRequests(requests).calls()).toEqual(["GET /app/hook/deliveries"]);
  });
});
