import { describe, expect, it } from "vitest";
import { comment, issue, noConfig } from "../helpers/github-responses.js";
import { bodyAndItemsNow, issueNow } from "../helpers/github-scenarios.js";
import { postmortemWithRows } from "../helpers/postmortem-fixtures.js";
import { github, useHarness } from "../helpers/probot-harness.js";
import { issueEdited, OWNER, REPO } from "../helpers/webhook-payloads.js";
import { GITHUB_LIMITS } from "../e2e/github-limits.js";

/** GitHub's limits on one issue, met by a filing: the stand-in's numbers, GitHub's refusals. */
const ISSUES = `/repos/${OWNER}/${REPO}/issues`;
const itemList = { labels: "action-item", state: "all", since: "2026-11-23T09:05:00Z", sort: "created", direction: "asc", per_page: "100" };
const OWNERS = Array.from({ length: 12 }, (_, index) => `owner${index + 1}`);
const ROW = `| Raise the DB pool limit | prevention | ${OWNERS.map((owner) => `@${owner}`).join(" ")} | P1 | 2026-11-30 | |`;
const edited = (body: string, labels: string[]) => issueEdited(postmortemWithRows([]), { number: 2, body, labels, authorType: "Bot", createdAt: "2026-11-23T09:05:00Z" });
const FULL = {
  message: `An error occurred while adding the sub-issue to the parent issue. Parent cannot have more than ${GITHUB_LIMITS.subIssuesPerParent} sub-issues`,
  documentation_url: "https://docs.github.com/rest",
  status: "422",
};

/** Refuses what GitHub refuses on an issue creation (more than 10 assignees, more than 100 labels), keeping what was sent. */
function createOrRefuse(sent: any[]) {
  return (payload: any) => {
    sent.push(payload);
    return payload.assignees.length <= GITHUB_LIMITS.assigneesPerIssue && payload.labels.length <= GITHUB_LIMITS.labelsPerIssue;
  };
}

describe("a filing within GitHub's limits on one issue", () => {
  const harness = useHarness("2026-11-26T10:00:00Z");

  it("12 owners, 120 service labels, a postmortem with 100 sub-issues: 10 assigned and 2 named, 100 labels sent and the rest named, the task list used and said why", async () => {
    const body = postmortemWithRows([ROW]);
    const services = Array.from({ length: 120 }, (_, index) => `service:s${String(index + 1).padStart(3, "0")}`);
    const sent: any[] = [];
    const scope = issueNow(noConfig(github()), { ...issue({ number: 2, body, labels: ["postmortem", ...services] }) })
      .get(ISSUES)
      .query(itemList)
      .reply(200, [])
      .post(ISSUES, createOrRefuse(sent))
      .reply(201, () => issue({ number: 5, body: sent[0].body }))
      .post(`${ISSUES}/2/sub_issues`, { sub_issue_id: 2_000_005 })
      .reply(422, FULL);
    bodyAndItemsNow(
      scope,
      () => body,
      () => [issue({ number: 5, body: sent[0].body })],
    )
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(70, "filed"));

    await harness.receive("issues", edited(body, ["postmortem", ...services]));

    expect(scope.isDone()).toBe(true);
    expect(sent).toHaveLength(1);
    expect(sent[0].assignees).toEqual(OWNERS.slice(0, 10));
    expect(sent[0].body).toContain("Owner named in the postmortem: @\u200downer11, @\u200downer12 (could not be assigned here).");
    expect(sent[0].labels).toHaveLength(100);
    expect(sent[0].labels.slice(0, 3)).toEqual(["action-item", "priority:P1", "type:prevention"]);
    expect(sent[0].labels.slice(3)).toEqual(services.slice(0, 97));

    // The postmortem links its item from the task list.
    expect(harness.bodiesOf(`PATCH ${ISSUES}/2`)[0]!.body).toMatch(/### Tracked action items\n\n<!-- postmortem-bot:tracked \{\} -->\n- \[ \] #5\n$/);
    const said = harness.bodiesOf(`POST ${ISSUES}/2/comments`)[0]!.body as string;
    expect(said).toContain("This postmortem already has GitHub's most sub-issues (100), so they are linked from the task list at the end of this postmortem.");
    expect(said).not.toContain("no sub-issues API");
    expect(said).toContain(
      `so 23 of this postmortem's service labels were not copied to them: ${services
        .slice(97)
        .map((label) => `\`${label}\``)
        .join(", ")}.`,
    );
    expect(said).toContain("GitHub assigns at most 10 owners: `owner11`, `owner12` named in the issue instead");
  });

  it("12 owners of whom one GitHub cannot assign: the second creation is unassigned and its body names all 12", async () => {
    const body = postmortemWithRows([ROW]);
    const sent: any[] = [];
    const scope = issueNow(noConfig(github()), issue({ number: 2, body }))
      .get(ISSUES)
      .query(itemList)
      .reply(200, [])
      .post(ISSUES, createOrRefuse(sent))
      .reply(422, { message: "Validation Failed", errors: [{ field: "assignees", code: "invalid" }] })
      .post(ISSUES, createOrRefuse(sent))
      .reply(201, () => issue({ number: 5, body: sent[1].body }))
      .post(`${ISSUES}/2/sub_issues`, { sub_issue_id: 2_000_005 })
      .reply(201, issue({ number: 2 }));
    bodyAndItemsNow(
      scope,
      () => body,
      () => [issue({ number: 5, body: sent[1].body })],
    )
      .patch(`${ISSUES}/2`)
      .reply(200, issue({ number: 2 }))
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(70, "filed"));

    await harness.receive("issues", edited(body, ["postmortem"]));

    expect(scope.isDone()).toBe(true);
    expect(sent.map((payload) => payload.assignees)).toEqual([OWNERS.slice(0, 10), []]);
    expect(sent[1].body).toContain(`Owner named in the postmortem: ${OWNERS.map((owner) => `@\u200d${owner}`).join(", ")} (could not be assigned here).`);
    expect(harness.bodiesOf(`POST ${ISSUES}/2/comments`)[0]!.body).toContain("They are linked to this postmortem as sub-issues.");
  });
});
