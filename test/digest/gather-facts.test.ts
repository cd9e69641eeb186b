import { describe, expect, it } from "vitest";
import { renderActionItemBody } from "../../src/action-items/action-item-body.js";
import { parseConfig } from "../../src/config/load-config.js";
import { labelDocuments, pageDocuments, probeDocuments, windowLists, type IssueList } from "../../src/digest/digest-queries.js";
import { digestLabels, gatherFacts } from "../../src/digest/gather-facts.js";
import { renderSummaryBlock } from "../../src/domain/postmortem-summary.js";
import { graphqlCost, NODE_LIMIT } from "../../src/github/graphql-node-count.js";
import { postDigest } from "../../src/jobs/post-digest.js";
import { fakeGraphqlOver, fakeIssue, SEARCH_CAP, type FakeIssue } from "../helpers/fake-github-graphql.js";
import { graphqlRefusals } from "../helpers/graphql-validation.js";
import { describeRequests, github, useRecordingClient } from "../helpers/probot-harness.js";

const OWNER = "acme";
const SINCE = "2026-10-26T00:00:00.000Z"; // W44: the window of the W48 weekly digest
const NOW = new Date("2026-12-01T09:00:00Z");
const APP = { login: "postmortem-bot[bot]", type: "Bot" };
const config = parseConfig({ digest: { weekly: true } }).config;
const repo = (name: string) => ({ owner: OWNER, repo: name });

function actionItems(name: string, count: number, fields: Partial<FakeIssue> = {}): FakeIssue[] {
  return Array.from({ length: count }, (_, index) => {
    const body = renderActionItemBody(
      {
        postmortem: { owner: OWNER, repo: name, number: 1 },
        incident: null,
        key: `k${index}`,
        priority: "P2",
        type: "prevention",
        due: "2027-01-31",
        dueSource: "derived",
        filedAt: "2026-11-24T10:00:00Z",
        reminded: null,
      },
      { action: `Item ${index}`, postmortemMention: "#1", incidentMention: null, owners: ["dana"], unassignable: [] },
    );
    return fakeIssue({
      repo: `${OWNER}/${name}`,
      number: 10 + index,
      labels: ["action-item"],
      author: APP,
      body,
      assignees: ["dana"],
      createdAt: "2026-11-24T10:00:00Z",
      ...fields,
    });
  });
}

function incident(name: string, number: number, label: string, createdAt = "2026-11-24T09:00:00Z", closedAt: string | null = null): FakeIssue {
  return fakeIssue({ repo: `${OWNER}/${name}`, number, labels: [label, "service:checkout"], createdAt, closedAt });
}

/** Every GraphQL document of a run, checked as GitHub would (the harness checks them too, after the test). */
function expectAcceptedByGitHub(bodies: Record<string, unknown>[]): void {
  for (const body of bodies) {
    expect(graphqlRefusals(body)).toEqual([]);
    expect(graphqlCost(String(body.query)).nodes).toBeLessThanOrEqual(NODE_LIMIT);
  }
}

describe("the digest's data, read through repository issue lists (no search, no 1,000 cap)", () => {
  const recording = useRecordingClient();
  const graphqlBodies = () => describeRequests(recording.requests).bodiesOf("POST /graphql");

  // 51 calls, each checked against GitHub's schema and executed by the stand-in: seconds on a busy machine.
  it("a repository with 1,200 action items and one with 5,000 in the window: every one counted", { timeout: 60_000 }, async () => {
    const issues = [
      ...actionItems("big", 1_200),
      ...actionItems("huge", 5_000, { state: "CLOSED", stateReason: "COMPLETED", closedAt: "2026-11-26T10:00:00Z", closer: "merged-pr" }),
    ];
    const graph = fakeGraphqlOver(issues);
    github()
      .persist()
      .post("/graphql")
      .reply(200, (_uri, body) => graph.answer(body as never));

    const { facts } = await gatherFacts(recording.client, [repo("big"), repo("huge")], config, SINCE);

    expect(facts.actionItems.filter((item) => item.repo === "acme/big")).toHaveLength(1_200);
    const huge = facts.actionItems.filter((item) => item.repo === "acme/huge");
    expect(huge).toHaveLength(5_000);
    expect(new Set(huge.map((item) => item.number)).size).toBe(5_000);
    expect(huge.every((item) => item.outcome === "implemented")).toBe(true);
    // One probe, then 50 pages of the longest list (cursor after cursor), the other list's 12 pages riding along.
    expect(graph.requests).toHaveLength(1 + 50);
    expect(graph.searchQueries).toEqual([]);
    expectAcceptedByGitHub(graphqlBodies());
  });

  it("search would have stopped at 1,000: the stand-in's search is capped as GitHub's is", () => {
    const graph = fakeGraphqlOver(actionItems("big", 1_200));
    const page = (after: string | null) =>
      graph.answer({
        query: `query($after: String) { search(type: ISSUE, query: "repo:acme/big label:\\"action-item\\"", first: 100, after: $after) { issueCount pageInfo { hasNextPage endCursor } nodes { ... on Issue { number } } } }`,
        variables: { after },
      }).data as { search: { issueCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: unknown[] } };
    let after: string | null = null;
    let read = 0;
    for (;;) {
      const { search } = page(after);
      expect(search.issueCount).toBe(1_200);
      read += search.nodes.length;
      if (!search.pageInfo.hasNextPage) break;
      after = search.pageInfo.endCursor;
    }
    expect(read).toBe(SEARCH_CAP);
  });

  it("the window's lists only: open issues, and closed ones updated since the window began", async () => {
    const issues = [
      incident("shop", 1, "incident:sev1"), // open
      incident("shop", 2, "incident:sev2", "2026-11-02T09:00:00Z", "2026-11-02T10:00:00Z"), // closed in the window
      incident("shop", 3, "incident:sev2", "2026-01-02T09:00:00Z", "2026-01-02T10:00:00Z"), // closed long before it
      incident("shop", 4, "incident:sev3", "2025-06-01T09:00:00Z"), // opened long before, still open
    ];
    const graph = fakeGraphqlOver(issues);
    github()
      .persist()
      .post("/graphql")
      .reply(200, (_uri, body) => graph.answer(body as never));
    const { facts } = await gatherFacts(recording.client, [repo("shop")], config, SINCE);
    expect(facts.incidents.map((each) => each.number).sort()).toEqual([1, 2, 4]);
    expect(facts.incidents.find((each) => each.number === 1)).toMatchObject({ severity: "SEV1", severityLabel: "incident:sev1", services: ["service:checkout"] });
    expectAcceptedByGitHub(graphqlBodies());
  });

  it("a repository GitHub does not show the app (NOT_FOUND) is left out, the others read", async () => {
    const graph = fakeGraphqlOver([incident("shop", 1, "incident:sev1")]);
    github()
      .persist()
      .post("/graphql")
      .reply(200, (_uri, body) => graph.answer(body as never));
    const { facts, repositories } = await gatherFacts(recording.client, [repo("shop"), repo("gone")], config, SINCE);
    expect(repositories.map((each) => each.repo.repo)).toEqual(["shop"]);
    expect(facts.incidents).toHaveLength(1);
  });

  describe("a severity is identified by its label: renamed in the config, old postmortems stay required", () => {
    const renamed = parseConfig({
      digest: { weekly: true },
      severities: [
        { name: "Critical", label: "incident:sev1", postmortem: "required", reviewBusinessDays: 1 },
        { name: "Major", label: "incident:sev2", postmortem: "required", reviewBusinessDays: 3 },
        { name: "Minor", label: "incident:sev3", postmortem: "optional", reviewBusinessDays: 5 },
      ],
    }).config;
    // Written before the rename: the summary says SEV1.
    const postmortem = (incidentNumber: number) =>
      fakeIssue({
        repo: "acme/shop",
        number: 100 + incidentNumber,
        labels: ["postmortem"],
        author: APP,
        createdAt: "2026-11-24T09:05:00Z",
        body: renderSummaryBlock(
          {
            incident: { owner: OWNER, repo: "shop", number: incidentNumber },
            incidentUrl: "",
            severity: "SEV1",
            reviewBusinessDays: 1,
            openedAt: "2026-11-24T09:00:00Z",
            resolvedAt: null,
            reviewDue: null,
            commanders: [],
          },
          { timeZone: "UTC", holidays: [] },
        ),
      });

    it("its incident in the window: by the incident's label", async () => {
      const graph = fakeGraphqlOver([incident("shop", 1, "incident:sev1"), postmortem(1)]);
      github()
        .persist()
        .post("/graphql")
        .reply(200, (_uri, body) => graph.answer(body as never));
      const { facts } = await gatherFacts(recording.client, [repo("shop")], renamed, SINCE);
      expect(facts.postmortems).toEqual([expect.objectContaining({ severity: "Critical", severityLabel: "incident:sev1", required: true })]);
      expect(graph.requests).toHaveLength(2); // probe and pages: nothing more to look up
    });

    it("its incident closed before the window: its labels are looked up, once", async () => {
      const graph = fakeGraphqlOver([incident("shop", 1, "incident:sev1", "2026-01-02T09:00:00Z", "2026-01-02T10:00:00Z"), postmortem(1)]);
      github()
        .persist()
        .post("/graphql")
        .reply(200, (_uri, body) => graph.answer(body as never));
      const { facts } = await gatherFacts(recording.client, [repo("shop")], renamed, SINCE);
      expect(facts.postmortems).toEqual([expect.objectContaining({ severity: "Critical", severityLabel: "incident:sev1", required: true })]);
      expect(graph.requests).toHaveLength(3);
      expect(graph.requests[2]!.query).toContain("issue(number: 1) { labels(first: 100)");
      expectAcceptedByGitHub(graphqlBodies());
    });
  });

  it("posts a digest across 8 repositories (the old single search document was 595,200 nodes: refused)", async () => {
    const names = Array.from({ length: 8 }, (_, index) => `service-${index}`);
    const issues = names.flatMap((name, index) => [incident(name, 1, "incident:sev1", "2026-11-24T09:00:00Z", "2026-11-24T12:00:00Z"), ...actionItems(name, index * 10)]);
    const graph = fakeGraphqlOver(issues);
    const home = repo("service-0");
    const cfg = parseConfig({ digest: { weekly: true, repositories: names.slice(1) } }).config;
    let created: any;
    github()
      .get("/repos/acme/service-0/issues")
      .query(true)
      .times(2)
      .reply(200, () =>
        created
          ? [
              {
                number: 50,
                id: 50,
                title: created.title,
                body: created.body,
                state: "open",
                html_url: "",
                created_at: "",
                closed_at: null,
                labels: [],
                user: { login: "postmortem-bot[bot]", type: "Bot" },
              },
            ]
          : [],
      )
      .post("/graphql")
      .times(2)
      .reply(200, (_uri, body) => graph.answer(body as never))
      .post("/repos/acme/service-0/issues", (body) => ((created = body), true))
      .reply(201, () => ({ number: 50, id: 50, body: created.body, user: { login: "postmortem-bot[bot]", type: "Bot" } }));

    const outcome = await postDigest(recording.client, { home, config: cfg, kind: "weekly", now: NOW });

    expect(outcome.kind).toBe("posted");
    expect(created.body).toContain("**Opened in week 2026-W48** (8)");
    expect(graph.requests).toHaveLength(2); // one probe of 8 x 12 lists, one call for every page
    expectAcceptedByGitHub(graphqlBodies());
  });

  it("posts a digest across 200 repositories by topic: a repository with nothing labelled costs a fiftieth of a probe", { timeout: 60_000 }, async () => {
    const names = Array.from({ length: 200 }, (_, index) => `service-${index}`);
    // One repository in ten has an incident and 40 action items; the rest hold nothing labelled.
    const issues = names.filter((_, index) => index % 10 === 0).flatMap((name) => [incident(name, 1, "incident:sev2", "2026-11-25T09:00:00Z"), ...actionItems(name, 40)]);
    const graph = fakeGraphqlOver(
      issues,
      names.map((name) => ({ nameWithOwner: `${OWNER}/${name}`, isPrivate: true })),
    );
    const cfg = parseConfig({ digest: { weekly: true, topic: "incidents" } }).config;
    const topicPage = (from: number) => ({ total_count: 200, incomplete_results: false, items: names.slice(from, from + 100).map((name) => ({ name, owner: { login: OWNER } })) });
    github()
      .get("/repos/acme/service-0/issues")
      .query(true)
      .reply(200, [])
      .get("/search/repositories")
      .query({ q: "user:acme topic:incidents", per_page: "100" })
      .reply(200, topicPage(0), { link: '<https://api.github.com/search/repositories?q=user%3Aacme+topic%3Aincidents&per_page=100&page=2>; rel="next"' })
      .get("/search/repositories")
      .query({ q: "user:acme topic:incidents", per_page: "100", page: "2" })
      .reply(200, topicPage(100))
      .post("/graphql")
      .times(5)
      .reply(200, (_uri, body) => graph.answer(body as never));

    const outcome = await postDigest(recording.client, { home: repo("service-0"), config: cfg, kind: "weekly", now: NOW }, true);

    expect(outcome.kind === "dry-run" && outcome.body).toContain("**Opened in week 2026-W48** (20)");
    // 4 probes of 50 repositories, then 1 call for the 20 busy repositories' 820 issues.
    expect(graph.requests).toHaveLength(5);
    expect(recording.requests).toHaveLength(1 + 2 + 5);
    expectAcceptedByGitHub(graphqlBodies());
    const points = graphqlBodies().reduce((sum, body) => sum + graphqlCost(String(body.query)).points, 0);
    expect(points).toBeLessThan(100);
  });
});

describe("every document the digest can send is one GitHub accepts", () => {
  const lists = windowLists(
    Array.from({ length: 200 }, (_, index) => repo(`service-${index}`)),
    digestLabels(config),
    SINCE,
  );

  it("the probes: 50 repositories a call", () => {
    const probes = probeDocuments(lists);
    expect(probes).toHaveLength(4);
    for (const probe of probes) expect(graphqlRefusals({ query: probe.query })).toEqual([]);
  });

  it("pages of every kind of list, first pages and later ones, packed to the limits", () => {
    const kinds: IssueList[] = lists.slice(0, 12); // one repository's twelve lists: every kind, open and closed
    const pages = kinds.flatMap((list) => [
      { list, first: 100, after: null },
      { list, first: 37, after: "Y3Vyc29yOjk5" },
    ]);
    const documents = pageDocuments([...pages, ...pages, ...pages, ...pages, ...pages]);
    expect(documents.length).toBeGreaterThan(1);
    for (const document of documents) {
      expect(graphqlRefusals({ query: document.query })).toEqual([]);
      expect(document.fields.reduce((sum, field) => sum + field.page.first, 0)).toBeLessThanOrEqual(1_000);
    }
  });

  it("the look-up of incidents' labels: 100 issues a call", () => {
    const documents = labelDocuments(Array.from({ length: 150 }, (_, index) => ({ owner: OWNER, repo: "shop", number: index + 1 })));
    expect(documents).toHaveLength(2);
    for (const document of documents) expect(graphqlRefusals({ query: document.query })).toEqual([]);
  });
});
