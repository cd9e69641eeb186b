import { describe, expect, it } from "vitest";
import { readActionItemRecord, renderActionItemBody, type ActionItemRecord } from "../../src/action-items/action-item-body.js";
import { marker } from "../../src/domain/markers.js";
import { comment, issue, noConfig } from "../helpers/github-responses.js";
import { postmortemWithRows } from "../helpers/postmortem-fixtures.js";
import { github, useHarness } from "../helpers/probot-harness.js";
import { actionItemEvent, issueEdited, OWNER, REPO } from "../helpers/webhook-payloads.js";

const ISSUES = `/repos/${OWNER}/${REPO}/issues`;
const itemList = { labels: "action-item", state: "all", since: "2026-11-23T09:05:00Z", sort: "created", direction: "asc", per_page: "100" };

function record(overrides: Partial<ActionItemRecord> = {}): ActionItemRecord {
  return {
    postmortem: { owner: OWNER, repo: REPO, number: 2 },
    incident: { owner: OWNER, repo: REPO, number: 1 },
    key: "add an alert on checkout 5xx",
    priority: "P3",
    type: "detection",
    due: "2026-12-26",
    dueSource: "derived",
    filedAt: "2026-11-26T10:00:00.000Z",
    reminded: null,
    ...overrides,
  };
}
const itemBody = (overrides: Partial<ActionItemRecord> = {}) =>
  renderActionItemBody(record(overrides), { action: "Add an alert on checkout 5xx", postmortemMention: "#2", incidentMention: "#1", owners: [], unassignable: [] });
const STATUS_TABLE = (status: string, priority = "P3", owner = "@dana", due = "2026-12-26") =>
  postmortemWithRows([`| Add an alert on checkout 5xx | detection | ${owner} | ${priority} | ${due} | #5 |`])
    .replace("| Action | Type | Owner | Priority | Due | Issue |\n|--------|------|-------|----------|-----|-------|", "| Action | Type | Owner | Priority | Due | Issue | Status |\n|---|---|---|---|---|---|---|")
    .replace(`| ${due} | #5 |`, `| ${due} | #5 | ${status} |`);
/** GitHub's answer to the item's timeline query: its closings and reopenings, oldest first. */
const timeline = (...nodes: object[]) => ({ data: { repository: { issue: { stateReason: null, timelineItems: { nodes } } } } });
const closedByHand = { __typename: "ClosedEvent", createdAt: "2026-12-01T09:00:00Z", stateReason: "COMPLETED", closer: null };
const closedByPullRequest = { __typename: "ClosedEvent", createdAt: "2026-12-01T09:00:00Z", stateReason: "COMPLETED", closer: { __typename: "PullRequest", number: 12, merged: true, repository: { nameWithOwner: `${OWNER}/${REPO}` } } };
const closedAsNotPlanned = { __typename: "ClosedEvent", createdAt: "2026-12-01T09:00:00Z", stateReason: "NOT_PLANNED", closer: null };
const reopened = { __typename: "ReopenedEvent", createdAt: "2026-12-02T08:00:00Z" };
const postmortemIssue = (body: string) => ({ ...issue({ number: 2, body, createdAt: "2026-11-23T09:05:00Z" }), assignees: [{ login: "dana" }] });

describe("an action item's state flows back into its postmortem", () => {
  const harness = useHarness("2026-12-01T10:00:00Z");

  it("closed as completed: the row's Status says done; the last item closing closes the loop on both issues, once", async () => {
    const scope = noConfig(github())
      .get(`${ISSUES}/2`).reply(200, postmortemIssue(STATUS_TABLE("open")))
      .post("/graphql").reply(200, timeline(closedByHand))
      .patch(`${ISSUES}/2`).reply(200, issue({ number: 2 }))
      .get(ISSUES).query(itemList).reply(200, [{ ...issue({ number: 5, body: itemBody(), state: "closed" }) }])
      .get(`${ISSUES}/2/comments`).query(true).reply(200, [])
      .post(`${ISSUES}/2/comments`).reply(201, comment(80, "all closed"))
      .post(`${ISSUES}/2/labels`, { labels: ["effectiveness-review"] }).reply(200, [])
      .post(`${ISSUES}/1/comments`).reply(201, comment(81, "all closed"));

    await harness.receive("issues", actionItemEvent("closed", { number: 5, body: itemBody(), labels: ["action-item", "priority:P3"], assignees: ["dana"], closedAt: "2026-12-01T09:00:00Z" }));

    expect(scope.isDone()).toBe(true);
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toBe(STATUS_TABLE("done"));
    const [onPostmortem] = harness.bodiesOf(`POST ${ISSUES}/2/comments`);
    expect(onPostmortem!.body).toContain("@dana All 1 action item of this postmortem are closed.");
    expect(onPostmortem!.body).toContain("The effectiveness review is due on **2027-01-01**");
    expect(harness.bodiesOf(`POST ${ISSUES}/1/comments`)[0]!.body).toContain("Every action item of the postmortem #2 is closed. Effectiveness review due on 2027-01-01.");

    // Redelivered: the row already says done and the loop is already closed.
    const again = github() // the configuration is cached from the first delivery (60 s): no read
      .get(`${ISSUES}/2`).reply(200, postmortemIssue(STATUS_TABLE("done")))
      .post("/graphql").reply(200, timeline(closedByHand))
      .get(ISSUES).query(itemList).reply(200, [{ ...issue({ number: 5, body: itemBody(), state: "closed" }) }])
      .get(`${ISSUES}/2/comments`).query(true).reply(200, [comment(80, onPostmortem!.body as string)]);
    await harness.receive("issues", actionItemEvent("closed", { number: 5, body: itemBody(), labels: ["action-item", "priority:P3"], assignees: ["dana"], closedAt: "2026-12-01T09:00:00Z" }));
    expect(again.isDone()).toBe(true);
    expect(harness.calls().filter((call) => !call.startsWith("GET") && call !== "POST /graphql")).toHaveLength(4);
  });

  it("closed as not planned is 'dropped'; with another item still open, the loop stays open", async () => {
    const scope = noConfig(github())
      .get(`${ISSUES}/2`).reply(200, postmortemIssue(STATUS_TABLE("open")))
      .post("/graphql").reply(200, timeline(closedAsNotPlanned))
      .patch(`${ISSUES}/2`).reply(200, issue({ number: 2 }))
      .get(ISSUES).query(itemList).reply(200, [issue({ number: 5, body: itemBody(), state: "closed" }), issue({ number: 6, body: itemBody({ key: "other" }) })]);

    await harness.receive("issues", actionItemEvent("closed", { number: 5, body: itemBody(), labels: ["action-item", "priority:P3"], assignees: ["dana"], closedAt: "2026-12-01T09:00:00Z", stateReason: "not_planned" }));

    expect(scope.isDone()).toBe(true);
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toBe(STATUS_TABLE("dropped"));
    expect(harness.calls().filter((call) => call.startsWith("POST") && call !== "POST /graphql")).toEqual([]);
  });

  it("closed by a merged pull request counts as implemented, and the row links the pull request", async () => {
    const scope = noConfig(github())
      .get(`${ISSUES}/2`).reply(200, postmortemIssue(STATUS_TABLE("open")))
      .post("/graphql", (body) => body.variables.number === 5).reply(200, timeline(closedByHand, reopened, closedByPullRequest))
      .patch(`${ISSUES}/2`).reply(200, issue({ number: 2 }))
      .get(ISSUES).query(itemList).reply(200, [issue({ number: 5, body: itemBody(), state: "closed" }), issue({ number: 6, body: itemBody({ key: "other" }) })]);
    await harness.receive("issues", actionItemEvent("closed", { number: 5, body: itemBody(), labels: ["action-item", "priority:P3"], assignees: ["dana"], closedAt: "2026-12-01T09:00:00Z" }));
    expect(scope.isDone()).toBe(true);
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toBe(STATUS_TABLE("implemented (#12)"));
  });

  it("reopened after being implemented: the row is open again and the postmortem hears the fix may have regressed, once", async () => {
    const regression = () =>
      noConfig(github())
        .get(`${ISSUES}/2`).reply(200, postmortemIssue(STATUS_TABLE("implemented (#12)")))
        .post("/graphql").reply(200, timeline(closedByPullRequest, reopened));
    const scope = regression()
      .get(`${ISSUES}/2/comments`).query(true).reply(200, [])
      .post(`${ISSUES}/2/comments`).reply(201, comment(84, "regression"))
      .patch(`${ISSUES}/2`).reply(200, issue({ number: 2 }));
    await harness.receive("issues", actionItemEvent("reopened", { number: 5, body: itemBody(), labels: ["action-item", "priority:P3"], assignees: ["dana"] }));
    expect(scope.isDone()).toBe(true);
    const said = harness.bodiesOf(`POST ${ISSUES}/2/comments`)[0]!.body as string;
    expect(said).toContain("@dana ⚠️ The action item #5 was implemented (#12) and has been reopened: the fix may have regressed.");
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toBe(STATUS_TABLE("open"));

    // Redelivered: the warning is there already, and the row says open.
    const again = github() // the configuration is cached from the first delivery (60 s): no read
      .get(`${ISSUES}/2`).reply(200, postmortemIssue(STATUS_TABLE("open")))
      .post("/graphql").reply(200, timeline(closedByPullRequest, reopened))
      .get(`${ISSUES}/2/comments`).query(true).reply(200, [comment(84, said)]);
    await harness.receive("issues", actionItemEvent("reopened", { number: 5, body: itemBody(), labels: ["action-item", "priority:P3"], assignees: ["dana"] }));
    expect(again.isDone()).toBe(true);
    expect(harness.calls().filter((call) => !call.startsWith("GET") && call !== "POST /graphql")).toHaveLength(2);
  });

  it("reopened after being done by hand: the row is open again, no regression is claimed", async () => {
    const scope = noConfig(github())
      .get(`${ISSUES}/2`).reply(200, postmortemIssue(STATUS_TABLE("done")))
      .post("/graphql").reply(200, timeline(closedByHand, reopened))
      .patch(`${ISSUES}/2`).reply(200, issue({ number: 2 }));
    await harness.receive("issues", actionItemEvent("reopened", { number: 5, body: itemBody(), labels: ["action-item", "priority:P3"], assignees: ["dana"] }));
    expect(scope.isDone()).toBe(true);
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toBe(STATUS_TABLE("open"));
  });

  it("reprioritised P3 → P1: the derived due date moves (2 weeks from filing), the item and the row say so", async () => {
    let itemPatch: any;
    const scope = noConfig(github())
      .patch(`${ISSUES}/5`, (body) => ((itemPatch = body), true)).reply(200, issue({ number: 5 }))
      .post(`${ISSUES}/5/comments`).reply(201, comment(82, "redated"))
      .get(`${ISSUES}/2`).reply(200, postmortemIssue(STATUS_TABLE("open")))
      .patch(`${ISSUES}/2`).reply(200, issue({ number: 2 }));

    await harness.receive("issues", actionItemEvent("labeled", { number: 5, body: itemBody(), label: "priority:P1", labels: ["action-item", "priority:P3", "priority:P1"], assignees: ["dana"] }));

    expect(scope.isDone()).toBe(true);
    expect(readActionItemRecord(itemPatch.body)).toMatchObject({ priority: "P1", due: "2026-12-10", dueSource: "derived" });
    expect(harness.bodiesOf(`POST ${ISSUES}/5/comments`)[0]!.body).toBe("Priority changed from P3 to P1: the due date is now **2026-12-10** (the P1 timeframe from when it was filed).");
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toBe(STATUS_TABLE("open", "P1", "@dana", "2026-12-10"));
  });

  it("reprioritised with an explicit due date: the date stays, and the comment says so", async () => {
    const scope = noConfig(github())
      .patch(`${ISSUES}/5`).reply(200, issue({ number: 5 }))
      .post(`${ISSUES}/5/comments`).reply(201, comment(82, "kept"))
      .get(`${ISSUES}/2`).reply(200, postmortemIssue(STATUS_TABLE("open", "P3", "@dana", "2026-12-20")))
      .patch(`${ISSUES}/2`).reply(200, issue({ number: 2 }));
    await harness.receive("issues", actionItemEvent("labeled", { number: 5, body: itemBody({ due: "2026-12-20", dueSource: "explicit" }), label: "priority:P0", labels: ["action-item", "priority:P0"], assignees: ["dana"] }));
    expect(scope.isDone()).toBe(true);
    expect(harness.bodiesOf(`POST ${ISSUES}/5/comments`)[0]!.body).toContain("The due date stays **2026-12-20**");
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toBe(STATUS_TABLE("open", "P0", "@dana", "2026-12-20"));
  });

  it("reassigned: the Owner cell follows; nothing else is written", async () => {
    const scope = noConfig(github())
      .get(`${ISSUES}/2`).reply(200, postmortemIssue(STATUS_TABLE("open")))
      .patch(`${ISSUES}/2`).reply(200, issue({ number: 2 }));
    await harness.receive("issues", actionItemEvent("assigned", { number: 5, body: itemBody(), labels: ["action-item", "priority:P3"], assignees: ["bob", "carol"] }));
    expect(scope.isDone()).toBe(true);
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toBe(STATUS_TABLE("open", "P3", "@bob, @carol"));
  });

  it("an event that changes nothing in the row writes nothing", async () => {
    const scope = noConfig(github()).get(`${ISSUES}/2`).reply(200, postmortemIssue(STATUS_TABLE("open")));
    await harness.receive("issues", actionItemEvent("labeled", { number: 5, body: itemBody(), label: "team:payments", labels: ["action-item", "priority:P3", "team:payments"], assignees: ["dana"] }));
    expect(scope.isDone()).toBe(true);
    expect(harness.calls().filter((call) => !call.startsWith("GET"))).toEqual([]);
  });

  it("a row removed from the table leaves the issue open and says so on it, once", async () => {
    const before = STATUS_TABLE("open");
    const after = postmortemWithRows([]);
    const scope = noConfig(github())
      .get(`${ISSUES}/5`).reply(200, issue({ number: 5, body: itemBody() }))
      .get(`${ISSUES}/5/comments`).query(true).reply(200, [])
      .post(`${ISSUES}/5/comments`).reply(201, comment(83, "unlisted"));
    await harness.receive("issues", issueEdited(before, { number: 2, body: after, labels: ["postmortem"], authorType: "Bot", createdAt: "2026-11-23T09:05:00Z" }));
    expect(scope.isDone()).toBe(true);
    expect(harness.bodiesOf(`POST ${ISSUES}/5/comments`)[0]!.body).toContain("no longer listed in the action items table of #2");

    const again = github() // the configuration is cached from the first delivery (60 s): no read
      .get(`${ISSUES}/5`).reply(200, issue({ number: 5, body: itemBody() }))
      .get(`${ISSUES}/5/comments`).query(true).reply(200, [comment(83, marker("unlisted"))]);
    await harness.receive("issues", issueEdited(before, { number: 2, body: after, labels: ["postmortem"], authorType: "Bot", createdAt: "2026-11-23T09:05:00Z" }));
    expect(again.isDone()).toBe(true);
    expect(harness.calls().filter((call) => call.startsWith("POST"))).toHaveLength(1);
  });
});
