import { describe, expect, it } from "vitest";
import { comment, issue } from "../helpers/github-responses.js";
import { describeRequests, github, useRecordingClient } from "../helpers/probot-harness.js";
import { OWNER, REPO } from "../helpers/webhook-payloads.js";

const ISSUES = `/repos/${OWNER}/${REPO}/issues`;
const repo = { owner: OWNER, repo: REPO };
const fields = { title: "Postmortem: outage", body: "<!-- marker -->\nbody", labels: ["postmortem"], assignees: [] };

describe("a creation whose answer was lost is checked, not blindly retried", () => {
  const recording = useRecordingClient();

  it("a 502 after GitHub did create the issue: it is found by its attempt's id, not created twice", async () => {
    let sent = "";
    const scope = github()
      .post(ISSUES, (body) => ((sent = body.body), true))
      .reply(502, { message: "Bad Gateway" })
      .get(ISSUES)
      .query((query) => query.state === "all" && query.sort === "created" && typeof query.since === "string")
      .reply(200, () => [issue({ number: 7, title: fields.title, body: sent })]);
    const created = await recording.client.createIssue(repo, fields);
    expect(scope.isDone()).toBe(true);
    expect(created.number).toBe(7);
    expect(
      describeRequests(recording.requests)
        .calls()
        .filter((call) => call === `POST ${ISSUES}`),
    ).toHaveLength(1);
  });

  it("an identical issue another replica created is not taken for ours: ours is created, and the callers' race check decides", async () => {
    const scope = github()
      .post(ISSUES)
      .reply(502, { message: "Bad Gateway" })
      .get(ISSUES)
      .query(true)
      .reply(200, [issue({ number: 7, title: fields.title, body: `${fields.body}\n<!-- postmortem-bot:attempt {"id":"another-replica"} -->` })])
      .post(ISSUES)
      .reply(201, issue({ number: 8, title: fields.title, body: fields.body }));
    const created = await recording.client.createIssue(repo, fields);
    expect(scope.isDone()).toBe(true);
    expect(created.number).toBe(8);
  });

  it("a 502 before anything was created: created once more", async () => {
    const scope = github()
      .post(ISSUES)
      .reply(502, { message: "Bad Gateway" })
      .get(ISSUES)
      .query(true)
      .reply(200, [issue({ number: 6, title: "Someone else's issue", body: "x", user: { login: "alice", type: "User" } })])
      .post(ISSUES)
      .reply(201, issue({ number: 8, title: fields.title, body: fields.body }));
    const created = await recording.client.createIssue(repo, fields);
    expect(scope.isDone()).toBe(true);
    expect(created.number).toBe(8);
  });

  it("a comment whose answer timed out is looked for among the recent comments", async () => {
    const scope = github()
      .post(`${ISSUES}/1/comments`)
      .replyWithError({ code: "ECONNRESET", message: "socket hang up" })
      .get(`${ISSUES}/1/comments`)
      .query((query) => typeof query.since === "string")
      .reply(200, [comment(9, "hello")]);
    const posted = await recording.client.createComment({ ...repo, number: 1 }, "hello");
    expect(scope.isDone()).toBe(true);
    expect(posted.id).toBe(9);
  });

  it("a 4xx is the caller's to handle: nothing is looked up or retried", async () => {
    const scope = github().post(`${ISSUES}/1/comments`).reply(404, { message: "Not Found" });
    await expect(recording.client.createComment({ ...repo, number: 1 }, "hello")).rejects.toMatchObject({ status: 404 });
    expect(scope.isDone()).toBe(true);
    expect(recording.requests).toHaveLength(1);
  });
});
