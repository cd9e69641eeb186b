import { describe, expect, it } from "vitest";
import { renderActionItemBody } from "../../src/action-items/action-item-body.js";
import { parseConfig } from "../../src/config/load-config.js";
import { computeDigest } from "../../src/digest/compute-digest.js";
import { factsFrom } from "../../src/digest/read-facts.js";
import { periodOf } from "../../src/digest/periods.js";
import { renderDigest } from "../../src/digest/render-digest.js";
import { renderSummaryBlock } from "../../src/domain/postmortem-summary.js";
import { fakeIssue, listedIssue } from "../helpers/fake-github-graphql.js";

const listed = (fields: Parameters<typeof fakeIssue>[0]) => listedIssue(fakeIssue(fields));

const APP = { login: "postmortem-bot[bot]", __typename: "Bot" };
const REPO = "acme/incidents";
const config = parseConfig({ timeZone: "Europe/Berlin", digest: { weekly: true } }).config;
const LABELS = { incidents: config.severities.map((level) => level.label), postmortem: config.postmortem.label, actionItem: config.actionItems.label };

function postmortem(number: number, incident: number, severity: string, createdAt: string, reviewDue: string | null, closedAt: string | null, timeline = "") {
  const summary = renderSummaryBlock(
    {
      incident: { owner: "acme", repo: "incidents", number: incident },
      incidentUrl: "",
      severity,
      reviewBusinessDays: 1,
      openedAt: createdAt,
      resolvedAt: null,
      reviewDue,
      commanders: [],
    },
    { timeZone: "Europe/Berlin", holidays: [] },
  );
  return listed({ number, repo: REPO, title: `Postmortem: incident ${incident}`, labels: ["postmortem"], author: APP, body: `${summary}\n\n${timeline}`, createdAt, closedAt });
}

function actionItem(
  number: number,
  postmortemNumber: number,
  priority: "P0" | "P1" | "P2" | "P3",
  type: "prevention" | "detection" | "response",
  due: string,
  createdAt: string,
  closed: { at: string; closer?: "merged-pr"; reason?: "NOT_PLANNED" } | null,
  owners: string[],
) {
  const body = renderActionItemBody(
    {
      postmortem: { owner: "acme", repo: "incidents", number: postmortemNumber },
      incident: null,
      key: `item ${number}`,
      priority,
      type,
      due,
      dueSource: "derived",
      filedAt: createdAt,
      reminded: null,
    },
    { action: `Item ${number}`, postmortemMention: `#${postmortemNumber}`, incidentMention: null, owners, unassignable: [] },
  );
  return listed({
    number,
    repo: REPO,
    title: `Action ${number}`,
    labels: ["action-item"],
    author: APP,
    body,
    createdAt,
    assignees: owners,
    closedAt: closed?.at ?? null,
    ...(closed?.reason ? { stateReason: closed.reason } : {}),
    ...(closed?.closer ? { closer: closed.closer } : {}),
  });
}

/** Four weeks of a team's incidents, their postmortems and action items, ending with 2026-W48. */
const fixture = [
  listed({
    number: 101,
    repo: REPO,
    title: "Payments API timeouts",
    labels: ["incident:sev2", "service:payments"],
    createdAt: "2026-11-03T10:00:00Z",
    closedAt: "2026-11-03T14:30:00Z",
  }),
  listed({
    number: 110,
    repo: REPO,
    title: "Search index stale",
    labels: ["incident:sev3", "service:search"],
    createdAt: "2026-11-12T08:00:00Z",
    closedAt: "2026-11-13T09:00:00Z",
  }),
  listed({
    number: 120,
    repo: REPO,
    title: "Checkout returns 500 for all users",
    labels: ["incident:sev1", "service:checkout"],
    createdAt: "2026-11-23T09:00:00Z",
    closedAt: "2026-11-23T11:15:00Z",
  }),
  postmortem(
    121,
    120,
    "SEV1",
    "2026-11-23T09:01:00Z",
    "2026-11-24",
    "2026-11-27T16:00:00Z",
    "| Time | Event | Actions taken | Notes |\n|---|---|---|---|\n| 2026-11-23 09:50 | Impact began | | |\n| 2026-11-23 10:02 | Incident detected | | |\n| 2026-11-23 10:40 | Mitigated | | |\n\n## Related incidents\n\n- acme/incidents#101 (same connection pool)\n",
  ),
  listed({ number: 125, repo: REPO, title: "Checkout latency above SLO", labels: ["incident:sev2", "service:checkout"], createdAt: "2026-11-26T13:00:00Z" }),
  postmortem(126, 125, "SEV2", "2026-11-26T13:01:00Z", null, null),
  postmortem(102, 101, "SEV2", "2026-11-03T10:01:00Z", "2026-11-06", null),
  actionItem(130, 121, "P0", "prevention", "2026-11-30", "2026-11-24T10:00:00Z", { at: "2026-11-26T17:00:00Z", closer: "merged-pr" }, ["dana"]),
  actionItem(131, 121, "P1", "detection", "2026-12-08", "2026-11-24T10:00:00Z", null, ["bob"]),
  actionItem(132, 121, "P3", "response", "2026-12-24", "2026-11-24T10:00:00Z", null, []),
  actionItem(103, 102, "P1", "prevention", "2026-11-17", "2026-11-04T10:00:00Z", null, ["carol"]),
  actionItem(104, 102, "P2", "response", "2026-12-04", "2026-11-04T10:00:00Z", { at: "2026-11-20T10:00:00Z", reason: "NOT_PLANNED" }, ["carol"]),
  actionItem(105, 102, "P2", "detection", "2026-12-04", "2026-11-04T10:00:00Z", { at: "2026-11-25T10:00:00Z" }, ["carol"]),
];

describe("the weekly digest, rendered", () => {
  it("matches the markdown checked by eye (test/digest/__snapshots__/weekly-digest.md)", async () => {
    const period = periodOf("weekly", "2026-W48", config.timeZone);
    const digest = computeDigest(factsFrom(fixture, config), {
      kind: "weekly",
      period,
      timeZone: config.timeZone,
      severities: config.severities,
      history: 4,
      now: new Date("2026-12-01T07:00:00Z"),
    });
    const markdown = renderDigest(digest, {
      repositories: [REPO],
      severities: config.severities.map((level) => level.name),
      timeZone: config.timeZone,
      mayShow: () => true,
      labels: LABELS,
    });
    await expect(markdown).toMatchFileSnapshot("__snapshots__/weekly-digest.md");
  });
});
