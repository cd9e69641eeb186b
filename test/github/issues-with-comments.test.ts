import { describe, expect, it } from "vitest";
import { fakeGraphqlOver, fakeIssue } from "../helpers/fake-github-graphql.js";
import { github, useRecordingClient } from "../helpers/probot-harness.js";
import { OWNER, REPO } from "../helpers/webhook-payloads.js";

const APP = { login: "postmortem-bot", type: "Bot" };
const PERSON = { login: "alice", type: "User" };
const repo = { owner: OWNER, repo: REPO };

/** `count` incidents #1.. with one comment each by the app, and a comment by another app on #1. */
function incidents(count: number) {
  return Array.from({ length: count }, (_, index) =>
    fakeIssue({
      repo: `${OWNER}/${REPO}`,
      number: index + 1,
      author: PERSON,
      labels: ["incident:sev1"],
      comments: [
        { id: 9000 + index, body: `link ${index + 1}`, author: { login: "postmortem-bot", type: "Bot" }, createdAt: "2026-11-24T10:00:00Z" },
        ...(index === 0 ? [{ id: 8000, body: "copied marker", author: { login: "other-app", type: "Bot" as const }, createdAt: "2026-11-24T10:01:00Z" }] : []),
      ],
    }),
  );
}

describe("getIssuesWithComments: the catch-up's bulk read", () => {
  const recording = useRecordingClient();

  it("reads 60 issues with their comments in 3 GraphQL requests (25 aliases each), leaves out one that is gone, and trusts only this app's comments", async () => {
    const graph = fakeGraphqlOver([...incidents(60), fakeIssue({ repo: `${OWNER}/${REPO}`, number: 100, author: APP, labels: ["postmortem"] })]);
    const scope = github()
      .persist()
      .post("/graphql")
      .reply(200, (_uri, body) => graph.answer(body as Record<string, unknown>));

    const numbers = [...Array.from({ length: 60 }, (_, index) => index + 1), 61];
    const found = await recording.client.getIssuesWithComments(repo, numbers);

    scope.persist(false);
    expect(recording.requests.map((request) => `${request.method} ${request.path}`)).toEqual(["POST /graphql", "POST /graphql", "POST /graphql"]);
    expect([...found.keys()]).toEqual(numbers.slice(0, 60));
    const first = found.get(1)!;
    expect(first.issue).toMatchObject({ number: 1, state: "open", labels: [{ name: "incident:sev1" }], user: { login: "alice", self: false } });
    expect(first.comments.map((comment) => [comment.body, comment.user?.login, comment.user?.self])).toEqual([
      ["link 1", "postmortem-bot[bot]", true],
      ["copied marker", "other-app[bot]", false],
    ]);
  });

  it("reads nothing for no issues", async () => {
    expect((await recording.client.getIssuesWithComments(repo, [])).size).toBe(0);
    expect(recording.requests).toEqual([]);
  });
});
