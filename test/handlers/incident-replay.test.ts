import type nock from "nock";
import { describe, expect, it } from "vitest";
import { comment, issue } from "../helpers/github-responses.js";
import { ISSUES, issueNow } from "../helpers/github-scenarios.js";
import { linkMarker, SEV1, SEV2 } from "../helpers/postmortem-fixtures.js";
import { github, useHarness, type Harness } from "../helpers/probot-harness.js";
import { actionItemEvent, issueClosed, issueLabeled, issueReopened, issueUnlabeled, OWNER, REPO } from "../helpers/webhook-payloads.js";
import { renderSummaryBlock, summarize } from "../../src/domain/postmortem-summary.js";
import type { SeverityLevel } from "../../src/config/schema.js";

/**
 * Events are hints, GitHub's state is the truth: once an incident is in step, replaying the
 * deliveries of its life, in any order and any number of times, writes nothing.
 */

const UTC = { timeZone: "UTC", holidays: [] };
const FIRST_CLOSE = "2026-11-24T10:00:00Z";
const FINAL_CLOSE = "2026-11-25T16:00:00Z";

/** The deliveries of incident #1's life, each carrying the state of its moment. */
const LIFE: [string, Record<string, any>][] = [
  ["labeled SEV2", issueLabeled("incident:sev2", { labels: ["incident:sev2"] })],
  ["labeled SEV1", issueLabeled("incident:sev1", { labels: ["incident:sev2", "incident:sev1"] })],
  ["unlabeled SEV2", issueUnlabeled("incident:sev2", { labels: ["incident:sev1"] })],
  ["assigned", actionItemEvent("assigned", { authorType: "User", labels: ["incident:sev1"], assignees: ["octocat"] })],
  ["closed", issueClosed({ labels: ["incident:sev1"], assignees: ["octocat"], closedAt: FIRST_CLOSE })],
  ["reopened", issueReopened({ labels: ["incident:sev1"], assignees: ["octocat"] })],
  ["closed again", issueClosed({ labels: ["incident:sev1"], assignees: ["octocat"], closedAt: FINAL_CLOSE })],
];

/** The incident as GitHub holds it at the end: SEV1, closed, assigned. */
const FINAL = issueClosed({ labels: ["incident:sev1"], assignees: ["octocat"], closedAt: FINAL_CLOSE }).issue;

/** The body of postmortem #2 in step with the incident in the state given. */
function postmortemBody(severity: SeverityLevel, closedAt: string | null, assignees: string[]): string {
  const facts = {
    ref: { owner: OWNER, repo: REPO, number: 1 },
    url: `https://github.com/${OWNER}/${REPO}/issues/1`,
    createdAt: "2026-11-23T09:00:00Z",
    closedAt,
    state: closedAt ? ("closed" as const) : ("open" as const),
    assignees,
  };
  return `${renderSummaryBlock(summarize(facts, severity, UTC), UTC)}\n\n## Executive summary\n\nWritten by people.`;
}

/**
 * GitHub's answers to every read, as often as they are asked: no config file, the incident now with
 * its link comment, and the linked postmortem's body as it stands when asked.
 */
function gitHubHolds(incidentNow: object, postmortem: () => string): nock.Scope {
  const scope = github()
    .persist()
    .get(`/repos/${OWNER}/${REPO}/contents/.github%2Fpostmortem.yml`)
    .reply(404, { message: "Not Found" })
    .get(`/repos/${OWNER}/.github/contents/.github%2Fpostmortem.yml`)
    .reply(404, { message: "Not Found" });
  return issueNow(scope, incidentNow as Parameters<typeof issueNow>[1], [comment(12, linkMarker())])
    .get(`${ISSUES}/2`)
    .reply(200, () => issue({ number: 2, body: postmortem() }));
}

/** Requests other than reads: a GET, or the GraphQL read of the incident. */
const writes = (harness: Harness) => harness.requests.filter((request) => request.method !== "GET" && request.path !== "/graphql");

/** A fixed-seed shuffle (mulberry32 and Fisher–Yates): the same "random" order on every run. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

describe("replaying an incident's deliveries once it is in step", () => {
  const harness = useHarness("2026-12-02T10:00:00Z");

  it.each<[string, [string, Record<string, any>][]]>([
    ["forward", LIFE],
    ["reversed", [...LIFE].reverse()],
    ["shuffled (seed 7)", shuffled(LIFE, 7)],
    ["shuffled (seed 2026)", shuffled(LIFE, 2026)],
  ])("%s, twice: only reads, two per delivery (and the config once)", async (_order, deliveries) => {
    const scope = gitHubHolds(FINAL, () => postmortemBody(SEV1, FINAL_CLOSE, ["octocat"]));

    for (const [, payload] of [...deliveries, ...deliveries]) await harness.receive("issues", payload);

    expect(scope.isDone()).toBe(true);
    expect(writes(harness)).toEqual([]);
    // Each delivery reads the incident with its comments (1) and the linked postmortem (1); the
    // config (2) only the first time: the others find it in the app's cache (60 s).
    expect(harness.calls()).toHaveLength(2 + 2 * 2 * LIFE.length);
    expect(new Set(harness.calls())).toEqual(
      new Set([`GET /repos/${OWNER}/${REPO}/contents/.github/postmortem.yml`, `GET /repos/${OWNER}/.github/contents/.github/postmortem.yml`, "POST /graphql", `GET ${ISSUES}/2`]),
    );
  });

  it("the shuffles are real: they differ from the life's order and from each other", () => {
    const names = (deliveries: [string, unknown][]) => deliveries.map(([name]) => name).join(",");
    expect(new Set([names(LIFE), names([...LIFE].reverse()), names(shuffled(LIFE, 7)), names(shuffled(LIFE, 2026))]).size).toBe(4);
  });

  it("the old SEV2 `labeled` delivery redelivered after the flip moves nothing back", async () => {
    // Right after the flip: GitHub holds SEV1 alone, the postmortem says SEV1.
    const afterFlip = issueUnlabeled("incident:sev2", { labels: ["incident:sev1"] }).issue;
    const scope = gitHubHolds(afterFlip, () => postmortemBody(SEV1, null, []));

    const [, staleSev2] = LIFE[0]!;
    await harness.receive("issues", staleSev2);
    await harness.receive("issues", staleSev2);

    expect(scope.isDone()).toBe(true);
    expect(writes(harness)).toEqual([]);
  });

  it("the control: the same replays against a postmortem left behind at SEV2 bring it to SEV1 once, then write nothing", async () => {
    // GitHub as a store: the postmortem's body is what the app last wrote to it.
    let body = postmortemBody(SEV2, FINAL_CLOSE, ["octocat"]);
    const scope = gitHubHolds(FINAL, () => body)
      .patch(`${ISSUES}/2`, (patch) => ((body = patch.body), true))
      .reply(200, () => issue({ number: 2, body }))
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(20, "announcement"));

    for (const [, payload] of [...shuffled(LIFE, 7), ...LIFE, ...[...LIFE].reverse()]) await harness.receive("issues", payload);

    expect(scope.isDone()).toBe(true);
    expect(writes(harness).map((request) => `${request.method} ${request.path}`)).toEqual([`PATCH ${ISSUES}/2`, `POST ${ISSUES}/2/comments`]);
    expect(body).toBe(postmortemBody(SEV1, FINAL_CLOSE, ["octocat"]));
    expect(harness.bodiesOf(`POST ${ISSUES}/2/comments`)[0]!.body).toBe(
      "@octocat Severity changed from SEV2 to SEV1. Review due: **2026-11-26** (1 business day after resolution).",
    );
  });
});
