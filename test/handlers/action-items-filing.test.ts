import type nock from "nock";
import { describe, expect, it } from "vitest";
import { readActionItemRecord, renderActionItemBody, type ActionItemRecord } from "../../src/action-items/action-item-body.js";
import { comment, configFile, HUMAN, issue, noConfig } from "../helpers/github-responses.js";
import { bodyAndItemsNow, issueNow, issueStateAnswer } from "../helpers/github-scenarios.js";
import { postmortemWithRows } from "../helpers/postmortem-fixtures.js";
import { github, useHarness } from "../helpers/probot-harness.js";
import { commentCreated, issueEdited, OWNER, REPO } from "../helpers/webhook-payloads.js";

const ISSUES = `/repos/${OWNER}/${REPO}/issues`;
const itemList = { labels: "action-item", state: "all", since: "2026-11-23T09:05:00Z", sort: "created", direction: "asc", per_page: "100" };
const TWO_ROWS = ["| Add an alert on checkout 5xx \\| rate | detection | @dana | P1 | | |", "| Raise the DB pool limit | prevention | @bob | P0 | 2026-11-30 | |"];
const edited = (body: string, previous = postmortemWithRows([])) =>
  issueEdited(previous, { number: 2, body, labels: ["postmortem"], authorType: "Bot", createdAt: "2026-11-23T09:05:00Z" });
/** The config read, then the postmortem #2 as GitHub holds it now (its body decides, not the delivery's). */
const postmortemNow = (scope: nock.Scope, body: string) => issueNow(scope, issue({ number: 2, body }));

const CONFIG_READS = [`GET /repos/${OWNER}/${REPO}/contents/.github/postmortem.yml`, `GET /repos/${OWNER}/.github/contents/.github/postmortem.yml`];

/** An action item the app filed from postmortem #2, as the label list returns it. */
function filedItem(number: number, fields: Pick<ActionItemRecord, "key" | "priority" | "type" | "due" | "dueSource">, assignee: string) {
  const record: ActionItemRecord = {
    postmortem: { owner: OWNER, repo: REPO, number: 2 },
    incident: { owner: OWNER, repo: REPO, number: 1 },
    filedAt: "2026-11-26T10:00:00.000Z",
    reminded: null,
    ...fields,
  };
  const body = renderActionItemBody(record, { action: fields.key, postmortemMention: "#2", incidentMention: "#1", owners: [assignee], unassignable: [] });
  return { ...issue({ number, body, labels: ["action-item", `priority:${fields.priority}`] }), assignees: [{ login: assignee }] };
}

/** GitHub answering the creation of action items #5, #6…, keeping what was sent. */
function createsItems(scope: nock.Scope, count: number, first = 5, repo = REPO): { sent: any[] } {
  const sent: any[] = [];
  for (let index = 0; index < count; index++) {
    const number = first + index;
    scope
      .post(`/repos/${OWNER}/${repo}/issues`, (body) => (sent.push(body), true))
      .reply(201, () => ({ ...issue({ number, repo, body: sent[index].body, title: sent[index].title }), node_id: `I_${number}` }))
      .post(`${ISSUES}/2/sub_issues`, { sub_issue_id: 2_000_000 + number })
      .reply(201, issue({ number: 2 }));
  }
  return { sent };
}

describe("action items are filed from the postmortem's table", () => {
  const harness = useHarness("2026-11-26T10:00:00Z");

  it("two rows in one edit: two issues with labels, owners and due dates, sub-issues, numbers written back, one summary comment", async () => {
    const body = postmortemWithRows(TWO_ROWS);
    const scope = postmortemNow(noConfig(github()), body).get(ISSUES).query(itemList).reply(200, []);
    const { sent } = createsItems(scope, 2);
    bodyAndItemsNow(
      scope,
      () => body,
      () => sent.map((item, index) => issue({ number: 5 + index, body: item.body })),
    )
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(70, "filed"));

    await harness.receive("issues", edited(body));

    expect(scope.isDone()).toBe(true);
    expect(sent.map((item) => [item.title, item.labels, item.assignees])).toEqual([
      ["Add an alert on checkout 5xx | rate", ["action-item", "priority:P1", "type:detection"], ["dana"]],
      ["Raise the DB pool limit", ["action-item", "priority:P0", "type:prevention"], ["bob"]],
    ]);
    expect(readActionItemRecord(sent[0].body)).toMatchObject({
      postmortem: { owner: OWNER, repo: REPO, number: 2 },
      incident: { owner: OWNER, repo: REPO, number: 1 },
      priority: "P1",
      due: "2026-12-10",
      dueSource: "derived",
    });
    expect(sent[0].body).toContain("| **Due** | **2026-12-10** (from the P1 timeframe) |");
    expect(readActionItemRecord(sent[1].body)).toMatchObject({ due: "2026-11-30", dueSource: "explicit" });

    const written = harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body as string;
    expect(written).toBe(
      body.replace("| detection | @dana | P1 | | |", "| detection | @dana | P1 | 2026-12-10 | #5 |").replace("| P0 | 2026-11-30 | |", "| P0 | 2026-11-30 | #6 |"),
    );
    const summary = harness.bodiesOf(`POST ${ISSUES}/2/comments`)[0]!.body as string;
    expect(summary).toContain("Filed 2 action items:\n\n- #5 P1, due 2026-12-10, @dana\n- #6 P0, due 2026-11-30, @bob");
    expect(summary).toContain("linked to this postmortem as sub-issues");
  });

  /** #5 and #6 as a first delivery filed them from TWO_ROWS: labels, assignees and records as the rows say. */
  const filedItems = () => [
    filedItem(5, { key: "add an alert on checkout 5xx | rate", priority: "P1", type: "detection", due: "2026-12-10", dueSource: "derived" }, "dana"),
    filedItem(6, { key: "raise the db pool limit", priority: "P0", type: "prevention", due: "2026-11-30", dueSource: "explicit" }, "bob"),
  ];
  const writtenBack = (body: string) =>
    body.replace("| detection | @dana | P1 | | |", "| detection | @dana | P1 | 2026-12-10 | #5 |").replace("| P0 | 2026-11-30 | |", "| P0 | 2026-11-30 | #6 |");

  it("a redelivered edit (the rows filed and written back since): reads the postmortem and its items, writes nothing", async () => {
    const body = postmortemWithRows(TWO_ROWS);
    // The delivery still carries the body before filing; GitHub holds it with the numbers.
    const scope = postmortemNow(noConfig(github()), writtenBack(body)).get(ISSUES).query(itemList).reply(200, filedItems());

    await harness.receive("issues", edited(body));

    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).toEqual([...CONFIG_READS, "POST /graphql", `GET ${ISSUES}`]);
  });

  it("a delivery cut off after filing, before writing back: the next one adopts the items, links them (one was linked already), creates nothing and writes the numbers back", async () => {
    const body = postmortemWithRows(TWO_ROWS);
    const alreadyLinked = {
      message: "Validation Failed",
      errors: [{ resource: "Issue", code: "custom", field: "sub_issue_id", message: "Issue may not contain duplicate sub-issues" }],
      documentation_url: "https://docs.github.com/rest",
    };
    const scope = postmortemNow(noConfig(github()), body)
      .get(ISSUES)
      .query(itemList)
      .reply(200, filedItems())
      .post(`${ISSUES}/2/sub_issues`, { sub_issue_id: 2_000_005 })
      .reply(422, alreadyLinked)
      .post(`${ISSUES}/2/sub_issues`, { sub_issue_id: 2_000_006 })
      .reply(201, issue({ number: 2 }));
    bodyAndItemsNow(scope, () => body, filedItems)
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }));

    await harness.receive("issues", edited(body));

    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).toEqual([
      ...CONFIG_READS,
      "POST /graphql",
      `GET ${ISSUES}`,
      `POST ${ISSUES}/2/sub_issues`,
      `POST ${ISSUES}/2/sub_issues`,
      "POST /graphql",
      `PATCH ${ISSUES}/2`,
    ]);
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toBe(writtenBack(body));
  });

  it("a person's edit made between the read and the write survives; only the Issue and Due cells change", async () => {
    const body = postmortemWithRows(TWO_ROWS.slice(0, 1));
    const meanwhile = postmortemWithRows(TWO_ROWS.slice(0, 1), "## What went wrong\n\n- The pool was too small.\n- Nobody was paged for 20 minutes.");
    const scope = postmortemNow(noConfig(github()), body).get(ISSUES).query(itemList).reply(200, []);
    const { sent } = createsItems(scope, 1);
    bodyAndItemsNow(
      scope,
      () => meanwhile,
      () => [issue({ number: 5, body: sent[0].body })],
    )
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(70, "filed"));

    await harness.receive("issues", edited(body));

    expect(scope.isDone()).toBe(true);
    // One new item costs 9: the config, the postmortem now (GraphQL), the item list, the creation and
    // its link, one read after it (GraphQL: the items for the race check and the body to write back
    // into), the write back and the summary.
    expect(harness.calls()).toEqual([
      ...CONFIG_READS,
      "POST /graphql",
      `GET ${ISSUES}`,
      `POST ${ISSUES}`,
      `POST ${ISSUES}/2/sub_issues`,
      "POST /graphql",
      `PATCH ${ISSUES}/2`,
      `POST ${ISSUES}/2/comments`,
    ]);
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toBe(meanwhile.replace("| @dana | P1 | | |", "| @dana | P1 | 2026-12-10 | #5 |"));
  });

  it("a replica filed the same row at the same moment: the read after the creation sees both, ours closes as the older one's duplicate and the row gets its number", async () => {
    const body = postmortemWithRows(TWO_ROWS.slice(0, 1));
    const scope = postmortemNow(noConfig(github()), body).get(ISSUES).query(itemList).reply(200, []);
    const { sent } = createsItems(scope, 1, 6);
    const theirs = filedItems()[0]!;
    bodyAndItemsNow(
      scope,
      () => body,
      () => [theirs, issue({ number: 6, body: sent[0].body, labels: ["action-item", "priority:P1"] })],
    )
      .post(`${ISSUES}/6/comments`)
      .reply(201, comment(71, "duplicate"))
      .patch(`${ISSUES}/6`, { state: "closed", state_reason: "duplicate" })
      .reply(200, issue({ number: 6, state: "closed" }))
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }));

    await harness.receive("issues", edited(body));

    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).toEqual([
      ...CONFIG_READS,
      "POST /graphql",
      `GET ${ISSUES}`,
      `POST ${ISSUES}`,
      `POST ${ISSUES}/2/sub_issues`,
      "POST /graphql",
      `POST ${ISSUES}/6/comments`,
      `PATCH ${ISSUES}/6`,
      `PATCH ${ISSUES}/2`,
    ]);
    expect(harness.bodiesOf(`POST ${ISSUES}/6/comments`)[0]!.body).toContain("Closed as a duplicate of #5");
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toBe(body.replace("| @dana | P1 | | |", "| @dana | P1 | 2026-12-10 | #5 |"));
  });

  it("the postmortem deleted while its items were filed: GitHub's NOT_FOUND beside the items is no crash, and nothing is written back", async () => {
    const body = postmortemWithRows(TWO_ROWS.slice(0, 1));
    const scope = postmortemNow(noConfig(github()), body).get(ISSUES).query(itemList).reply(200, []);
    const { sent } = createsItems(scope, 1);
    bodyAndItemsNow(
      scope,
      () => null,
      () => [issue({ number: 5, body: sent[0].body })],
    )
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(70, "filed"));

    await harness.receive("issues", edited(body));

    expect(scope.isDone()).toBe(true);
    expect(harness.calls().filter((call) => call.startsWith("PATCH"))).toEqual([]);
  });

  it("a late delivery is not believed: the rows GitHub holds now are filed, not the delivery's", async () => {
    const now = postmortemWithRows(TWO_ROWS.slice(1));
    const scope = postmortemNow(noConfig(github()), now).get(ISSUES).query(itemList).reply(200, []);
    const { sent } = createsItems(scope, 1);
    bodyAndItemsNow(
      scope,
      () => now,
      () => [issue({ number: 5, body: sent[0].body })],
    )
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(70, "filed"));

    // The delivery carries both rows; the first was deleted from the postmortem since.
    await harness.receive("issues", edited(postmortemWithRows(TWO_ROWS)));

    expect(scope.isDone()).toBe(true);
    expect(sent.map((item) => item.title)).toEqual(["Raise the DB pool limit"]);
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toBe(now.replace("| P0 | 2026-11-30 | |", "| P0 | 2026-11-30 | #5 |"));
  });

  it("bad rows are still filed where they safely can be, and each problem is said with its row", async () => {
    const body = postmortemWithRows(["| Fix the retry storm | fix | @ghost | High | next week | |"]);
    const sent: any[] = [];
    const scope = postmortemNow(noConfig(github()), body)
      .get(ISSUES)
      .query(itemList)
      .reply(200, [])
      .post(ISSUES, (payload) => (sent.push(payload), true))
      .reply(422, { message: "Validation Failed", errors: [{ field: "assignees", code: "invalid" }] })
      .post(ISSUES, (payload) => (sent.push(payload), true))
      .reply(201, () => issue({ number: 5, body: sent[1].body }))
      .post(`${ISSUES}/2/sub_issues`)
      .reply(201, issue({ number: 2 }));
    bodyAndItemsNow(
      scope,
      () => body,
      () => [issue({ number: 5, body: sent[1].body })],
    )
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(70, "filed"));

    await harness.receive("issues", edited(body));

    expect(scope.isDone()).toBe(true);
    expect(sent[1].assignees).toEqual([]);
    expect(sent[1].labels).toEqual(["action-item", "priority:P2"]);
    expect(sent[1].body).toContain("Owner named in the postmortem: @\u200dghost (could not be assigned here).");
    expect(readActionItemRecord(sent[1].body)).toMatchObject({ priority: "P2", due: "2026-12-26", dueSource: "derived", type: null });
    const said = harness.bodiesOf(`POST ${ISSUES}/2/comments`)[0]!.body as string;
    expect(said).toContain(
      "- Row 2 (“Fix the retry storm”): type `fix` is not one of prevention, detection, response; priority `High` is not one of P0..P5; due date `next week` is not a date written YYYY-MM-DD; the priority's due date was used; filed as P2 (the default priority); owner `ghost` could not be assigned; named in the issue instead.",
    );
    // The person's cells stay as written; only the empty Issue cell is filled.
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toContain("| Fix the retry storm | fix | @ghost | High | next week | #5 |");
  });

  it("without a sub-issues API (older GitHub Enterprise Server), links from a task list and says so", async () => {
    const body = postmortemWithRows(TWO_ROWS.slice(0, 1));
    const sent: any[] = [];
    const scope = postmortemNow(noConfig(github()), body)
      .get(ISSUES)
      .query(itemList)
      .reply(200, [])
      .post(ISSUES, (payload) => (sent.push(payload), true))
      .reply(201, () => issue({ number: 5, body: sent[0].body }))
      .post(`${ISSUES}/2/sub_issues`)
      .reply(404, { message: "Not Found" });
    bodyAndItemsNow(
      scope,
      () => body,
      () => [issue({ number: 5, body: sent[0].body })],
    )
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(70, "filed"));

    await harness.receive("issues", edited(body));

    expect(scope.isDone()).toBe(true);
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toMatch(/### Tracked action items\n\n<!-- postmortem-bot:tracked \{\} -->\n- \[ \] #5\n$/);
    expect(harness.bodiesOf(`POST ${ISSUES}/2/comments`)[0]!.body).toContain("no sub-issues API, so they are linked from the task list");
  });

  it("files action items in the configured repository, linking across repositories", async () => {
    const body = postmortemWithRows(TWO_ROWS.slice(0, 1));
    const sent: any[] = [];
    const fixesList = `/repos/${OWNER}/fixes/issues`;
    const scope = postmortemNow(configFile(github(), "actionItems:\n  repository: fixes\n"), body)
      .get(fixesList)
      .query(itemList)
      .reply(200, [])
      .post(fixesList, (payload) => (sent.push(payload), true))
      .reply(201, () => issue({ number: 80, repo: "fixes", body: sent[0].body }))
      .post(`${ISSUES}/2/sub_issues`, { sub_issue_id: 2_000_080 })
      .reply(201, issue({ number: 2 }));
    bodyAndItemsNow(
      scope,
      () => body,
      () => [issue({ number: 80, repo: "fixes", body: sent[0].body })],
      "fixes",
    )
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(70, "filed"));

    await harness.receive("issues", edited(body));

    expect(scope.isDone()).toBe(true);
    expect(sent[0].body).toContain(`Action item from the postmortem ${OWNER}/${REPO}#2 of incident ${OWNER}/${REPO}#1.`);
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toContain(`| P1 | 2026-12-10 | ${OWNER}/fixes#80 |`);
  });

  it("adds each item to the configured GitHub Project and sets its date field to the due date", async () => {
    const body = postmortemWithRows(TWO_ROWS.slice(0, 1));
    const graphql: any[] = [];
    const scope = postmortemNow(configFile(github(), "actionItems:\n  project:\n    owner: Codertocat\n    number: 3\n"), body)
      .get(ISSUES)
      .query(itemList)
      .reply(200, [])
      .post("/graphql", (payload) => (graphql.push(payload), true))
      .reply(200, { data: { repositoryOwner: { projectV2: { id: "PVT_1", field: { id: "PVTF_due", dataType: "DATE" } } } } });
    const { sent } = createsItems(scope, 1);
    scope
      .post("/graphql", (payload) => (graphql.push(payload), true))
      .reply(200, { data: { addProjectV2ItemById: { item: { id: "PVTI_5" } } } })
      .post("/graphql", (payload) => (graphql.push(payload), true))
      .reply(200, { data: { updateProjectV2ItemFieldValue: { projectV2Item: { id: "PVTI_5" } } } });
    bodyAndItemsNow(
      scope,
      () => body,
      () => [issue({ number: 5, body: sent[0].body })],
    )
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(70, "filed"));

    await harness.receive("issues", edited(body));

    expect(scope.isDone()).toBe(true);
    expect(graphql.map((request) => request.variables)).toEqual([
      { owner: "Codertocat", number: 3, field: "Due" },
      { project: "PVT_1", content: "I_5" },
      { project: "PVT_1", item: "PVTI_5", field: "PVTF_due", date: "2026-12-10" },
    ]);
  });

  it("the app's own edits, and edits of issues that are not postmortems, cost nothing", async () => {
    const body = postmortemWithRows(TWO_ROWS);
    await harness.receive("issues", issueEdited("", { number: 2, body, authorType: "Bot", senderType: "Bot" }));
    await harness.receive("issues", issueEdited("", { number: 3, body, authorType: "User" }));
    expect(harness.requests).toEqual([]);
  });

  it("/action adds a row and files it at once", async () => {
    const body = postmortemWithRows([]);
    const command = "/action Add a runbook for pool exhaustion priority:p3 type:Response owner:@alice due:2026-12-24";
    const sent: any[] = [];
    let rowAdded = "";
    const scope = github()
      .get(`/repos/${OWNER}/${REPO}/collaborators/alice/permission`)
      .reply(200, { permission: "write", role_name: "write", user: { login: "alice" } });
    noConfig(scope)
      .get(`${ISSUES}/2`)
      .reply(200, issue({ number: 2, body }))
      .patch(`${ISSUES}/2`, (payload) => ((rowAdded = payload.body), true))
      .reply(200, issue({ number: 2 }))
      // The reconcile after the row is added observes the postmortem with it, and the command among its comments.
      .post("/graphql", (payload) => /query IssueState\b/.test(payload.query) && payload.variables.number === 2)
      .reply(200, () => issueStateAnswer(issue({ number: 2, body: rowAdded }), [comment(9001, command, HUMAN)]))
      .get(ISSUES)
      .query(itemList)
      .reply(200, [])
      .post(ISSUES, (payload) => (sent.push(payload), true))
      .reply(201, () => issue({ number: 5, body: sent[0].body }))
      .post(`${ISSUES}/2/sub_issues`)
      .reply(201, issue({ number: 2 }));
    bodyAndItemsNow(
      scope,
      () => rowAdded,
      () => [issue({ number: 5, body: sent[0].body })],
    )
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(70, "filed"));

    await harness.receive("issue_comment", commentCreated(command, { number: 2, body, labels: ["postmortem"], authorType: "Bot", createdAt: "2026-11-23T09:05:00Z" }));

    expect(scope.isDone()).toBe(true);
    expect(rowAdded).toContain("| Add a runbook for pool exhaustion | response | @alice | P3 | 2026-12-24 |  |\n\n## Lessons learned");
    expect(sent[0]).toMatchObject({ title: "Add a runbook for pool exhaustion", labels: ["action-item", "priority:P3", "type:response"], assignees: ["alice"] });
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[1]!.body).toContain("| P3 | 2026-12-24 | #5 |");
  });

  it("/action redelivered: the row is there and filed, so nothing is written", async () => {
    const command = "/action Add a runbook for pool exhaustion priority:p3 type:Response owner:@alice due:2026-12-24";
    const body = postmortemWithRows(["| Add a runbook for pool exhaustion | response | @alice | P3 | 2026-12-24 | #5 |"]);
    const scope = github()
      .get(`/repos/${OWNER}/${REPO}/collaborators/alice/permission`)
      .reply(200, { permission: "write", role_name: "write", user: { login: "alice" } });
    postmortemNow(
      noConfig(scope)
        .get(`${ISSUES}/2`)
        .reply(200, issue({ number: 2, body })),
      body,
    )
      .get(ISSUES)
      .query(itemList)
      .reply(200, [filedItem(5, { key: "add a runbook for pool exhaustion", priority: "P3", type: "response", due: "2026-12-24", dueSource: "explicit" }, "alice")]);

    await harness.receive(
      "issue_comment",
      commentCreated(command, { number: 2, body: postmortemWithRows([]), labels: ["postmortem"], authorType: "Bot", createdAt: "2026-11-23T09:05:00Z" }),
    );

    expect(scope.isDone()).toBe(true);
    expect(harness.calls().filter((call) => !call.startsWith("GET") && call !== "POST /graphql")).toEqual([]);
  });
});
