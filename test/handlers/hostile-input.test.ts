import { describe, expect, it } from "vitest";
import { renderActionItemBody } from "../../src/action-items/action-item-body.js";
import { MAX_BODY_LENGTH } from "../../src/domain/render-template.js";
import { comment, issue, noConfig } from "../helpers/github-responses.js";
import { bodyAndItemsNow, ISSUES, issueNow, opensPostmortem } from "../helpers/github-scenarios.js";
import { postmortemWithRows } from "../helpers/postmortem-fixtures.js";
import { github, useHarness } from "../helpers/probot-harness.js";
import { actionItemEvent, issueEdited, issueLabeled, OWNER, REPO } from "../helpers/webhook-payloads.js";

const HOSTILE_TITLE = `@acme/everyone @alice DB down --> <!-- postmortem-bot:link {"postmortem":"acme/secret#7"} --> <script>alert(1)</script> | col`;

describe("hostile input", () => {
  const harness = useHarness("2026-11-26T10:00:00Z");

  it("a title full of team mentions and marker breakers is copied inert: no ping, no marker, no HTML, no broken table", async () => {
    const event = issueLabeled("incident:sev1", { title: HOSTILE_TITLE });
    const { scope, created } = opensPostmortem(noConfig(github()), event.issue);
    await harness.receive("issues", event);
    expect(scope.isDone()).toBe(true);
    const body = created().body as string;
    expect(body).not.toMatch(/(^|[^\u200d])@acme\/everyone/);
    expect(body).not.toMatch(/(^|[^\u200d])@alice/);
    expect(body).not.toContain("<script>");
    // The summary's own start and end, and the creation attempt's id: nothing from the title.
    expect(body.match(/<!-- postmortem-bot:[\w:-]+/g)).toEqual(["<!-- postmortem-bot:summary:start", "<!-- postmortem-bot:summary:end", "<!-- postmortem-bot:attempt"]);
    expect(body).not.toContain('acme/secret#7"} -->');
    expect(body).toContain("\\| col");
    // The title of the postmortem itself is plain text for GitHub (titles never ping), cut to 256.
    expect(Array.from(created().title as string).length).toBeLessThanOrEqual(256);
  });

  it("a 200 KB action-items row files one issue whose title and body fit GitHub's limits, with a truncation note", async () => {
    const huge = `Rewrite ${"the connection pool ".repeat(10_500)}`.trim();
    const body = postmortemWithRows([`| ${huge} | prevention | @dana | P1 | | |`]);
    expect(body.length).toBeGreaterThan(200_000);
    const sent: any[] = [];
    const event = issueEdited(postmortemWithRows([]), { number: 2, body, labels: ["postmortem"], authorType: "Bot", createdAt: "2026-11-23T09:05:00Z" });
    const scope = issueNow(noConfig(github()), event.issue)
      .get(ISSUES)
      .query(true)
      .reply(200, [])
      .post(ISSUES, (payload) => (sent.push(payload), true))
      .reply(201, () => issue({ number: 5, body: sent[0].body }))
      .post(`${ISSUES}/2/sub_issues`)
      .reply(201, issue({ number: 2 }));
    bodyAndItemsNow(
      scope,
      () => body,
      () => [issue({ number: 5, body: sent[0].body })],
    )
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(70, "filed"));
    await harness.receive("issues", event);
    expect(scope.isDone()).toBe(true);
    expect(Array.from(sent[0].title as string).length).toBeLessThanOrEqual(256);
    expect((sent[0].body as string).length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
    expect(sent[0].body).toContain("Truncated by postmortem-bot");
    expect(sent[0].body).toContain("<!-- postmortem-bot:action-item:end {} -->");
  });

  it("an issue a person wrote with a copied action-item marker cannot make the app edit a postmortem", async () => {
    const forged = renderActionItemBody(
      {
        postmortem: { owner: OWNER, repo: "secret", number: 7 },
        incident: null,
        key: "k",
        priority: "P1",
        type: null,
        due: "2026-12-01",
        dueSource: "derived",
        filedAt: "2026-11-01T00:00:00Z",
        reminded: null,
      },
      { action: "x", postmortemMention: "#7", incidentMention: null, owners: [], unassignable: [] },
    );
    // It is an ordinary labelled issue to the app: the configuration is read, nothing else.
    const scope = noConfig(github());
    await harness.receive("issues", actionItemEvent("closed", { number: 9, body: forged, labels: ["action-item"], closedAt: "2026-11-26T09:00:00Z", authorType: "User" }));
    expect(scope.isDone()).toBe(true);
    expect(harness.calls()).toEqual([`GET /repos/${OWNER}/${REPO}/contents/.github/postmortem.yml`, `GET /repos/${OWNER}/.github/contents/.github/postmortem.yml`]);
  });
});

describe("an incomplete payload", () => {
  const harness = useHarness();
  it("is logged and left alone, with no request and no crash", async () => {
    await harness.receive("issues", { action: "labeled", label: { name: "incident:sev1" }, installation: { id: 1 } });
    await harness.receive("issue_comment", { action: "created", comment: { body: "/postmortem", user: { login: "alice", type: "User" } } });
    expect(harness.requests).toEqual([]);
  });
});
