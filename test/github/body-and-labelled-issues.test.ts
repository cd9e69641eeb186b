import { describe, expect, it } from "vitest";
import { fakeGraphqlOver, fakeIssue } from "../helpers/fake-github-graphql.js";
import { github, useRecordingClient } from "../helpers/probot-harness.js";
import { OWNER, REPO } from "../helpers/webhook-payloads.js";

const APP = { login: "postmortem-bot", type: "Bot" };
const postmortem = { owner: OWNER, repo: REPO, number: 2 };
const FIXES = `${OWNER}/fixes`;
const SINCE = "2026-11-23T09:05:00Z";

/** Action items in `fixes`, created a minute apart from `SINCE` on. */
function items(count: number, first = 10) {
  return Array.from({ length: count }, (_, index) =>
    fakeIssue({
      repo: FIXES,
      number: first + index,
      author: APP,
      labels: ["action-item"],
      body: `item ${first + index}`,
      createdAt: new Date(Date.parse(SINCE) + (index + 1) * 60_000).toISOString(),
    }),
  );
}

describe("getBodyAndLabelledIssues: the filing's one read after its creations", () => {
  const recording = useRecordingClient();

  it("reads the postmortem's body and, from another repository, the labelled issues updated since, oldest first, 100 a page by cursor", async () => {
    const graph = fakeGraphqlOver([
      fakeIssue({ repo: `${OWNER}/${REPO}`, number: 2, author: APP, labels: ["postmortem"], body: "the body now", createdAt: SINCE }),
      ...items(150).reverse(),
      fakeIssue({ repo: FIXES, number: 3, author: APP, labels: ["action-item"], createdAt: "2026-11-01T00:00:00Z" }),
      fakeIssue({ repo: FIXES, number: 4, author: APP, labels: ["bug"], createdAt: "2026-11-24T00:00:00Z" }),
      fakeIssue({ repo: `${OWNER}/${REPO}`, number: 5, author: APP, labels: ["action-item"], createdAt: "2026-11-24T00:00:00Z" }),
    ]);
    const scope = github()
      .persist()
      .post("/graphql")
      .reply(200, (_uri, body) => graph.answer(body as Record<string, unknown>));

    const read = await recording.client.getBodyAndLabelledIssues(postmortem, { owner: OWNER, repo: "fixes" }, "action-item", SINCE);
    scope.persist(false);

    expect(read.body).toBe("the body now");
    expect(read.issues.map((issue) => issue.number)).toEqual(Array.from({ length: 150 }, (_, index) => 10 + index));
    expect(recording.requests.map((request) => (request.body as { variables: { after: string | null } }).variables.after === null)).toEqual([true, false]);
  });

  it("maps each issue to REST's shape and marks only this app's own account as trusted", async () => {
    const graph = fakeGraphqlOver([
      fakeIssue({ repo: `${OWNER}/${REPO}`, number: 2, author: APP, body: "b", createdAt: SINCE }),
      fakeIssue({
        repo: `${OWNER}/${REPO}`,
        number: 7,
        databaseId: 777,
        author: APP,
        labels: ["action-item", "priority:P1"],
        assignees: ["dana"],
        closedAt: "2026-11-25T00:00:00Z",
        stateReason: "NOT_PLANNED",
      }),
      fakeIssue({ repo: `${OWNER}/${REPO}`, number: 8, author: { login: "other-app", type: "Bot" }, labels: ["action-item"] }),
    ]);
    github()
      .post("/graphql")
      .reply(200, (_uri, body) => graph.answer(body as Record<string, unknown>));

    const read = await recording.client.getBodyAndLabelledIssues(postmortem, postmortem, "action-item", SINCE);

    expect(read.issues[0]).toMatchObject({
      number: 7,
      id: 777,
      state: "closed",
      state_reason: "not_planned",
      html_url: `https://github.com/${OWNER}/${REPO}/issues/7`,
      labels: [{ name: "action-item" }, { name: "priority:P1" }],
      assignees: [{ login: "dana" }],
      user: { login: "postmortem-bot[bot]", type: "Bot", self: true },
    });
    expect(read.issues[1]!.user).toEqual({ login: "other-app[bot]", type: "Bot", self: false });
  });

  it("a postmortem gone since (GitHub's NOT_FOUND beside the data) has no body; its items are still read", async () => {
    const graph = fakeGraphqlOver(items(2));
    github()
      .post("/graphql")
      .reply(200, (_uri, body) => graph.answer(body as Record<string, unknown>));

    const read = await recording.client.getBodyAndLabelledIssues({ owner: OWNER, repo: "fixes", number: 2 }, { owner: OWNER, repo: "fixes" }, "action-item", SINCE);

    expect(read).toMatchObject({ body: undefined, issues: [{ number: 10 }, { number: 11 }] });
  });
});
