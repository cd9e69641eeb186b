import { describe, expect, it } from "vitest";
import { comment, HUMAN } from "../helpers/github-responses.js";
import { issueStateAnswer } from "../helpers/github-scenarios.js";
import { github, useRecordingClient } from "../helpers/probot-harness.js";
import { issueLabeled, OWNER, REPO } from "../helpers/webhook-payloads.js";

const ref = { owner: OWNER, repo: REPO, number: 1 };

describe("getIssueWithComments: an issue as GitHub holds it now, in one GraphQL request", () => {
  const recording = useRecordingClient();

  it("maps GraphQL's shape to the REST one the app reads: states, a bot's login with [bot], labels and assignees", async () => {
    const payload = issueLabeled("incident:sev1", { labels: ["incident:sev1", "service:checkout"], assignees: ["octocat"], closedAt: "2026-11-27T16:00:00Z" });
    payload.issue.state_reason = "not_planned";
    const scope = github()
      .post("/graphql")
      .reply(200, issueStateAnswer(payload.issue, [comment(12, "from the app"), comment(13, "from a person", HUMAN)]));

    const found = await recording.client.getIssueWithComments(ref);

    expect(scope.isDone()).toBe(true);
    expect(found?.issue).toMatchObject({
      number: 1,
      state: "closed",
      state_reason: "not_planned",
      closed_at: "2026-11-27T16:00:00Z",
      html_url: `https://github.com/${OWNER}/${REPO}/issues/1`,
      labels: [{ name: "incident:sev1" }, { name: "service:checkout" }],
      assignees: [{ login: "octocat" }],
      user: { type: "User", self: false },
    });
    expect(found?.comments).toEqual([
      { id: 12, body: "from the app", user: { login: "postmortem-bot[bot]", type: "Bot", self: true } },
      { id: 13, body: "from a person", user: { login: "alice", type: "User", self: false } },
    ]);
    expect(recording.requests).toHaveLength(1);
    expect(recording.requests[0]!.body).toMatchObject({ variables: { owner: OWNER, repo: REPO, number: 1, after: null } });
  });

  it("trusts only this app's own account: another app's comment is not the app's", async () => {
    const other = { login: "other-app[bot]", id: 7, type: "Bot" };
    github()
      .post("/graphql")
      .reply(200, issueStateAnswer(issueLabeled("incident:sev1").issue, [comment(12, "copied marker", other), comment(13, "ours")]));

    const found = await recording.client.getIssueWithComments(ref);

    expect(found?.comments.map((each) => [each.user?.login, each.user?.self])).toEqual([
      ["other-app[bot]", false],
      ["postmortem-bot[bot]", true],
    ]);
  });

  it("pages through more than 100 comments by cursor, reading the issue once", async () => {
    const issue = issueLabeled("incident:sev1").issue;
    const first = issueStateAnswer(issue, [comment(1, "page one")]);
    first.data.repository.issue!.comments.pageInfo = { hasNextPage: true, endCursor: "CURSOR1" } as never;
    const scope = github()
      .post("/graphql", (body) => body.variables.after === null)
      .reply(200, first)
      .post("/graphql", (body) => body.variables.after === "CURSOR1")
      .reply(200, issueStateAnswer(issue, [comment(2, "page two")]));

    const found = await recording.client.getIssueWithComments(ref);

    expect(scope.isDone()).toBe(true);
    expect(found?.comments.map((each) => each.body)).toEqual(["page one", "page two"]);
  });

  it("an issue that does not exist (deleted, transferred, or a pull request's number) is undefined, as GitHub answers it", async () => {
    // GitHub answers a missing issue with `issue: null` and a NOT_FOUND error, which Octokit throws.
    const scope = github()
      .post("/graphql")
      .reply(200, {
        data: { repository: { issue: null } },
        errors: [{ type: "NOT_FOUND", path: ["repository", "issue"], locations: [{ line: 3, column: 5 }], message: "Could not resolve to an Issue with the number of 1." }],
      });
    await expect(recording.client.getIssueWithComments(ref)).resolves.toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });

  it("any other GraphQL error is thrown", async () => {
    const scope = github()
      .post("/graphql")
      .reply(200, { data: null, errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded" }] });
    await expect(recording.client.getIssueWithComments(ref)).rejects.toThrow("API rate limit exceeded");
    expect(scope.isDone()).toBe(true);
  });
});
