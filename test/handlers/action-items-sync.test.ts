import type nock from "nock";
import { describe, expect, it } from "vitest";
import { readActionItemRecord, renderActionItemBody, type ActionItemRecord } from "../../src/action-items/action-item-body.js";
import { marker } from "../../src/domain/markers.js";
import { comment, issue, noConfig } from "../helpers/github-responses.js";
import { issueNow } from "../helpers/github-scenarios.js";
import { postmortemWithRows } from "../helpers/postmortem-fixtures.js";
import { github, useHarness } from "../helpers/probot-harness.js";
import { actionItemEvent, issueEdited, OWNER, REPO } from "../helpers/webhook-payloads.js";

const ISSUES = `/repos/${OWNER}/${REPO}/issues`;
const itemList = { labels: "action-item", state: "all", since: "2026-11-23T09:05:00Z", sort: "created", direction: "asc", per_page: "100" };
/** The requests every event starts with: the config (none here), the postmortem now (GraphQL), its action items. */
const OBSERVE = [`GET /repos/${OWNER}/${REPO}/contents/.github/postmortem.yml`, `GET /repos/${OWNER}/.github/contents/.github/postmortem.yml`, "POST /graphql", `GET ${ISSUES}`];
/** The same reads by a second delivery within 60 s: the configuration comes from the app's cache. */
const OBSERVE_CACHED = OBSERVE.slice(2);

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
/** A second item, #6, with its own row (so it is neither unlisted nor closing the loop). */
const OTHER_ROW = "| Rotate the pager | response | @dana | P3 | 2026-12-26 | #6 | open |";
const otherBody = () => itemBody({ key: "rotate the pager" });
const STATUS_TABLE = (status: string, priority = "P3", owner = "@dana", due = "2026-12-26", more: string[] = [], before?: string) =>
  postmortemWithRows([`| Add an alert on checkout 5xx | detection | ${owner} | ${priority} | ${due} | #5 |`, ...more], before)
    .replace(
      "| Action | Type | Owner | Priority | Due | Issue |\n|--------|------|-------|----------|-----|-------|\n| _Describe a specific, measurable action_ | prevention | @owner | P1 | | |",
      "| Action | Type | Owner | Priority | Due | Issue | Status |\n|---|---|---|---|---|---|---|",
    )
    .replace(`| ${due} | #5 |`, `| ${due} | #5 | ${status} |`);
/** GitHub's answer to the item's timeline query: its closings and reopenings, oldest first. */
const timeline = (...nodes: object[]) => ({ data: { repository: { issue: { stateReason: null, timelineItems: { nodes } } } } });
const closedByHand = { __typename: "ClosedEvent", createdAt: "2026-12-01T09:00:00Z", stateReason: "COMPLETED", closer: null };
const closedByPullRequest = {
  __typename: "ClosedEvent",
  createdAt: "2026-12-01T09:00:00Z",
  stateReason: "COMPLETED",
  closer: { __typename: "PullRequest", number: 12, merged: true, repository: { nameWithOwner: `${OWNER}/${REPO}` } },
};
const closedAsNotPlanned = { __typename: "ClosedEvent", createdAt: "2026-12-01T09:00:00Z", stateReason: "NOT_PLANNED", closer: null };
const reopened = { __typename: "ReopenedEvent", createdAt: "2026-12-02T08:00:00Z" };
const postmortemIssue = (body: string) => ({ ...issue({ number: 2, body, createdAt: "2026-11-23T09:05:00Z" }), assignees: [{ login: "dana" }] });

/** An action item as GitHub holds it now (the label list's answer): by default #5, open, P3, assigned to dana. */
function itemNow(fields: { number?: number; body?: string; closed?: "completed" | "not_planned"; labels?: string[]; assignees?: string[] } = {}) {
  return {
    ...issue({
      number: fields.number ?? 5,
      body: fields.body ?? itemBody(),
      state: fields.closed ? "closed" : "open",
      labels: fields.labels ?? ["action-item", "priority:P3"],
      title: "Add an alert on checkout 5xx",
    }),
    state_reason: fields.closed ?? null,
    closed_at: fields.closed ? "2026-12-01T09:00:00Z" : null,
    assignees: (fields.assignees ?? ["dana"]).map((login) => ({ login })),
  };
}

/** The postmortem #2 as GitHub holds it now, then its action items: what every event reads first. */
function observed(body: string, items: object[], comments: Parameters<typeof issueNow>[2] = [], configCached = false): nock.Scope {
  // A second delivery within 60 s finds the configuration in the app's cache: no read.
  return issueNow(configCached ? github() : noConfig(github()), postmortemIssue(body), comments)
    .get(ISSUES)
    .query(itemList)
    .reply(200, items);
}

/** The closing timeline of item `number` (GraphQL; told from the postmortem's IssueState query by its number). */
function closingTimeline(scope: nock.Scope, number: number, ...nodes: object[]): nock.Scope {
  return scope
    .post("/graphql", (body: { query: string; variables: { number: number } }) => !/IssueState/.test(body.query) && body.variables.number === number)
    .reply(200, timeline(...nodes));
}

const writes = (calls: string[]) => calls.filter((call) => !call.startsWith("GET") && call !== "POST /graphql");

describe("an action item's state flows back into its postmortem", () => {
  const harness = useHarness("2026-12-01T10:00:00Z");
  const closedEvent = (stateReason: "completed" | "not_planned" = "completed") =>
    actionItemEvent("closed", { number: 5, body: itemBody(), labels: ["action-item", "priority:P3"], assignees: ["dana"], closedAt: "2026-12-01T09:00:00Z", stateReason });

  it("closed as completed: the row's Status says done; the last item closing closes the loop on both issues, once", async () => {
    const scope = closingTimeline(observed(STATUS_TABLE("open"), [itemNow({ closed: "completed" })]), 5, closedByHand)
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(80, "all closed"))
      .post(`${ISSUES}/2/labels`, { labels: ["effectiveness-review"] })
      .reply(200, [])
      .post(`${ISSUES}/1/comments`)
      .reply(201, comment(81, "all closed"));

    await harness.receive("issues", closedEvent());

    expect(scope.isDone()).toBe(true);
    // The postmortem's comments come with it (IssueState): no separate comment list.
    expect(harness.calls()).toEqual([...OBSERVE, "POST /graphql", `PATCH ${ISSUES}/2`, `POST ${ISSUES}/2/comments`, `POST ${ISSUES}/2/labels`, `POST ${ISSUES}/1/comments`]);
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toBe(STATUS_TABLE("done"));
    const [onPostmortem] = harness.bodiesOf(`POST ${ISSUES}/2/comments`);
    expect(onPostmortem!.body).toContain("@dana All 1 action item of this postmortem are closed.");
    expect(onPostmortem!.body).toContain("The effectiveness review is due on **2027-01-01**");
    expect(harness.bodiesOf(`POST ${ISSUES}/1/comments`)[0]!.body).toContain("Every action item of the postmortem #2 is closed. Effectiveness review due on 2027-01-01.");

    // Redelivered: the row already says done (so its timeline is not read) and the loop is already closed.
    const again = observed(STATUS_TABLE("done"), [itemNow({ closed: "completed" })], [comment(80, onPostmortem!.body as string)], true);
    await harness.receive("issues", closedEvent());
    expect(again.isDone()).toBe(true);
    expect(harness.calls().slice(9)).toEqual(OBSERVE_CACHED);
    expect(writes(harness.calls())).toHaveLength(4);
  });

  it("closed as not planned is 'dropped'; with another item still open, the loop stays open", async () => {
    const scope = closingTimeline(
      observed(STATUS_TABLE("open", "P3", "@dana", "2026-12-26", [OTHER_ROW]), [itemNow({ closed: "not_planned" }), itemNow({ number: 6, body: otherBody() })]),
      5,
      closedAsNotPlanned,
    )
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }));

    await harness.receive("issues", closedEvent("not_planned"));

    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).toEqual([...OBSERVE, "POST /graphql", `PATCH ${ISSUES}/2`]);
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toBe(STATUS_TABLE("dropped", "P3", "@dana", "2026-12-26", [OTHER_ROW]));
  });

  it("closed by a merged pull request counts as implemented, and the row links the pull request", async () => {
    const scope = closingTimeline(
      observed(STATUS_TABLE("open", "P3", "@dana", "2026-12-26", [OTHER_ROW]), [itemNow({ closed: "completed" }), itemNow({ number: 6, body: otherBody() })]),
      5,
      closedByHand,
      reopened,
      closedByPullRequest,
    )
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }));
    await harness.receive("issues", closedEvent());
    expect(scope.isDone()).toBe(true);
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toBe(STATUS_TABLE("implemented (#12)", "P3", "@dana", "2026-12-26", [OTHER_ROW]));
  });

  it("reopened after being implemented: the row is open again and the postmortem hears the fix may have regressed, once", async () => {
    const reopenedEvent = () => actionItemEvent("reopened", { number: 5, body: itemBody(), labels: ["action-item", "priority:P3"], assignees: ["dana"] });
    const scope = closingTimeline(observed(STATUS_TABLE("implemented (#12)"), [itemNow()]), 5, closedByPullRequest, reopened)
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(84, "regression"))
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }));
    await harness.receive("issues", reopenedEvent());
    expect(scope.isDone()).toBe(true);
    // The warning goes first: cut off between the two writes, the row still says implemented and the next event warns.
    expect(harness.calls()).toEqual([...OBSERVE, "POST /graphql", `POST ${ISSUES}/2/comments`, `PATCH ${ISSUES}/2`]);
    const said = harness.bodiesOf(`POST ${ISSUES}/2/comments`)[0]!.body as string;
    expect(said).toContain("@dana ⚠️ The action item #5 was implemented (#12) and has been reopened: the fix may have regressed.");
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toBe(STATUS_TABLE("open"));

    // Redelivered: the row says open (no timeline needed) and the warning is there already.
    const again = observed(STATUS_TABLE("open"), [itemNow()], [comment(84, said)], true);
    await harness.receive("issues", reopenedEvent());
    expect(again.isDone()).toBe(true);
    expect(writes(harness.calls())).toHaveLength(2);
  });

  it("reopened while the row says implemented and the warning was already posted: the row is open again, no second warning", async () => {
    const said = `⚠️ regression ${marker("regression", { item: `${OWNER}/${REPO}#5`, reopenedAt: reopened.createdAt })}`;
    const scope = closingTimeline(observed(STATUS_TABLE("implemented (#12)"), [itemNow()], [comment(84, said)]), 5, closedByPullRequest, reopened)
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }));
    await harness.receive("issues", actionItemEvent("reopened", { number: 5, body: itemBody(), labels: ["action-item", "priority:P3"], assignees: ["dana"] }));
    expect(scope.isDone()).toBe(true);
    expect(writes(harness.calls())).toEqual([`PATCH ${ISSUES}/2`]);
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toBe(STATUS_TABLE("open"));
  });

  it.each(["done", "dropped"])("reopened after being %s by hand: the row is open again without reading the timeline, no regression is claimed", async (status) => {
    const scope = observed(STATUS_TABLE(status), [itemNow()])
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }));
    await harness.receive("issues", actionItemEvent("reopened", { number: 5, body: itemBody(), labels: ["action-item", "priority:P3"], assignees: ["dana"] }));
    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).toEqual([...OBSERVE, `PATCH ${ISSUES}/2`]);
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toBe(STATUS_TABLE("open"));
  });

  it("reprioritised P3 → P1: the derived due date moves (2 weeks from filing), the item and the row say so", async () => {
    let itemPatch: any;
    const scope = observed(STATUS_TABLE("open"), [itemNow({ labels: ["action-item", "priority:P3", "priority:P1"] })])
      .patch(`${ISSUES}/5`, (body) => ((itemPatch = body), true))
      .reply(200, issue({ number: 5 }))
      .post(`${ISSUES}/5/comments`)
      .reply(201, comment(82, "redated"))
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }));

    await harness.receive(
      "issues",
      actionItemEvent("labeled", { number: 5, body: itemBody(), label: "priority:P1", labels: ["action-item", "priority:P3", "priority:P1"], assignees: ["dana"] }),
    );

    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).toEqual([...OBSERVE, `PATCH ${ISSUES}/5`, `POST ${ISSUES}/5/comments`, `PATCH ${ISSUES}/2`]);
    expect(readActionItemRecord(itemPatch.body)).toMatchObject({ priority: "P1", due: "2026-12-10", dueSource: "derived" });
    expect(harness.bodiesOf(`POST ${ISSUES}/5/comments`)[0]!.body).toBe(
      "Priority changed from P3 to P1: the due date is now **2026-12-10** (the P1 timeframe from when it was filed).",
    );
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toBe(STATUS_TABLE("open", "P1", "@dana", "2026-12-10"));
  });

  it("reprioritised with an explicit due date: the date stays, and the comment says so", async () => {
    const body = itemBody({ due: "2026-12-20", dueSource: "explicit" });
    const scope = observed(STATUS_TABLE("open", "P3", "@dana", "2026-12-20"), [itemNow({ body, labels: ["action-item", "priority:P0"] })])
      .patch(`${ISSUES}/5`)
      .reply(200, issue({ number: 5 }))
      .post(`${ISSUES}/5/comments`)
      .reply(201, comment(82, "kept"))
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }));
    await harness.receive("issues", actionItemEvent("labeled", { number: 5, body, label: "priority:P0", labels: ["action-item", "priority:P0"], assignees: ["dana"] }));
    expect(scope.isDone()).toBe(true);
    expect(harness.bodiesOf(`POST ${ISSUES}/5/comments`)[0]!.body).toContain("The due date stays **2026-12-20**");
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toBe(STATUS_TABLE("open", "P0", "@dana", "2026-12-20"));
  });

  it("reassigned: the Owner cell follows; nothing else is written", async () => {
    const scope = observed(STATUS_TABLE("open"), [itemNow({ assignees: ["bob", "carol"] })])
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }));
    await harness.receive("issues", actionItemEvent("assigned", { number: 5, body: itemBody(), labels: ["action-item", "priority:P3"], assignees: ["bob", "carol"] }));
    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).toEqual([...OBSERVE, `PATCH ${ISSUES}/2`]);
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toBe(STATUS_TABLE("open", "P3", "@bob, @carol"));
  });

  it("an event that changes nothing in the row writes nothing", async () => {
    const scope = observed(STATUS_TABLE("open"), [itemNow({ labels: ["action-item", "priority:P3", "team:payments"] })]);
    await harness.receive(
      "issues",
      actionItemEvent("labeled", { number: 5, body: itemBody(), label: "team:payments", labels: ["action-item", "priority:P3", "team:payments"], assignees: ["dana"] }),
    );
    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).toEqual(OBSERVE);
  });

  it("a stale delivery is not believed: GitHub's labels and assignees now decide, and they match the row", async () => {
    // The delivery says P1 and bob; since then the label and the assignee went back: nothing to write.
    const scope = observed(STATUS_TABLE("open"), [itemNow()]);
    await harness.receive("issues", actionItemEvent("labeled", { number: 5, body: itemBody(), label: "priority:P1", labels: ["action-item", "priority:P1"], assignees: ["bob"] }));
    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).toEqual(OBSERVE);
  });

  it("a row removed from the table leaves the issue open and says so on it, once (seen from the rows and the items, not from the edit's previous body)", async () => {
    const after = postmortemWithRows([]);
    const scope = observed(after, [itemNow()]).get(`${ISSUES}/5/comments`).query(true).reply(200, []).post(`${ISSUES}/5/comments`).reply(201, comment(83, "unlisted"));
    // The edit's `changes.body.from` is not read: even an edit whose previous body had no such row finds it gone.
    await harness.receive("issues", issueEdited(postmortemWithRows([]), { number: 2, body: after, labels: ["postmortem"], authorType: "Bot", createdAt: "2026-11-23T09:05:00Z" }));
    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).toEqual([...OBSERVE, `GET ${ISSUES}/5/comments`, `POST ${ISSUES}/5/comments`]);
    expect(harness.bodiesOf(`POST ${ISSUES}/5/comments`)[0]!.body).toContain("no longer listed in the action items table of #2");

    const again = observed(after, [itemNow()], [], true)
      .get(`${ISSUES}/5/comments`)
      .query(true)
      .reply(200, [comment(83, marker("unlisted"))]);
    await harness.receive("issues", issueEdited(STATUS_TABLE("open"), { number: 2, body: after, labels: ["postmortem"], authorType: "Bot", createdAt: "2026-11-23T09:05:00Z" }));
    expect(again.isDone()).toBe(true);
    expect(writes(harness.calls())).toHaveLength(1);
  });

  it("a closed item whose row is gone is not told anything", async () => {
    const scope = observed(postmortemWithRows([]), [itemNow({ closed: "completed" })], [comment(80, marker("all-closed", { reviewDue: "2027-01-01" }))]);
    await harness.receive("issues", issueEdited("", { number: 2, body: postmortemWithRows([]), labels: ["postmortem"], authorType: "Bot", createdAt: "2026-11-23T09:05:00Z" }));
    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).toEqual(OBSERVE);
  });
});

describe("catch-up: what happened while the app was down is brought in step by the next event", () => {
  const harness = useHarness("2026-12-03T10:00:00Z");
  // #5 was closed while no delivery reached the app: its row still says open. #6 is open and in step.
  const stale = STATUS_TABLE("open", "P3", "@dana", "2026-12-26", [OTHER_ROW], "## What went wrong\n\n- The pool was too small.\n- Nobody was paged for 20 minutes.");
  const items = () => [itemNow({ closed: "completed" }), itemNow({ number: 6, body: otherBody() })];
  const events: [string, () => [string, object]][] = [
    [
      "an edit of another section of the postmortem",
      () => ["issues", issueEdited(postmortemWithRows([]), { number: 2, body: stale, labels: ["postmortem"], authorType: "Bot", createdAt: "2026-11-23T09:05:00Z" })],
    ],
    [
      "a label on the other action item",
      () => [
        "issues",
        actionItemEvent("labeled", { number: 6, body: otherBody(), label: "team:payments", labels: ["action-item", "priority:P3", "team:payments"], assignees: ["dana"] }),
      ],
    ],
  ];

  it.each(events)("%s brings the closed item's row to done; the same event again writes nothing", async (_name, event) => {
    const scope = closingTimeline(observed(stale, items()), 5, closedByHand)
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }));
    await harness.receive(...event());
    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).toEqual([...OBSERVE, "POST /graphql", `PATCH ${ISSUES}/2`]);
    // Only #5's Status cell changes; the person's new line and #6's row stay as GitHub holds them.
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toBe(stale.replace("| #5 | open |", "| #5 | done |"));

    const again = observed(stale.replace("| #5 | open |", "| #5 | done |"), items(), [], true);
    await harness.receive(...event());
    expect(again.isDone()).toBe(true);
    expect(harness.calls().slice(6)).toEqual(OBSERVE_CACHED);
    expect(writes(harness.calls())).toEqual([`PATCH ${ISSUES}/2`]);
  });
});
