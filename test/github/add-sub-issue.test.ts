import { describe, expect, it } from "vitest";
import { issue } from "../helpers/github-responses.js";
import { github, useRecordingClient } from "../helpers/probot-harness.js";
import { OWNER, REPO } from "../helpers/webhook-payloads.js";

const SUB_ISSUES = `/repos/${OWNER}/${REPO}/issues/2/sub_issues`;
const parent = { owner: OWNER, repo: REPO, number: 2 };

describe("linking an action item under its postmortem", () => {
  const recording = useRecordingClient();

  it.each([
    ["linked", 201, issue({ number: 2 })],
    ["linked", 422, { message: "Validation Failed", errors: [{ message: "Issue may not contain duplicate sub-issues" }] }],
    // GitHub's answer when the parent already has 100 sub-issues: the caller falls back to the task list.
    ["full", 422, { message: "An error occurred while adding the sub-issue to the parent issue. Parent cannot have more than 100 sub-issues" }],
    ["unavailable", 404, { message: "Not Found" }],
  ] as const)("is %s when GitHub answers %i %j", async (outcome, status, body) => {
    const scope = github().post(SUB_ISSUES, { sub_issue_id: 2_000_101 }).reply(status, body);
    expect(await recording.client.addSubIssue(parent, 2_000_101)).toBe(outcome);
    expect(scope.isDone()).toBe(true);
  });

  it("fails on another refusal (a sub-issue of another parent), which no fallback would fix", async () => {
    github().post(SUB_ISSUES).reply(422, { message: "An error occurred while adding the sub-issue to the parent issue. Sub issue may only have one parent" });
    await expect(recording.client.addSubIssue(parent, 2_000_101)).rejects.toMatchObject({ status: 422 });
  });
});
