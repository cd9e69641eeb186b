import { describe, expect, it } from "vitest";
import { marker, readMarker } from "../../src/domain/markers.js";
import { renderChecklistComment } from "../../src/domain/review-checklist.js";
import { builtInTemplate } from "../../src/postmortem/templates.js";
import { comment, configFile, issue, noConfig } from "../helpers/github-responses.js";
import { postmortemBody, SEV1 } from "../helpers/postmortem-fixtures.js";
import { github, useHarness } from "../helpers/probot-harness.js";
import { ISSUES, issueNow, opensPostmortem, POSTMORTEM_LIST } from "../helpers/github-scenarios.js";
import { issueClosed, issueLabeled, OWNER, REPO } from "../helpers/webhook-payloads.js";

describe("a broken .github/postmortem.yml", () => {
  const harness = useHarness();

  it("is explained on the incident (key path and reason), and the postmortem is still opened with the defaults", async () => {
    const yaml = "severities:\n  - name: SEV1\n    label: incident:sev1\n    postmortem: always\n    reviewBusinessDays: 1\ntimeZone: Mars/Olympus\nholidayz: []\n";
    const event = issueLabeled("incident:sev1");
    const { scope, created } = opensPostmortem(configFile(github(), yaml), event.issue);
    scope.post(`${ISSUES}/1/comments`).reply(201, comment(40, "config error"));

    await harness.receive("issues", event);

    expect(scope.isDone()).toBe(true);
    expect(readMarker(created().body, "summary:start")).toMatchObject({ severity: "SEV1" });
    const explanation = harness.bodiesOf(`POST ${ISSUES}/1/comments`)[1]!.body as string;
    expect(explanation).toContain("could not use `.github/postmortem.yml`, so it used the default settings");
    expect(explanation).toContain('- `severities[0].postmortem`: Invalid option: expected one of "required"|"optional"');
    expect(explanation).toContain("- `timeZone`: is not an IANA time zone");
    expect(explanation).toContain("- `holidayz`: unknown setting (check its spelling and indentation)");
  });

  it("is explained once: a later event with the same problems leaves the comment alone", async () => {
    const yaml = "timeZone: Nowhere/Else\n";
    const event = issueLabeled("incident:sev3");
    const first = issueNow(configFile(github(), yaml), event.issue, [])
      .get(ISSUES)
      .query(POSTMORTEM_LIST)
      .reply(200, [])
      .post(`${ISSUES}/1/comments`)
      .reply(201, comment(30, "optional"))
      .post(`${ISSUES}/1/comments`)
      .reply(201, comment(40, "config"));
    await harness.receive("issues", event);
    expect(first.isDone()).toBe(true);
    const [optional, explanation] = harness.bodiesOf(`POST ${ISSUES}/1/comments`).map((body) => body.body as string);

    const again = issueNow(github() /* the configuration is cached from the first delivery (60 s): no read */, event.issue, [comment(30, optional!), comment(40, explanation!)])
      .get(ISSUES)
      .query(POSTMORTEM_LIST)
      .reply(200, []);
    await harness.receive("issues", event);
    expect(again.isDone()).toBe(true);
    expect(harness.calls().filter((call) => !call.startsWith("GET") && call !== "POST /graphql")).toEqual([`POST ${ISSUES}/1/comments`, `POST ${ISSUES}/1/comments`]);
  });

  it("invalid YAML is explained and the work goes on", async () => {
    const event = issueLabeled("incident:sev1");
    const { scope } = opensPostmortem(configFile(github(), "severities: [unclosed\n"), event.issue);
    scope.post(`${ISSUES}/1/comments`).reply(201, comment(40, "config error"));
    await harness.receive("issues", event);
    expect(scope.isDone()).toBe(true);
    expect(harness.bodiesOf(`POST ${ISSUES}/1/comments`)[1]!.body).toContain("(invalid YAML)");
  });

  it("a configured template that does not exist is reported, and the built-in one is used", async () => {
    const scope = configFile(github(), "postmortem:\n  template: docs/pm.md\n").get(`/repos/${OWNER}/${REPO}/contents/docs%2Fpm.md`).reply(404, { message: "Not Found" });
    const event = issueLabeled("incident:sev1");
    const { created } = opensPostmortem(scope, event.issue);
    scope.post(`${ISSUES}/1/comments`).reply(201, comment(40, "config error"));
    await harness.receive("issues", event);
    expect(scope.isDone()).toBe(true);
    expect(created().body).toContain("## Five whys".replace("##", "###"));
    expect(harness.bodiesOf(`POST ${ISSUES}/1/comments`)[1]!.body).toContain("`docs/pm.md` (configured template) does not exist");
  });

  it("a repository's own template is used, with its placeholders filled and the summary put on top", async () => {
    const template = "## Our format\n\nIncident {{incident.ref}} ({{severity}}) on {{incident.date}}: {{incident.title}}\n{{team.owner}}\n";
    const scope = configFile(github(), "postmortem:\n  template: docs/pm.md\n")
      .get(`/repos/${OWNER}/${REPO}/contents/docs%2Fpm.md`)
      .reply(200, template, { "content-type": "text/plain; charset=utf-8" });
    const event = issueLabeled("incident:sev1", { title: "DB down <!-- --> @acme/everyone | x" });
    const { created } = opensPostmortem(scope, event.issue);
    await harness.receive("issues", event);
    expect(scope.isDone()).toBe(true);
    const body = created().body as string;
    expect(body.startsWith("<!-- postmortem-bot:summary:start")).toBe(true);
    expect(body).toContain(`Incident ${OWNER}/${REPO}#1 (SEV1) on 2026-11-23: DB down &lt;!-- --&gt; @\u200dacme/everyone \\| x`);
    expect(body).toContain("{{team.owner}}");
  });
});

describe("closing a postmortem", () => {
  const harness = useHarness();

  const closedPostmortem = (body = postmortemBody(SEV1)) => issueClosed({ number: 2, body, labels: ["postmortem"], closedAt: "2026-12-03T10:00:00Z", authorType: "Bot" });

  async function checklistWith(ticked: number): Promise<string> {
    let count = 0;
    const text = (await builtInTemplate("review-checklist.md")).replace(/- \[ \]/g, (box) => (count++ < ticked ? "- [x]" : box));
    return renderChecklistComment(text);
  }

  // The postmortem's action items, listed since it was opened: the reconcile reads them with it.
  const ITEM_LIST = { labels: "action-item", state: "all", since: "2026-11-23T09:00:00Z", sort: "created", direction: "asc", per_page: "100" };

  it("with required checklist items unticked: lists them on the postmortem", async () => {
    const event = closedPostmortem();
    const scope = issueNow(noConfig(github()), event.issue, [comment(11, await checklistWith(9))])
      .get(ISSUES)
      .query(ITEM_LIST)
      .reply(200, [])
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(50, "incomplete"));

    await harness.receive("issues", event);

    expect(scope.isDone()).toBe(true);
    const body = harness.bodiesOf(`POST ${ISSUES}/2/comments`)[0]!.body as string;
    expect(body).toContain("closed with 2 required review checklist items unticked");
    expect(body).toContain("- [ ] Follow-up review scheduled\n- [ ] Documentation completed and shared");
    expect(harness.calls()).not.toContain(`PATCH ${ISSUES}/2`);
  });

  it("reopens it when the repository asks for that", async () => {
    const event = closedPostmortem();
    const scope = issueNow(configFile(github(), "postmortem:\n  reopenWhenChecklistIncomplete: true\n"), event.issue, [comment(11, await checklistWith(0))])
      .get(ISSUES)
      .query(ITEM_LIST)
      .reply(200, [])
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(50, "incomplete"))
      .patch(`${ISSUES}/2`, { state: "open", state_reason: "reopened" })
      .reply(200, issue({ number: 2 }));
    await harness.receive("issues", event);
    expect(scope.isDone()).toBe(true);
    expect(harness.bodiesOf(`POST ${ISSUES}/2/comments`)[0]!.body).toContain("It has been reopened");
  });

  it("with every item ticked, or already reported for this close, says nothing", async () => {
    const reported = marker("checklist-incomplete", { closedAt: "2026-12-03T10:00:00Z" });
    const event = closedPostmortem();
    const scope = issueNow(noConfig(github()), event.issue, [comment(11, await checklistWith(11))])
      .get(ISSUES)
      .query(ITEM_LIST)
      .reply(200, []);
    // The second delivery finds the configuration in the app's cache (60 s): no read.
    issueNow(scope, event.issue, [comment(11, await checklistWith(3)), comment(50, reported)])
      .get(ISSUES)
      .query(ITEM_LIST)
      .reply(200, []);
    await harness.receive("issues", event);
    await harness.receive("issues", event);
    expect(scope.isDone()).toBe(true);
    expect(harness.calls().filter((call) => !call.startsWith("GET") && call !== "POST /graphql")).toEqual([]);
  });

  it("an issue a person wrote with a copied marker is not treated as a postmortem", async () => {
    await harness.receive("issues", issueClosed({ number: 2, body: postmortemBody(SEV1), closedAt: "2026-12-03T10:00:00Z", authorType: "User" }));
    expect(harness.requests).toEqual([]);
  });
});
