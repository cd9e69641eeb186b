import { describe, expect, it } from "vitest";
import { marker, readMarker } from "../../src/domain/markers.js";
import { comment, configFile, HUMAN, issue, noConfig } from "../helpers/github-responses.js";
import { linkMarker, postmortemBody, SEV1, SEV2, SEV3 } from "../helpers/postmortem-fixtures.js";
import { github, useHarness, type Harness } from "../helpers/probot-harness.js";
import { ISSUES, issueNow, linked, opensPostmortem, POSTMORTEM_LIST } from "../helpers/github-scenarios.js";
import { actionItemEvent, commentCreated, issueClosed, issueLabeled, issueReopened, issueUnlabeled, OWNER, REPO } from "../helpers/webhook-payloads.js";

/** Every request but the reads (GETs and the GraphQL read of the incident). */
const writes = (harness: Harness) => harness.calls().filter((call) => !call.startsWith("GET") && call !== "POST /graphql");

describe("the postmortem follows its incident", () => {
  const harness = useHarness();

  it("closing the incident writes the review deadline (1 business day for SEV1, over a weekend) and announces it", async () => {
    // Friday 2026-11-27 16:00 UTC: one business day later is Monday 2026-11-30.
    const event = issueClosed({ labels: ["incident:sev1"], closedAt: "2026-11-27T16:00:00Z", assignees: ["octocat"] });
    const scope = linked(noConfig(github()), event.issue, postmortemBody(SEV1))
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(20, "announce"));

    await harness.receive("issues", event);

    expect(scope.isDone()).toBe(true);
    const [patch] = harness.bodiesOf(`PATCH ${ISSUES}/2`);
    expect(readMarker(patch!.body as string, "summary:start")).toMatchObject({ resolvedAt: "2026-11-27T16:00:00Z", reviewDue: "2026-11-30" });
    expect(patch!.body).toContain("| **Review due** | **2026-11-30** (1 business day after resolution) |");
    expect(patch!.body).toContain("| **Duration** | 4 days 7 hours |");
    expect(patch!.body).toContain("Written by people.");
    expect(harness.bodiesOf(`POST ${ISSUES}/2/comments`)[0]!.body).toBe("@octocat The incident was resolved. Review due: **2026-11-30** (1 business day after resolution).");
  });

  it("counts business days in the configured time zone and skips configured holidays", async () => {
    const config = "timeZone: America/Los_Angeles\nholidays: ['2026-12-25']\n";
    // 2026-12-24T05:00Z is still Wednesday 23 Dec in Los Angeles: +3 business days skipping 25 Dec = Tue 29 Dec.
    const event = issueClosed({ labels: ["incident:sev2"], closedAt: "2026-12-24T05:00:00Z" });
    const scope = linked(configFile(github(), config), event.issue, postmortemBody(SEV2))
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(20, "announce"));

    await harness.receive("issues", event);

    expect(scope.isDone()).toBe(true);
    expect(readMarker(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body as string, "summary:start")).toMatchObject({ reviewDue: "2026-12-29" });
  });

  it("a redelivered close changes nothing", async () => {
    const event = issueClosed({ labels: ["incident:sev1"], closedAt: "2026-11-27T16:00:00Z" });
    const scope = linked(noConfig(github()), event.issue, postmortemBody(SEV1, "2026-11-27T16:00:00Z"));
    await harness.receive("issues", event);
    expect(scope.isDone()).toBe(true);
    expect(writes(harness)).toEqual([]);
  });

  it("reopening clears the deadline, and closing again recomputes it", async () => {
    const reopened = issueReopened({ labels: ["incident:sev1"] });
    const scope = linked(noConfig(github()), reopened.issue, postmortemBody(SEV1, "2026-11-27T16:00:00Z"))
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(20, "reopened"));
    await harness.receive("issues", reopened);
    expect(scope.isDone()).toBe(true);
    const cleared = harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body as string;
    expect(readMarker(cleared, "summary:start")).toMatchObject({ resolvedAt: null, reviewDue: null });
    expect(harness.bodiesOf(`POST ${ISSUES}/2/comments`)[0]!.body).toContain("reopened, so the review deadline is cleared");

    const closed = issueClosed({ labels: ["incident:sev1"], closedAt: "2026-12-01T10:00:00Z" });
    const again = linked(github(), closed.issue, cleared) // the configuration is cached from the first delivery (60 s): no read
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(21, "resolved"));
    await harness.receive("issues", closed);
    expect(again.isDone()).toBe(true);
    expect(readMarker(harness.bodiesOf(`PATCH ${ISSUES}/2`)[1]!.body as string, "summary:start")).toMatchObject({ reviewDue: "2026-12-02" });
  });

  it("a severity flip from SEV3 to SEV1 updates the postmortem's severity and deadline, and never opens a second one", async () => {
    const event = issueLabeled("incident:sev1", { labels: ["incident:sev3", "incident:sev1"], closedAt: "2026-11-27T16:00:00Z" });
    const scope = linked(noConfig(github()), event.issue, postmortemBody(SEV3, "2026-11-27T16:00:00Z"))
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(20, "flip"));

    await harness.receive("issues", event);

    expect(scope.isDone()).toBe(true);
    expect(writes(harness)).toEqual([`PATCH ${ISSUES}/2`, `POST ${ISSUES}/2/comments`]);
    expect(readMarker(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body as string, "summary:start")).toMatchObject({ severity: "SEV1", reviewDue: "2026-11-30" });
    expect(harness.bodiesOf(`POST ${ISSUES}/2/comments`)[0]!.body).toBe("Severity changed from SEV3 to SEV1. Review due: **2026-11-30** (1 business day after resolution).");
  });

  it("a flip down (SEV1 → SEV3) moves the postmortem when the old label goes, not when the new one comes", async () => {
    // Half-way, GitHub holds both labels: the more severe still rules, so the `labeled` delivery writes nothing.
    const added = issueLabeled("incident:sev3", { labels: ["incident:sev1", "incident:sev3"] });
    const halfway = linked(noConfig(github()), added.issue, postmortemBody(SEV1));
    await harness.receive("issues", added);
    expect(halfway.isDone()).toBe(true);
    expect(writes(harness)).toEqual([]);

    const removed = issueUnlabeled("incident:sev1", { labels: ["incident:sev3"] });
    const done = linked(github() /* the configuration is cached from the first delivery: no read */, removed.issue, postmortemBody(SEV1))
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(20, "flip"));
    await harness.receive("issues", removed);
    expect(done.isDone()).toBe(true);
    expect(readMarker(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body as string, "summary:start")).toMatchObject({ severity: "SEV3" });
    expect(harness.bodiesOf(`POST ${ISSUES}/2/comments`)[0]!.body).toBe("Severity changed from SEV1 to SEV3.");
  });

  it("an assignee added to the incident becomes a commander candidate in the summary, without an announcement", async () => {
    const event = actionItemEvent("assigned", { authorType: "User", labels: ["incident:sev1"], assignees: ["octocat"] });
    const scope = linked(noConfig(github()), event.issue, postmortemBody(SEV1))
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }));

    await harness.receive("issues", event);

    expect(scope.isDone()).toBe(true);
    expect(writes(harness)).toEqual([`PATCH ${ISSUES}/2`]);
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toContain("| **Incident commander candidates** | @octocat |");
  });

  it("an incident closed before any postmortem existed (app installed late) gets one, deadline included", async () => {
    const event = issueClosed({ labels: ["incident:sev2"], closedAt: "2026-11-26T12:00:00Z" });
    const { scope, created } = opensPostmortem(noConfig(github()), event.issue);

    await harness.receive("issues", event);

    expect(scope.isDone()).toBe(true);
    expect(readMarker(created().body, "summary:start")).toMatchObject({ severity: "SEV2", reviewDue: "2026-12-01" });
  });
});

describe("optional severities and the /postmortem command", () => {
  const harness = useHarness();

  it("SEV3: says a postmortem is optional and how to ask, once", async () => {
    const event = issueLabeled("incident:sev3");
    const scope = issueNow(noConfig(github()), event.issue, []).get(ISSUES).query(POSTMORTEM_LIST).reply(200, []).post(`${ISSUES}/1/comments`).reply(201, comment(30, "optional"));
    await harness.receive("issues", event);
    expect(scope.isDone()).toBe(true);
    const notice = harness.bodiesOf(`POST ${ISSUES}/1/comments`)[0]!.body as string;
    expect(notice).toContain("A postmortem is optional for SEV3 incidents.");
    expect(notice).toContain("`/postmortem`");

    const again = issueNow(github(), event.issue, [comment(30, notice)]) // the configuration is cached from the first delivery (60 s): no read
      .get(ISSUES)
      .query(POSTMORTEM_LIST)
      .reply(200, []);
    await harness.receive("issues", event);
    expect(again.isDone()).toBe(true);
    expect(writes(harness)).toEqual([`POST ${ISSUES}/1/comments`]);
  });

  it("/postmortem by someone with triage permission opens it", async () => {
    let created: any;
    const event = commentCreated("/postmortem", { labels: ["incident:sev3"] });
    const scope = github().get(`/repos/${OWNER}/${REPO}/collaborators/alice/permission`).reply(200, { permission: "read", role_name: "triage", user: HUMAN });
    issueNow(noConfig(scope), event.issue, [comment(30, marker("optional", { severity: "SEV3" }))])
      .get(ISSUES)
      .query(POSTMORTEM_LIST)
      .reply(200, [])
      .post(ISSUES, (body) => ((created = body), true))
      .reply(201, () => issue({ number: 2, body: created.body }))
      .get(ISSUES)
      .query(POSTMORTEM_LIST)
      .reply(200, () => [issue({ number: 2, body: created.body })])
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(11, "checklist"))
      .post(`${ISSUES}/1/comments`)
      .reply(201, comment(12, "link"));

    await harness.receive("issue_comment", event);

    expect(scope.isDone()).toBe(true);
    expect(readMarker(created.body, "summary:start")).toMatchObject({ severity: "SEV3" });
  });

  it("/postmortem by someone with read permission gets a polite refusal and nothing is created", async () => {
    const scope = github()
      .get(`/repos/${OWNER}/${REPO}/collaborators/alice/permission`)
      .reply(200, { permission: "read", role_name: "read", user: HUMAN })
      .get(`${ISSUES}/1/comments`)
      .query(true)
      .reply(200, [])
      .post(`${ISSUES}/1/comments`)
      .reply(201, comment(31, "refusal"));

    await harness.receive("issue_comment", commentCreated("/postmortem", { labels: ["incident:sev3"] }));

    expect(scope.isDone()).toBe(true);
    expect(writes(harness)).toEqual([`POST ${ISSUES}/1/comments`]);
    const reply = harness.bodiesOf(`POST ${ISSUES}/1/comments`)[0]!.body as string;
    expect(reply).toContain("Sorry @alice, only people with write or triage permission");
    expect(readMarker(reply, "reply")).toEqual({ to: 9001 });
  });

  it("/postmortem when one exists points to it; redelivered, it answers only once", async () => {
    const event = commentCreated("/postmortem", { labels: ["incident:sev3"] });
    const scope = github().get(`/repos/${OWNER}/${REPO}/collaborators/alice/permission`).reply(200, { permission: "write", role_name: "write", user: HUMAN });
    // The reply looks for an earlier answer in the comments as REST lists them, after the reconcile's own read.
    linked(noConfig(scope), event.issue, postmortemBody(SEV3))
      .get(`${ISSUES}/1/comments`)
      .query(true)
      .reply(200, [comment(12, linkMarker())])
      .post(`${ISSUES}/1/comments`)
      .reply(201, comment(32, "already"));
    await harness.receive("issue_comment", event);
    expect(scope.isDone()).toBe(true);
    const reply = harness.bodiesOf(`POST ${ISSUES}/1/comments`)[0]!.body as string;
    expect(reply).toContain(`already has a postmortem: ${OWNER}/${REPO}#2`);

    const again = github().get(`/repos/${OWNER}/${REPO}/collaborators/alice/permission`).reply(200, { permission: "write", role_name: "write", user: HUMAN });
    linked(again /* the configuration is cached: no read */, event.issue, postmortemBody(SEV3), [comment(32, reply)])
      .get(`${ISSUES}/1/comments`)
      .query(true)
      .reply(200, [comment(12, linkMarker()), comment(32, reply)]);
    await harness.receive("issue_comment", event);
    expect(again.isDone()).toBe(true);
    expect(writes(harness)).toEqual([`POST ${ISSUES}/1/comments`]);
  });

  it("/postmortem on an issue without a severity label explains what is missing", async () => {
    const event = commentCreated("/postmortem", { labels: ["bug"] });
    const scope = github().get(`/repos/${OWNER}/${REPO}/collaborators/alice/permission`).reply(200, { permission: "admin", role_name: "admin", user: HUMAN });
    issueNow(noConfig(scope), event.issue, []).get(`${ISSUES}/1/comments`).query(true).reply(200, []).post(`${ISSUES}/1/comments`).reply(201, comment(33, "explain"));
    await harness.receive("issue_comment", event);
    expect(scope.isDone()).toBe(true);
    expect(harness.bodiesOf(`POST ${ISSUES}/1/comments`)[0]!.body).toContain("Add one of `incident:sev1`, `incident:sev2`");
  });

  it("comments by apps (our own included) and ordinary comments cost no request", async () => {
    await harness.receive("issue_comment", commentCreated("/postmortem", { labels: ["incident:sev3"], userType: "Bot", login: "other-bot[bot]" }));
    await harness.receive("issue_comment", commentCreated("Looks like the database again.", { labels: ["incident:sev3"] }));
    expect(harness.requests).toEqual([]);
  });
});
