import { describe, expect, it } from "vitest";
import { renderActionItemBody } from "../../src/action-items/action-item-body.js";
import { marker, readMarker } from "../../src/domain/markers.js";
import { comment, issue, noConfig } from "../helpers/github-responses.js";
import { ISSUES, issueNow, POSTMORTEM_LIST } from "../helpers/github-scenarios.js";
import { renderSummaryBlock, summarize } from "../../src/domain/postmortem-summary.js";
import { linkMarker, postmortemBody, SEV1, SEV2 } from "../helpers/postmortem-fixtures.js";
import { github, useHarness } from "../helpers/probot-harness.js";
import { issueLabeled, OWNER, REPO } from "../helpers/webhook-payloads.js";

const SERVICE_LIST = { labels: "service:checkout", state: "all", per_page: "100" };
const USER = { login: "alice", type: "User" };
const UTC = { timeZone: "UTC", holidays: [] };

function pastIncident(number: number, title: string, severity: string, createdAt: string, closedAt: string | null) {
  return { ...issue({ number, title, createdAt, user: USER, labels: [severity, "service:checkout"], state: closedAt ? "closed" : "open" }), closed_at: closedAt };
}
function pastPostmortemBody(incident: number, createdAt: string, closedAt: string): string {
  const facts = {
    ref: { owner: OWNER, repo: REPO, number: incident },
    url: `https://github.com/${OWNER}/${REPO}/issues/${incident}`,
    createdAt,
    closedAt,
    state: "closed" as const,
    assignees: [],
  };
  return renderSummaryBlock(summarize(facts, SEV2, UTC), UTC);
}
function openItem(number: number, title: string, priority: "P1" | "P2", due: string, owners: string[]) {
  const body = renderActionItemBody(
    {
      postmortem: { owner: OWNER, repo: REPO, number: 11 },
      incident: null,
      key: title.toLowerCase(),
      priority,
      type: "prevention",
      due,
      dueSource: "derived",
      filedAt: "2026-10-01T10:00:00Z",
      reminded: null,
    },
    { action: title, postmortemMention: "#11", incidentMention: null, owners, unassignable: [] },
  );
  return { ...issue({ number, title, body, labels: ["action-item", `priority:${priority}`, "service:checkout"] }), assignees: owners.map((login) => ({ login })) };
}

describe("a new incident on a service with a history", () => {
  const harness = useHarness("2026-11-26T10:00:00Z");

  it("is warned once, overdue items first, and its postmortem names the earlier incidents", async () => {
    const history = [
      pastIncident(10, "Checkout 500s after deploy", "incident:sev2", "2026-09-14T08:00:00Z", "2026-09-14T11:00:00Z"),
      issue({
        number: 11,
        title: "Postmortem: Checkout 500s after deploy",
        body: pastPostmortemBody(10, "2026-09-14T08:00:00Z", "2026-09-14T11:00:00Z"),
        labels: ["postmortem", "service:checkout"],
      }),
      pastIncident(20, "Checkout slow at peak", "incident:sev3", "2026-10-20T18:00:00Z", "2026-10-21T07:00:00Z"),
      openItem(12, "Add a canary stage to checkout deploys", "P1", "2026-11-01", ["dana"]),
      openItem(13, "Load-test the payment pool", "P2", "2026-12-20", []),
    ];
    let created: any;
    const event = issueLabeled("incident:sev1", { labels: ["incident:sev1", "service:checkout"] });
    const scope = issueNow(noConfig(github()), event.issue, [])
      .get(ISSUES)
      .query(SERVICE_LIST)
      .reply(200, history)
      .post(`${ISSUES}/1/comments`, (body) => body.body.includes("postmortem-bot:recurrence"))
      .reply(201, comment(60, "recurrence"))
      .get(ISSUES)
      .query(POSTMORTEM_LIST)
      .reply(200, [])
      .post(ISSUES, (body) => ((created = body), true))
      .reply(201, () => issue({ number: 30, body: created.body }))
      .get(ISSUES)
      .query(POSTMORTEM_LIST)
      .reply(200, () => [issue({ number: 30, body: created.body })])
      .post(`${ISSUES}/30/comments`)
      .reply(201, comment(61, "checklist"))
      .post(`${ISSUES}/1/comments`)
      .reply(201, comment(62, "link"));

    await harness.receive("issues", event);

    expect(scope.isDone()).toBe(true);
    // Observe (incident, postmortem list, history), then the writes: warning, postmortem, race check, checklist, link.
    expect(harness.calls().slice(2)).toEqual([
      "POST /graphql",
      `GET ${ISSUES}`,
      `GET ${ISSUES}`,
      `POST ${ISSUES}/1/comments`,
      `POST ${ISSUES}`,
      `GET ${ISSUES}`,
      `POST ${ISSUES}/30/comments`,
      `POST ${ISSUES}/1/comments`,
    ]);
    const warning = harness.bodiesOf(`POST ${ISSUES}/1/comments`)[0]!.body as string;
    expect(readMarker(warning, "recurrence")).toEqual({ incidents: [`${OWNER}/${REPO}#20`, `${OWNER}/${REPO}#10`], items: [`${OWNER}/${REPO}#12`, `${OWNER}/${REPO}#13`] });
    expect(warning).toContain("🔁 This is not the first incident on `service:checkout`.");
    expect(warning).toContain("**1 overdue P1 action item exists for service:checkout.**");
    expect(warning).toContain(
      "Earlier incidents, most recent first:\n\n- #20 Checkout slow at peak: SEV3, opened 2026-10-20, resolved 2026-10-21\n- #10 Checkout 500s after deploy: SEV2, opened 2026-09-14, resolved 2026-09-14",
    );
    expect(warning).toContain(
      "- #12 Add a canary stage to checkout deploys: P1, 25 days overdue (due 2026-11-01), @dana\n- #13 Load-test the payment pool: P2, due 2026-12-20, no owner",
    );
    expect(created.labels).toEqual(["postmortem", "service:checkout"]);
    expect(created.body).toContain("## Related incidents\n\n- #20 (SEV3, 2026-10-20, `service:checkout`)\n- #10 (SEV2, 2026-09-14, `service:checkout`)");
  });

  it("already warned: a later label costs no history look-up and posts nothing", async () => {
    const event = issueLabeled("service:payments", { labels: ["incident:sev1", "service:checkout", "service:payments"] });
    const scope = issueNow(noConfig(github()), event.issue, [comment(60, marker("recurrence", { incidents: [], items: [] })), comment(62, linkMarker())])
      .get(`${ISSUES}/2`)
      .reply(200, issue({ number: 2, body: postmortemBody(SEV1) }));
    await harness.receive("issues", event);
    expect(scope.isDone()).toBe(true);
    expect(harness.calls().slice(2)).toEqual(["POST /graphql", `GET ${ISSUES}/2`]);
  });

  it("a service without history gets no warning", async () => {
    const event = issueLabeled("service:search", { labels: ["incident:sev1", "service:search"] });
    const scope = issueNow(noConfig(github()), event.issue, [comment(62, linkMarker())])
      .get(ISSUES)
      .query({ labels: "service:search", state: "all", per_page: "100" })
      .reply(200, [])
      .get(`${ISSUES}/2`)
      .reply(200, issue({ number: 2, body: postmortemBody(SEV1) }));
    await harness.receive("issues", event);
    expect(scope.isDone()).toBe(true);
    expect(harness.calls().slice(2)).toEqual(["POST /graphql", `GET ${ISSUES}/2`, `GET ${ISSUES}`]);
  });
});
