import { describe, expect, it } from "vitest";
import { renderActionItemBody } from "../../src/action-items/action-item-body.js";
import { parseConfig } from "../../src/config/load-config.js";
import { readMarker } from "../../src/domain/markers.js";
import { renderSummaryBlock } from "../../src/domain/postmortem-summary.js";
import { postDigest } from "../../src/jobs/post-digest.js";
import { issue } from "../helpers/github-responses.js";
import { fakeGraphqlOver, fakeIssue as searchNode } from "../helpers/fake-github-graphql.js";
import { describeRequests, github, useRecordingClient } from "../helpers/probot-harness.js";
import { OWNER, REPO } from "../helpers/webhook-payloads.js";

const HOME = { owner: OWNER, repo: REPO };
const ISSUES = `/repos/${OWNER}/${REPO}/issues`;
// Tuesday 2026-12-01: the last complete ISO week is 2026-W48 (23 to 29 November).
const NOW = new Date("2026-12-01T09:00:00Z");
const WEEK_48_LIST = { labels: "digest:weekly", state: "all", since: "2026-11-30T00:00:00.000Z", sort: "created", direction: "asc", per_page: "100" };

const APP = { login: "postmortem-bot[bot]", __typename: "Bot" };
function history(privateRepo = "Codertocat/secrets") {
  const summary = (incident: string, severity: string, reviewDue: string | null) =>
    renderSummaryBlock(
      {
        incident: { owner: OWNER, repo: incident.split("#")[0]!.split("/")[1]!, number: Number(incident.split("#")[1]) },
        incidentUrl: "",
        severity,
        reviewBusinessDays: 1,
        openedAt: "2026-11-24T09:00:00Z",
        resolvedAt: null,
        reviewDue,
        commanders: [],
      },
      { timeZone: "UTC", holidays: [] },
    );
  const item = (postmortem: number, due: string, priority: "P1" | "P2") =>
    renderActionItemBody(
      {
        postmortem: { owner: OWNER, repo: REPO, number: postmortem },
        incident: null,
        key: `k${due}`,
        priority,
        type: "prevention",
        due,
        dueSource: "derived",
        filedAt: "2026-11-25T10:00:00Z",
        reminded: null,
      },
      { action: "x", postmortemMention: "#2", incidentMention: null, owners: [], unassignable: [] },
    );
  return [
    // Week 48: a SEV1 opened and resolved in 3 hours, on service:checkout, its postmortem and two action items.
    searchNode({ number: 1, title: "Checkout down", labels: ["incident:sev1", "service:checkout"], createdAt: "2026-11-24T09:00:00Z", closedAt: "2026-11-24T12:00:00Z" }),
    searchNode({
      number: 2,
      title: "Postmortem: Checkout down",
      labels: ["postmortem"],
      author: APP,
      body: summary(`${OWNER}/${REPO}#1`, "SEV1", "2026-11-25"),
      createdAt: "2026-11-24T09:01:00Z",
    }),
    searchNode({
      number: 3,
      title: "Add checkout alert",
      labels: ["action-item"],
      author: APP,
      body: item(2, "2026-11-27", "P1"),
      createdAt: "2026-11-25T10:00:00Z",
      assignees: ["dana"],
    }),
    searchNode({
      number: 4,
      title: "Raise pool limit",
      labels: ["action-item"],
      author: APP,
      body: item(2, "2026-12-25", "P2"),
      createdAt: "2026-11-25T10:00:00Z",
      closedAt: "2026-11-27T10:00:00Z",
      closer: "merged-pr",
    }),
    // Week 47: another checkout incident, a SEV2.
    searchNode({ number: 5, title: "Checkout slow", labels: ["incident:sev2", "service:checkout"], createdAt: "2026-11-17T09:00:00Z", closedAt: "2026-11-17T10:00:00Z" }),
    // A private repository's SEV2 in week 48.
    searchNode({ number: 7, repo: privateRepo, private: true, title: "Leaked secret rotated late", labels: ["incident:sev2"], createdAt: "2026-11-26T09:00:00Z" }),
    // Not an incident.
    searchNode({ number: 8, title: "A bug", labels: ["bug"], createdAt: "2026-11-26T09:00:00Z" }),
  ];
}

describe("the weekly digest job", () => {
  const recording = useRecordingClient();

  it("posts the week's digest once: lists bounded by the window, one issue with its period's marker and labels", async () => {
    const graph = fakeGraphqlOver(history(), [{ nameWithOwner: `${OWNER}/${REPO}`, isPrivate: true }]);
    const config = parseConfig({ digest: { weekly: true, repositories: ["secrets"] } }).config;
    let created: any;
    const scope = github()
      .get(ISSUES)
      .query(WEEK_48_LIST)
      .reply(200, [])
      .post("/graphql")
      .times(2)
      .reply(200, (_uri, body) => graph.answer(body as never))
      .post(ISSUES, (body) => ((created = body), true))
      .reply(201, () => issue({ number: 50, body: created.body, title: created.title, labels: ["digest", "digest:weekly"] }))
      .get(ISSUES)
      .query(WEEK_48_LIST)
      .reply(200, () => [issue({ number: 50, body: created.body, labels: ["digest", "digest:weekly"] })]);

    const outcome = await postDigest(recording.client, { home: HOME, config, kind: "weekly", now: NOW });

    expect(scope.isDone()).toBe(true);
    expect(outcome).toMatchObject({ kind: "posted", digest: { number: 50 } });
    expect(created.title).toBe("Incident digest: week 2026-W48");
    expect(created.labels).toEqual(["digest", "digest:weekly"]);
    expect(readMarker(created.body, "digest")).toEqual({ kind: "weekly", period: "2026-W48" });
    // No search (capped at 1,000 results): one probe of both repositories' twelve lists, then one call for the non-empty lists' pages.
    expect(graph.searchQueries).toEqual([]);
    expect(
      describeRequests(recording.requests)
        .calls()
        .filter((call) => call === "POST /graphql"),
    ).toHaveLength(2);
    // Window: W44 (from 2026-10-26) to W48: the closed lists are those updated since it began.
    expect(graph.requests[0]!.query).toContain(`l1: issues(first: 1, labels: ["incident:sev1"], states: [CLOSED], filterBy: { since: "2026-10-26T00:00:00.000Z" }`);
    expect(graph.requests[0]!.query.match(/: issues\(/g)).toHaveLength(24);
    // A private digest may name the private repository's incident.
    expect(created.body).toContain("Leaked secret rotated late");
    expect(created.body).toContain("```mermaid");
  });

  it("covers the owner's repositories with the configured topic", async () => {
    const graph = fakeGraphqlOver(history("Codertocat/payments"), [{ nameWithOwner: `${OWNER}/${REPO}`, isPrivate: true }]);
    const config = parseConfig({ digest: { weekly: true, topic: "incidents" } }).config;
    const scope = github()
      .get(ISSUES)
      .query(WEEK_48_LIST)
      .reply(200, [])
      .get("/search/repositories")
      .query({ q: `user:${OWNER} topic:incidents`, per_page: "100" })
      .reply(200, {
        total_count: 2,
        incomplete_results: false,
        items: [
          { name: REPO, owner: { login: OWNER } },
          { name: "payments", owner: { login: OWNER } },
        ],
      })
      .post("/graphql")
      .times(2)
      .reply(200, (_uri, body) => graph.answer(body as never));
    const outcome = await postDigest(recording.client, { home: HOME, config, kind: "weekly", now: NOW }, true);
    expect(scope.isDone()).toBe(true);
    expect([...graph.requests[0]!.query.matchAll(/repository\(owner: "(\w+)", name: "([\w-]+)"\)/g)].map((match) => `${match[1]}/${match[2]}`)).toEqual([
      `${OWNER}/${REPO}`,
      `${OWNER}/payments`,
    ]);
    expect(outcome.kind === "dry-run" && outcome.body).toContain("Leaked secret rotated late");
  });

  it("finds the period's digest by its marker and posts nothing", async () => {
    const existing = issue({ number: 50, body: '<!-- postmortem-bot:digest {"kind":"weekly","period":"2026-W48"} -->', labels: ["digest", "digest:weekly"] });
    const scope = github().get(ISSUES).query(WEEK_48_LIST).reply(200, [existing]);
    const outcome = await postDigest(recording.client, { home: HOME, config: parseConfig({ digest: { weekly: true } }).config, kind: "weekly", now: NOW });
    expect(scope.isDone()).toBe(true);
    expect(outcome).toEqual({ kind: "exists", digest: { owner: OWNER, repo: REPO, number: 50 } });
    expect(recording.requests).toHaveLength(1);
  });

  it("keeps private repositories' titles and links out of a public digest: only counts", async () => {
    const graph = fakeGraphqlOver(history());
    const config = parseConfig({ digest: { weekly: true, repositories: ["secrets"] } }).config;
    let created: any;
    const scope = github()
      .get(ISSUES)
      .query(WEEK_48_LIST)
      .reply(200, [])
      .post("/graphql")
      .times(2)
      .reply(200, (_uri, body) => graph.answer(body as never))
      .post(ISSUES, (body) => ((created = body), true))
      .reply(201, () => issue({ number: 50, body: created.body }))
      .get(ISSUES)
      .query(WEEK_48_LIST)
      .reply(200, () => [issue({ number: 50, body: created.body })]);

    await postDigest(recording.client, { home: HOME, config, kind: "weekly", now: NOW });

    expect(scope.isDone()).toBe(true);
    expect(created.body).not.toContain("Leaked secret");
    expect(created.body).not.toContain("Codertocat/secrets#7");
    expect(created.body).toContain("| W48 | 1 | 1 |"); // the private SEV2 is still counted
  });

  it("two jobs racing: the newer digest closes itself as a duplicate of the older", async () => {
    const graph = fakeGraphqlOver(history(), [{ nameWithOwner: `${OWNER}/${REPO}`, isPrivate: true }]);
    const config = parseConfig({ digest: { weekly: true } }).config;
    let created: any;
    const marker = '<!-- postmortem-bot:digest {"kind":"weekly","period":"2026-W48"} -->';
    const scope = github()
      .get(ISSUES)
      .query(WEEK_48_LIST)
      .reply(200, [])
      .post("/graphql")
      .times(2)
      .reply(200, (_uri, body) => graph.answer(body as never))
      .post(ISSUES, (body) => ((created = body), true))
      .reply(201, () => issue({ number: 51, body: created.body }))
      .get(ISSUES)
      .query(WEEK_48_LIST)
      .reply(200, () => [issue({ number: 50, body: marker }), issue({ number: 51, body: created.body })])
      .post(`${ISSUES}/51/comments`)
      .reply(201, { id: 1, body: "dup" })
      .patch(`${ISSUES}/51`, { state: "closed", state_reason: "duplicate" })
      .reply(200, issue({ number: 51 }));
    const outcome = await postDigest(recording.client, { home: HOME, config, kind: "weekly", now: NOW });
    expect(scope.isDone()).toBe(true);
    expect(outcome).toEqual({ kind: "duplicate-closed", digest: { owner: OWNER, repo: REPO, number: 50 } });
  });

  it("a past period on request, and an empty one says so", async () => {
    // The window W36..W40: what was updated since it began (all of November's history) is read, and none of it happened in W40.
    const graph = fakeGraphqlOver(history(), [{ nameWithOwner: `${OWNER}/${REPO}`, isPrivate: true }]);
    const config = parseConfig({ digest: { weekly: true } }).config;
    const scope = github()
      .get(ISSUES)
      .query({ ...WEEK_48_LIST, since: "2026-10-05T00:00:00.000Z" })
      .reply(200, [])
      .post("/graphql")
      .times(2)
      .reply(200, (_uri, body) => graph.answer(body as never));
    const outcome = await postDigest(recording.client, { home: HOME, config, kind: "weekly", now: NOW, periodId: "2026-W40" }, true);
    expect(scope.isDone()).toBe(true);
    expect(outcome.kind).toBe("dry-run");
    if (outcome.kind !== "dry-run") return;
    expect(outcome.title).toBe("Incident digest: week 2026-W40");
    expect(outcome.body).toContain("Nothing happened in week 2026-W40");
  });
});
