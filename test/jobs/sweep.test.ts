import { describe, expect, it } from "vitest";
import { readActionItemRecord, renderActionItemBody, type ActionItemRecord } from "../../src/action-items/action-item-body.js";
import { parseConfig } from "../../src/config/load-config.js";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";
import { marker } from "../../src/domain/markers.js";
import { WriteBudgetSpent } from "../../src/github/github-client.js";
import { sweepRepository } from "../../src/jobs/sweep.js";
import { comment, issue } from "../helpers/github-responses.js";
import { describeRequests, github, useRecordingClient } from "../helpers/probot-harness.js";
import { OWNER, REPO } from "../helpers/webhook-payloads.js";

const ISSUES = `/repos/${OWNER}/${REPO}/issues`;
const repo = { owner: OWNER, repo: REPO };
// Thursday 2026-12-10, 08:00 UTC.
const NOW = new Date("2026-12-10T08:00:00Z");
const OPEN_POSTMORTEMS = { labels: "postmortem", state: "open", per_page: "100" };

function item(number: number, due: string, reminded: ActionItemRecord["reminded"], assignees: string[], labels = ["action-item", "priority:P1"]) {
  const record: ActionItemRecord = {
    postmortem: { owner: OWNER, repo: REPO, number: 2 },
    incident: null,
    key: `item ${number}`,
    priority: "P1",
    type: "prevention",
    due,
    dueSource: "derived",
    filedAt: "2026-11-26T10:00:00.000Z",
    reminded,
  };
  const body = renderActionItemBody(record, { action: `Item ${number}`, postmortemMention: "#2", incidentMention: null, owners: assignees, unassignable: [] });
  return { ...issue({ number, body, labels }), assignees: assignees.map((login) => ({ login })) };
}

describe("the action-item sweep", () => {
  const recording = useRecordingClient();

  const config = parseConfig({ actionItems: { escalateTo: ["@acme/sre-leads"], escalateAfterDays: 7 } }).config;
  const open = [
    item(5, "2026-12-14", null, ["dana"]), // Monday: 2 business days away, due soon
    item(6, "2026-12-09", "due-soon", ["bob"]), // yesterday: overdue
    item(7, "2026-12-01", "overdue", ["carol"], ["action-item", "priority:P1", "overdue"]), // 9 days late: escalate
    item(8, "2026-12-01", "escalated", ["erin"], ["action-item", "priority:P1", "overdue"]), // everything said already
    item(9, "2027-02-01", null, []), // far off, but no owner
  ];

  it("posts each owed reminder once, labels overdue items, escalates, and names items without owner on the postmortem", async () => {
    const scope = github()
      .get(ISSUES)
      .query({ labels: "action-item", state: "open", per_page: "100" })
      .reply(200, open)
      .post(`${ISSUES}/5/comments`)
      .reply(201, comment(1, "due soon"))
      .patch(`${ISSUES}/5`)
      .reply(200, issue({ number: 5 }))
      .post(`${ISSUES}/6/comments`)
      .reply(201, comment(2, "overdue"))
      .post(`${ISSUES}/6/labels`, { labels: ["overdue"] })
      .reply(200, [])
      .patch(`${ISSUES}/6`)
      .reply(200, issue({ number: 6 }))
      .post(`${ISSUES}/7/comments`)
      .reply(201, comment(3, "escalated"))
      .patch(`${ISSUES}/7`)
      .reply(200, issue({ number: 7 }))
      .get(`${ISSUES}/2/comments`)
      .query(true)
      .reply(200, [])
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(4, "unowned"))
      .get(ISSUES)
      .query({ labels: "effectiveness-review", state: "all", per_page: "100" })
      .reply(200, [])
      .get(ISSUES)
      .query(OPEN_POSTMORTEMS)
      .reply(200, []);

    const report = await sweepRepository(recording.client, repo, config, NOW);

    expect(scope.isDone()).toBe(true);
    expect(report).toEqual({ openItems: 5, reminders: { "due-soon": 1, overdue: 1, escalated: 1 }, unownedCalledOut: 1, effectivenessReminders: 0, reviewReminders: 0 });
    const { bodiesOf } = describeRequests(recording.requests);
    expect(bodiesOf(`POST ${ISSUES}/5/comments`)[0]!.body).toBe("@dana this P1 action item is due on **2026-12-14**.");
    expect(bodiesOf(`POST ${ISSUES}/6/comments`)[0]!.body).toContain("@bob this P1 action item was due on **2026-12-09** and is overdue.");
    expect(bodiesOf(`POST ${ISSUES}/7/comments`)[0]!.body).toBe(
      "@acme/sre-leads: this P1 action item is 9 days overdue (due 2026-12-01). Owner: @carol. Please help unblock it or re-plan it.",
    );
    expect(readActionItemRecord(bodiesOf(`PATCH ${ISSUES}/5`)[0]!.body as string)?.reminded).toBe("due-soon");
    expect(readActionItemRecord(bodiesOf(`PATCH ${ISSUES}/7`)[0]!.body as string)?.reminded).toBe("escalated");
    expect(bodiesOf(`POST ${ISSUES}/2/comments`)[0]!.body).toContain("1 action item has no owner: #9.");
  });

  it("a second sweep the same day writes nothing: every stage is recorded on its item", async () => {
    const recorded = [
      item(5, "2026-12-14", "due-soon", ["dana"]),
      item(6, "2026-12-09", "overdue", ["bob"], ["action-item", "overdue"]),
      item(7, "2026-12-01", "escalated", ["carol"], ["action-item", "overdue"]),
      item(9, "2027-02-01", null, []),
    ];
    const scope = github()
      .get(ISSUES)
      .query({ labels: "action-item", state: "open", per_page: "100" })
      .reply(200, recorded)
      .get(`${ISSUES}/2/comments`)
      .query(true)
      .reply(200, [comment(4, marker("unowned", { items: ["#9"] }))])
      .get(ISSUES)
      .query({ labels: "effectiveness-review", state: "all", per_page: "100" })
      .reply(200, [])
      .get(ISSUES)
      .query(OPEN_POSTMORTEMS)
      .reply(200, []);
    await sweepRepository(recording.client, repo, config, NOW);
    expect(scope.isDone()).toBe(true);
    expect(recording.requests.filter((request) => request.method !== "GET")).toEqual([]);
  });

  it("an item that jumps straight past due gets the overdue reminder only, and its label", async () => {
    const scope = github()
      .get(ISSUES)
      .query(true)
      .reply(200, [item(6, "2026-12-08", null, ["bob"])])
      .post(`${ISSUES}/6/comments`)
      .reply(201, comment(2, "overdue"))
      .post(`${ISSUES}/6/labels`)
      .reply(200, [])
      .patch(`${ISSUES}/6`)
      .reply(200, issue({ number: 6 }))
      .get(ISSUES)
      .query(true)
      .reply(200, [])
      .get(ISSUES)
      .query(OPEN_POSTMORTEMS)
      .reply(200, []);
    const report = await sweepRepository(recording.client, repo, DEFAULT_CONFIG, NOW);
    expect(scope.isDone()).toBe(true);
    expect(report.reminders).toEqual({ "due-soon": 0, overdue: 1, escalated: 0 });
  });

  it("recalls a due effectiveness review once and takes the postmortem off the waiting list", async () => {
    const waiting = { ...issue({ number: 2, state: "closed" }), assignees: [{ login: "dana" }] };
    const scope = github()
      .get(ISSUES)
      .query({ labels: "action-item", state: "open", per_page: "100" })
      .reply(200, [])
      .get(ISSUES)
      .query({ labels: "effectiveness-review", state: "all", per_page: "100" })
      .reply(200, [waiting])
      .get(`${ISSUES}/2/comments`)
      .query(true)
      .reply(200, [comment(9, marker("all-closed", { reviewDue: "2026-12-10" }))])
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(10, "reminder"))
      .delete(`${ISSUES}/2/labels/effectiveness-review`)
      .reply(200, [])
      .get(ISSUES)
      .query(OPEN_POSTMORTEMS)
      .reply(200, []);
    const report = await sweepRepository(recording.client, repo, DEFAULT_CONFIG, NOW);
    expect(scope.isDone()).toBe(true);
    expect(report.effectivenessReminders).toBe(1);
    expect(describeRequests(recording.requests).bodiesOf(`POST ${ISSUES}/2/comments`)[0]!.body).toContain(
      "@dana The effectiveness review of this postmortem was due on **2026-12-10**.",
    );
  });

  it("costs one list request per 100 open items plus the writes it owes: 1,000 quiet items cost 10 reads, 12 in all", async () => {
    const quiet = Array.from({ length: 1000 }, (_, index) => item(100 + index, "2027-03-01", null, ["dana"]));
    const scope = github();
    for (let page = 0; page < 10; page++) {
      const link = page < 9 ? { link: `<https://api.github.com${ISSUES}?labels=action-item&state=open&per_page=100&page=${page + 2}>; rel="next"` } : undefined;
      scope
        .get(ISSUES)
        .query((query) => query.labels === "action-item" && (query.page ?? "1") === String(page + 1))
        .reply(200, quiet.slice(page * 100, page * 100 + 100), link);
    }
    scope.get(ISSUES).query({ labels: "effectiveness-review", state: "all", per_page: "100" }).reply(200, []).get(ISSUES).query(OPEN_POSTMORTEMS).reply(200, []);
    const report = await sweepRepository(recording.client, repo, DEFAULT_CONFIG, NOW);
    expect(scope.isDone()).toBe(true);
    expect(report.openItems).toBe(1000);
    expect(recording.requests).toHaveLength(12);
  });
});

describe("a sweep's write budget", () => {
  const recording = useRecordingClient();
  const owed = [item(5, "2026-12-14", null, ["dana"]), item(6, "2026-12-14", null, ["bob"]), item(7, "2026-12-14", null, ["carol"])];

  it("stops between items once the budget would be crossed, leaving no item half-reminded (the rest is the next run's)", async () => {
    const first = github()
      .get(ISSUES)
      .query({ labels: "action-item", state: "open", per_page: "100" })
      .reply(200, owed)
      .post(`${ISSUES}/5/comments`)
      .reply(201, comment(1, "due soon"))
      .patch(`${ISSUES}/5`)
      .reply(200, issue({ number: 5 }));
    recording.client.writeBudget = 3;

    await expect(sweepRepository(recording.client, repo, DEFAULT_CONFIG, NOW)).rejects.toBeInstanceOf(WriteBudgetSpent);

    expect(first.isDone()).toBe(true);
    // Item 5 got its comment and its recorded stage (2 writes); item 6 would have crossed 3, so it was not started.
    expect(
      describeRequests(recording.requests)
        .calls()
        .filter((call) => !call.startsWith("GET")),
    ).toEqual([`POST ${ISSUES}/5/comments`, `PATCH ${ISSUES}/5`]);
    const recorded = readActionItemRecord(describeRequests(recording.requests).bodiesOf(`PATCH ${ISSUES}/5`)[0]!.body as string);
    expect(recorded?.reminded).toBe("due-soon");
  });
});
