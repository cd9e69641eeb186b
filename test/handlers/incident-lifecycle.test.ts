import { describe, expect, it } from "vitest";
import { marker, readMarker } from "../../src/domain/markers.js";
import { comment, configFile, HUMAN, issue, noConfig } from "../helpers/github-responses.js";
import { postmortemBody, SEV1, SEV2, SEV3 } from "../helpers/postmortem-fixtures.js";
import { github, useHarness, type Harness } from "../helpers/probot-harness.js";
import { ISSUES, linked, opensPostmortem, POSTMORTEM_LIST } from "../helpers/github-scenarios.js";
import { commentCreated, issueClosed, issueLabeled, issueReopened, OWNER, REPO } from "../helpers/webhook-payloads.js";

const writes = (harness: Harness) => harness.calls().filter((call) => !call.startsWith("GET"));

describe("the postmortem follows its incident", () => {
  const harness = useHarness();

  it("closing the incident writes the review deadline (1 business day for SEV1, over a weekend) and announces it", async () => {
    const scope = linked(noConfig(github()), postmortemBody(SEV1))
      .patch(`${ISSUES}/2`).reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`).reply(201, comment(20, "announce"));

    // Friday 2026-11-27 16:00 UTC: one business day later is Monday 2026-11-30.
    await harness.receive("issues", issueClosed({ labels: ["incident:sev1"], closedAt: "2026-11-27T16:00:00Z", assignees: ["octocat"] }));

    expect(scope.isDone()).toBe(true);
    const [patch] = harness.bodiesOf(`PATCH ${ISSUES}/2`);
    expect(readMarker(patch!.body as string, "summary:start")).toMatchObject({ resolvedAt: "2026-11-27T16:00:00Z", reviewDue: "2026-11-30" });
    expect(patch!.body).toContain("| **Review due** | **2026-11-30** (1 business day after resolution) |");
    expect(patch!.body).toContain("| **Duration** | 4 days 7 hours |");
    expect(patch!.body).toContain("Written by people.");
    expect(harness.bodiesOf(`POST ${ISSUES}/2/comments`)[0]!.body).toBe(
      "@octocat The incident was resolved. Review due: **2026-11-30** (1 business day after resolution).",
    );
  });

  it("counts business days in the configured time zone and skips configured holidays", async () => {
    const config = "timeZone: America/Los_Angeles\nholidays: ['2026-12-25']\n";
    const scope = linked(configFile(github(), config), postmortemBody(SEV2))
      .patch(`${ISSUES}/2`).reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`).reply(201, comment(20, "announce"));

    // 2026-12-24T05:00Z is still Wednesday 23 Dec in Los Angeles: +3 business days skipping 25 Dec = Tue 29 Dec.
    await harness.receive("issues", issueClosed({ labels: ["incident:sev2"], closedAt: "2026-12-24T05:00:00Z" }));

    expect(scope.isDone()).toBe(true);
    expect(readMarker(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body as string, "summary:start")).toMatchObject({ reviewDue: "2026-12-29" });
  });

  it("a redelivered close changes nothing", async () => {
    const scope = linked(noConfig(github()), postmortemBody(SEV1, "2026-11-27T16:00:00Z"));
    await harness.receive("issues", issueClosed({ labels: ["incident:sev1"], closedAt: "2026-11-27T16:00:00Z" }));
    expect(scope.isDone()).toBe(true);
    expect(writes(harness)).toEqual([]);
  });

  it("reopening clears the deadline, and closing again recomputes it", async () => {
    const scope = linked(noConfig(github()), postmortemBody(SEV1, "2026-11-27T16:00:00Z"))
      .patch(`${ISSUES}/2`).reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`).reply(201, comment(20, "reopened"));
    await harness.receive("issues", issueReopened({ labels: ["incident:sev1"] }));
    expect(scope.isDone()).toBe(true);
    const cleared = harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body as string;
    expect(readMarker(cleared, "summary:start")).toMatchObject({ resolvedAt: null, reviewDue: null });
    expect(harness.bodiesOf(`POST ${ISSUES}/2/comments`)[0]!.body).toContain("reopened, so the review deadline is cleared");

    const again = linked(github(), cleared) // the configuration is cached from the first delivery (60 s): no read
      .patch(`${ISSUES}/2`).reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`).reply(201, comment(21, "resolved"));
    await harness.receive("issues", issueClosed({ labels: ["incident:sev1"], closedAt: "2026-12-01T10:00:00Z" }));
    expect(again.isDone()).toBe(true);
    expect(readMarker(harness.bodiesOf(`PATCH ${ISSUES}/2`)[1]!.body as string, "summary:start")).toMatchObject({ reviewDue: "2026-12-02" });
  });

  it("a severity flip from SEV3 to SEV1 updates the postmortem's severity and deadline, and never opens a second one", async () => {
    const scope = linked(noConfig(github()), postmortemBody(SEV3, "2026-11-27T16:00:00Z"))
      .patch(`${ISSUES}/2`).reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`).reply(201, comment(20, "flip"));

    await harness.receive("issues", issueLabeled("incident:sev1", { labels: ["incident:sev3", "incident:sev1"], closedAt: "2026-11-27T16:00:00Z" }));

    expect(scope.isDone()).toBe(true);
    expect(writes(harness)).toEqual([`PATCH ${ISSUES}/2`, `POST ${ISSUES}/2/comments`]);
    expect(readMarker(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body as string, "summary:start")).toMatchObject({ severity: "SEV1", reviewDue: "2026-11-30" });
    expect(harness.bodiesOf(`POST ${ISSUES}/2/comments`)[0]!.body).toBe(
      "Severity changed from SEV3 to SEV1. Review due: **2026-11-30** (1 business day after resolution).",
    );
  });

  it("an incident closed before any postmortem existed (app installed late) gets one, deadline included", async () => {
    const { scope, created } = opensPostmortem(noConfig(github()));

    await harness.receive("issues", issueClosed({ labels: ["incident:sev2"], closedAt: "2026-11-26T12:00:00Z" }));

    expect(scope.isDone()).toBe(true);
    expect(readMarker(created().body, "summary:start")).toMatchObject({ severity: "SEV2", reviewDue: "2026-12-01" });
  });
});

describe("optional severities and the /postmortem command", () => {
  const harness = useHarness();

  it("SEV3: says a postmortem is optional and how to ask, once", async () => {
    const scope = noConfig(github())
      .get(`${ISSUES}/1/comments`).query(true).reply(200, [])
      .get(ISSUES).query(POSTMORTEM_LIST).reply(200, [])
      .post(`${ISSUES}/1/comments`).reply(201, comment(30, "optional"));
    await harness.receive("issues", issueLabeled("incident:sev3"));
    expect(scope.isDone()).toBe(true);
    const notice = harness.bodiesOf(`POST ${ISSUES}/1/comments`)[0]!.body as string;
    expect(notice).toContain("A postmortem is optional for SEV3 incidents.");
    expect(notice).toContain("`/postmortem`");

    const again = github() // the configuration is cached from the first delivery (60 s): no read
      .get(`${ISSUES}/1/comments`).query(true).reply(200, [comment(30, notice)])
      .get(ISSUES).query(POSTMORTEM_LIST).reply(200, []);
    await harness.receive("issues", issueLabeled("incident:sev3"));
    expect(again.isDone()).toBe(true);
    expect(writes(harness)).toEqual([`POST ${ISSUES}/1/comments`]);
  });

  it("/postmortem by someone with triage permission opens it", async () => {
    let created: any;
    const scope = github()
      .get(`/repos/${OWNER}/${REPO}/collaborators/alice/permission`).reply(200, { permission: "read", role_name: "triage", user: HUMAN });
    noConfig(scope)
      .get(`${ISSUES}/1/comments`).query(true).reply(200, [comment(30, marker("optional", { severity: "SEV3" }))])
      .get(ISSUES).query(POSTMORTEM_LIST).reply(200, [])
      .post(ISSUES, (body) => ((created = body), true)).reply(201, () => issue({ number: 2, body: created.body }))
      .get(ISSUES).query(POSTMORTEM_LIST).reply(200, () => [issue({ number: 2, body: created.body })])
      .post(`${ISSUES}/2/comments`).reply(201, comment(11, "checklist"))
      .post(`${ISSUES}/1/comments`).reply(201, comment(12, "link"));

    await harness.receive("issue_comment", commentCreated("/postmortem", { labels: ["incident:sev3"] }));

    expect(scope.isDone()).toBe(true);
    expect(readMarker(created.body, "summary:start")).toMatchObject({ severity: "SEV3" });
  });

  it("/postmortem by someone with read permission gets a polite refusal and nothing is created", async () => {
    const scope = github()
      .get(`/repos/${OWNER}/${REPO}/collaborators/alice/permission`).reply(200, { permission: "read", role_name: "read", user: HUMAN })
      .get(`${ISSUES}/1/comments`).query(true).reply(200, [])
      .post(`${ISSUES}/1/comments`).reply(201, comment(31, "refusal"));

    await harness.receive("issue_comment", commentCreated("/postmortem", { labels: ["incident:sev3"] }));

    expect(scope.isDone()).toBe(true);
    expect(writes(harness)).toEqual([`POST ${ISSUES}/1/comments`]);
    const reply = harness.bodiesOf(`POST ${ISSUES}/1/comments`)[0]!.body as string;
    expect(reply).toContain("Sorry @alice, only people with write or triage permission");
    expect(readMarker(reply, "reply")).toEqual({ to: 9001 });
  });

  it("/postmortem when one exists points to it; redelivered, it answers only once", async () => {
    const scope = github()
      .get(`/repos/${OWNER}/${REPO}/collaborators/alice/permission`).reply(200, { permission: "write", role_name: "write", user: HUMAN });
    linked(noConfig(scope), postmortemBody(SEV3))
      .post(`${ISSUES}/1/comments`).reply(201, comment(32, "already"));
    await harness.receive("issue_comment", commentCreated("/postmortem", { labels: ["incident:sev3"] }));
    expect(scope.isDone()).toBe(true);
    const reply = harness.bodiesOf(`POST ${ISSUES}/1/comments`)[0]!.body as string;
    expect(reply).toContain(`already has a postmortem: ${OWNER}/${REPO}#2`);

    const again = github()
      .get(`/repos/${OWNER}/${REPO}/collaborators/alice/permission`).reply(200, { permission: "write", role_name: "write", user: HUMAN });
    linked(again, postmortemBody(SEV3), [comment(32, reply)]); // the configuration is cached from the first delivery (60 s): no read
    await harness.receive("issue_comment", commentCreated("/postmortem", { labels: ["incident:sev3"] }));
    expect(again.isDone()).toBe(true);
    expect(writes(harness)).toEqual([`POST ${ISSUES}/1/comments`]);
  });

  it("/postmortem on an issue without a severity label explains what is missing", async () => {
    const scope = github()
      .get(`/repos/${OWNER}/${REPO}/collaborators/alice/permission`).reply(200, { permission: "admin", role_name: "admin", user: HUMAN });
    noConfig(scope)
      .get(`${ISSUES}/1/comments`).query(true).reply(200, [])
      .post(`${ISSUES}/1/comments`).reply(201, comment(33, "explain"));
    await harness.receive("issue_comment", commentCreated("/postmortem", { labels: ["bug"] }));
    expect(scope.isDone()).toBe(true);
    expect(harness.bodiesOf(`POST ${ISSUES}/1/comments`)[0]!.body).toContain("Add one of `incident:sev1`, `incident:sev2`");
  });

  it("comments by apps (our own included) and ordinary comments cost no request", async () => {
    await harness.receive("issue_comment", commentCreated("/postmortem", { labels: ["incident:sev3"], userType: "Bot", login: "other-bot[bot]" }));
    await harness.receive("issue_comment", commentCreated("Looks like the database again.", { labels: ["incident:sev3"] }));
    expect(harness.requests).toEqual([]);
  });
});
