import { describe, expect, it } from "vitest";
import { readMarker } from "../../src/domain/markers.js";
import { comment, configFile, issue, noConfig } from "../helpers/github-responses.js";
import { github, useHarness } from "../helpers/probot-harness.js";
import { ISSUES, issueNow, opensPostmortem, POSTMORTEM_LIST } from "../helpers/github-scenarios.js";
import { issueLabeled, OWNER, REPO } from "../helpers/webhook-payloads.js";

describe("an incident label opens a postmortem", () => {
  const harness = useHarness();

  it("SEV1: opens the postmortem from the template, posts the checklist, links it from the incident", async () => {
    const event = issueLabeled("incident:sev1", { assignees: ["octocat"] });
    const { scope, created } = opensPostmortem(noConfig(github()), event.issue);

    await harness.receive("issues", event);

    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).toEqual([
      `GET /repos/${OWNER}/${REPO}/contents/.github/postmortem.yml`,
      `GET /repos/${OWNER}/.github/contents/.github/postmortem.yml`,
      "POST /graphql",
      `GET ${ISSUES}`,
      `POST ${ISSUES}`,
      `GET ${ISSUES}`,
      `POST ${ISSUES}/2/comments`,
      `POST ${ISSUES}/1/comments`,
    ]);
    expect(created().title).toBe("Postmortem: Checkout API returns 500 for all users");
    expect(created().labels).toEqual(["postmortem"]);
    expect(created().assignees).toEqual(["octocat"]);
    expect(readMarker(created().body, "summary:start")).toMatchObject({ incident: `${OWNER}/${REPO}#1`, severity: "SEV1", resolvedAt: null, reviewDue: null });
    for (const section of [
      "## Executive summary",
      "## Impact",
      "## Timeline",
      "## Detection",
      "## Response",
      "### Five whys",
      "### Contributing factors",
      "## What went well",
      "## What went wrong",
      "## Action items",
      "## Lessons learned",
      "## Review and approval",
    ]) {
      expect(created().body).toContain(section);
    }
    expect(created().body).toContain("| Action | Type | Owner | Priority | Due | Issue |");
    expect(created().body).toContain("| **Severity** | SEV1 |");
    expect(created().body).toContain("| **Incident commander candidates** | @octocat |");
    expect(created().body).not.toContain("{{");

    const [checklist] = harness.bodiesOf(`POST ${ISSUES}/2/comments`);
    expect(checklist!.body).toContain("- [ ] Root cause identified and agreed upon");
    expect(readMarker(checklist!.body as string, "checklist")).toEqual({});
    const [link] = harness.bodiesOf(`POST ${ISSUES}/1/comments`);
    expect(readMarker(link!.body as string, "link")).toEqual({ postmortem: `${OWNER}/${REPO}#2` });
    expect(link!.body).toContain("#2");
  });

  it("a redelivered label finds the postmortem through its link comment and writes nothing", async () => {
    const linkBody = `<!-- postmortem-bot:link {"postmortem":"${OWNER}/${REPO}#2"} -->`;
    const summaryIssue = await openedPostmortemBody();
    const event = issueLabeled("incident:sev1");
    const scope = issueNow(noConfig(github()), event.issue, [comment(12, linkBody)])
      .get(`${ISSUES}/2`)
      .reply(200, issue({ number: 2, body: summaryIssue }));

    await harness.receive("issues", event);

    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).toHaveLength(4);
    expect(harness.requests.filter((request) => request.method !== "GET" && request.path !== "/graphql")).toEqual([]);
  });

  it("a delivery that stopped after creating the postmortem is finished by the next: checklist and link, no second postmortem", async () => {
    const body = await openedPostmortemBody();
    const event = issueLabeled("incident:sev1");
    const scope = issueNow(noConfig(github()), event.issue, [])
      .get(ISSUES)
      .query(POSTMORTEM_LIST)
      .reply(200, [issue({ number: 2, body })])
      .get(`${ISSUES}/2/comments`)
      .query(true)
      .reply(200, [])
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(11, "checklist"))
      .post(`${ISSUES}/1/comments`)
      .reply(201, comment(12, "link"));

    await harness.receive("issues", event);

    expect(scope.isDone()).toBe(true);
    expect(harness.calls().filter((call) => call === `POST ${ISSUES}`)).toEqual([]);
    expect(readMarker(harness.bodiesOf(`POST ${ISSUES}/1/comments`)[0]!.body as string, "link")).toEqual({ postmortem: `${OWNER}/${REPO}#2` });
  });

  it("a postmortem found unlinked minutes after it was created is left to its creator, still at work", async () => {
    const body = await openedPostmortemBody();
    const event = issueLabeled("incident:sev1");
    // The oldest listed postmortem's comments are read whatever its age: the planner, not the reads, decides.
    const scope = issueNow(noConfig(github()), event.issue, [])
      .get(ISSUES)
      .query(POSTMORTEM_LIST)
      .reply(200, [issue({ number: 2, body, createdAt: new Date(Date.now() - 60_000).toISOString() })])
      .get(`${ISSUES}/2/comments`)
      .query(true)
      .reply(200, []);
    await harness.receive("issues", event);
    expect(scope.isDone()).toBe(true);
    expect(harness.calls().slice(2)).toEqual(["POST /graphql", `GET ${ISSUES}`, `GET ${ISSUES}/2/comments`]);
  });

  it("a human comment carrying a forged link marker is ignored", async () => {
    const forged = `<!-- postmortem-bot:link {"postmortem":"${OWNER}/secret-repo#7"} -->`;
    const event = issueLabeled("incident:sev1");
    const { scope } = opensPostmortem(noConfig(github()), event.issue, { existingComments: [comment(5, forged, { login: "mallory", type: "User" })] });

    await harness.receive("issues", event);

    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).not.toContain(`GET /repos/${OWNER}/secret-repo/issues/7`);
  });

  it("two replicas racing: the one whose postmortem is newer closes it as a duplicate and leaves the comments to the other", async () => {
    let created: any;
    const event = issueLabeled("incident:sev1");
    const scope = issueNow(noConfig(github()), event.issue, [])
      .get(ISSUES)
      .query(POSTMORTEM_LIST)
      .reply(200, [])
      .post(ISSUES, (body) => ((created = body), true))
      .reply(201, () => issue({ number: 3, body: created.body }))
      .get(ISSUES)
      .query(POSTMORTEM_LIST)
      .reply(200, () => [issue({ number: 2, body: created.body }), issue({ number: 3, body: created.body })])
      .post(`${ISSUES}/3/comments`)
      .reply(201, comment(13, "duplicate"))
      .patch(`${ISSUES}/3`, { state: "closed", state_reason: "duplicate" })
      .reply(200, issue({ number: 3, state: "closed" }));

    await harness.receive("issues", event);

    expect(scope.isDone()).toBe(true);
    expect(harness.bodiesOf(`POST ${ISSUES}/3/comments`)[0]!.body).toContain("duplicate of #2");
    expect(harness.calls()).not.toContain(`POST ${ISSUES}/1/comments`);
  });

  it("a label that is not a severity costs the config read (repository, then owner) and nothing else", async () => {
    const scope = noConfig(github());
    await harness.receive("issues", issueLabeled("bug"));
    expect(scope.isDone()).toBe(true);
    expect(harness.requests).toHaveLength(2);
  });

  it("opens the postmortem in the configured repository, and links across repositories", async () => {
    const event = issueLabeled("incident:sev2", { assignees: ["octocat"] });
    const { scope, created } = opensPostmortem(configFile(github(), "postmortem:\n  repository: postmortems\n"), event.issue, { repo: "postmortems", number: 40 });

    await harness.receive("issues", event);

    expect(scope.isDone()).toBe(true);
    expect(created().body).toContain(`| **Incident** | ${OWNER}/${REPO}#1 |`);
    expect(created().assignees).toEqual([]);
    expect(harness.bodiesOf(`POST ${ISSUES}/1/comments`)[0]!.body).toContain(`${OWNER}/postmortems#40`);
  });

  it("refuses to copy a private incident into a public postmortem repository, and says so once", async () => {
    const event = issueLabeled("incident:sev1", { private: true });
    const scope = issueNow(configFile(github(), "postmortem:\n  repository: postmortems\n"), event.issue, [])
      .get(`/repos/${OWNER}/postmortems/issues`)
      .query(POSTMORTEM_LIST)
      .reply(200, [])
      .get(`/repos/${OWNER}/postmortems`)
      .reply(200, { private: false, name: "postmortems" })
      .post(`${ISSUES}/1/comments`)
      .reply(201, comment(12, "refusal"));

    await harness.receive("issues", event);

    expect(scope.isDone()).toBe(true);
    expect(harness.calls().filter((call) => call.startsWith("POST") && call !== "POST /graphql")).toEqual([`POST ${ISSUES}/1/comments`]);
    const [refusal] = harness.bodiesOf(`POST ${ISSUES}/1/comments`);
    expect(refusal!.body).toContain("is public");

    // The next delivery finds the refusal GitHub now holds and says nothing more.
    // (The configuration comes from the app's cache: read within the last 60 s.)
    const again = issueNow(github(), event.issue, [comment(12, refusal!.body as string)])
      .get(`/repos/${OWNER}/postmortems/issues`)
      .query(POSTMORTEM_LIST)
      .reply(200, [])
      .get(`/repos/${OWNER}/postmortems`)
      .reply(200, { private: false, name: "postmortems" });
    await harness.receive("issues", event);
    expect(again.isDone()).toBe(true);
    expect(harness.calls().filter((call) => call.startsWith("POST") && call !== "POST /graphql")).toEqual([`POST ${ISSUES}/1/comments`]);
  });
});

/** The body the app wrote when it opened postmortem #2 for incident #1, as GitHub would return it. */
async function openedPostmortemBody(): Promise<string> {
  const { renderSummaryBlock, summarize } = await import("../../src/domain/postmortem-summary.js");
  const { DEFAULT_CONFIG } = await import("../../src/config/schema.js");
  const facts = {
    ref: { owner: OWNER, repo: REPO, number: 1 },
    url: `https://github.com/${OWNER}/${REPO}/issues/1`,
    createdAt: "2026-11-23T09:00:00Z",
    closedAt: null,
    state: "open" as const,
    assignees: [],
  };
  const calendar = { timeZone: "UTC", holidays: [] };
  return `${renderSummaryBlock(summarize(facts, DEFAULT_CONFIG.severities[0]!, calendar), calendar)}\n\n## Executive summary`;
}
