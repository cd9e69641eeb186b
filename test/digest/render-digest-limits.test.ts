import { describe, expect, it } from "vitest";
import { renderActionItemBody } from "../../src/action-items/action-item-body.js";
import { parseConfig } from "../../src/config/load-config.js";
import { computeDigest } from "../../src/digest/compute-digest.js";
import { periodOf } from "../../src/digest/periods.js";
import { factsFrom } from "../../src/digest/read-facts.js";
import { renderDigest, searchUrl } from "../../src/digest/render-digest.js";
import { MAX_CREATED_BODY_LENGTH } from "../../src/domain/render-template.js";
import { GITHUB_LIMITS } from "../e2e/github-limits.js";
import { fakeIssue, listedIssue } from "../helpers/fake-github-graphql.js";

const APP = { login: "postmortem-bot[bot]", __typename: "Bot" };
const config = parseConfig({ timeZone: "Europe/Berlin", digest: { weekly: true } }).config;
const LABELS = { incidents: config.severities.map((level) => level.label), postmortem: config.postmortem.label, actionItem: config.actionItems.label };

/** An open action item of postmortem acme/<repo>#2, due on 2026-11-10 (overdue by the end of 2026-W48). */
function overdueItem(repo: string, number: number) {
  const body = renderActionItemBody(
    {
      postmortem: { owner: "acme", repo: repo.split("/")[1]!, number: 2 },
      incident: null,
      key: `item ${number}`,
      priority: "P1",
      type: "prevention",
      due: "2026-11-10",
      dueSource: "explicit",
      filedAt: "2026-11-04T10:00:00Z",
      reminded: null,
    },
    { action: `Item ${number}`, postmortemMention: "#2", incidentMention: null, owners: ["dana"], unassignable: [] },
  );
  return listedIssue(
    fakeIssue({
      number,
      repo,
      title: `Make the payments retry budget per tenant so that one tenant's retries cannot starve the others (${number})`,
      labels: ["action-item"],
      author: APP,
      body,
      createdAt: "2026-11-04T10:00:00Z",
      assignees: ["dana"],
      closedAt: null,
    }),
  );
}

function digestOf(issues: ReturnType<typeof overdueItem>[], repositories: string[]) {
  const period = periodOf("weekly", "2026-W48", config.timeZone);
  const digest = computeDigest(factsFrom(issues, config), {
    kind: "weekly",
    period,
    timeZone: config.timeZone,
    severities: config.severities,
    history: 4,
    now: new Date("2026-12-01T07:00:00Z"),
  });
  return renderDigest(digest, { repositories, severities: config.severities.map((level) => level.name), timeZone: config.timeZone, mayShow: () => true, labels: LABELS });
}

const moreLine = (body: string) => body.split("\n").find((line) => line.startsWith("- … and "));

describe("a digest over GitHub's body limit", () => {
  it("2,000 overdue action items: the list is cut to what fits, with the count left out and a search link, under the limit", () => {
    const repo = "acme/incidents";
    const items = Array.from({ length: 2000 }, (_, index) => overdueItem(repo, 1000 + index));
    const body = digestOf(items, [repo]);

    expect(body.length).toBeLessThanOrEqual(MAX_CREATED_BODY_LENGTH);
    expect(body.length).toBeLessThan(GITHUB_LIMITS.bodyCharacters);
    expect(body).not.toContain("Truncated by postmortem-bot");
    expect(body).toContain("**Overdue, most overdue first** (2000):");
    const named = body.split("\n").filter((line) => line.startsWith("- [Make the payments retry budget"));
    // As many as fit: every list is cut to the same number, and the rest of the digest still follows.
    expect(named.length).toBeGreaterThan(100);
    expect(named.length).toBeLessThan(2000);
    const query = 'is:issue is:open label:"action-item" sort:created-asc repo:acme/incidents';
    expect(moreLine(body)).toBe(
      `- … and ${2000 - named.length} more, not listed to keep this digest within GitHub's 65,536 characters: [the open action items, oldest first (the overdue ones among them) on GitHub](https://github.com/search?type=issues&q=${encodeURIComponent(query)})`,
    );
    // The sections after the cut list are all there: nothing was cut at the end.
    expect(body).toContain("## Recurrence");
  });

  it("the largest number of entries that fits is kept: at its exact length the same cut, one character less one entry fewer", () => {
    const repo = "acme/incidents";
    const items = Array.from({ length: 200 }, (_, index) => overdueItem(repo, 1000 + index));
    const period = periodOf("weekly", "2026-W48", config.timeZone);
    const digest = computeDigest(factsFrom(items, config), {
      kind: "weekly",
      period,
      timeZone: config.timeZone,
      severities: config.severities,
      history: 4,
      now: new Date("2026-12-01T07:00:00Z"),
    });
    const options = { repositories: [repo], severities: config.severities.map((level) => level.name), timeZone: config.timeZone, mayShow: () => true, labels: LABELS };
    const whole = renderDigest(digest, options);
    expect(moreLine(whole)).toBeUndefined();
    const count = (body: string) => body.split("\n").filter((line) => line.startsWith("- [Make the payments retry budget")).length;
    const cut = renderDigest(digest, { ...options, limit: 20_000 });
    expect(cut.length).toBeLessThanOrEqual(20_000);
    const kept = count(cut);
    expect(kept).toBeGreaterThan(0);
    expect(moreLine(cut)).toContain(`- … and ${200 - kept} more`);
    expect(renderDigest(digest, { ...options, limit: cut.length })).toBe(cut);
    expect(count(renderDigest(digest, { ...options, limit: cut.length - 1 }))).toBe(kept - 1);
  });

  it.each([
    ["one repository", ["acme/a"], "is:issue repo:acme/a"],
    ["repositories listed when they fit", ["acme/b", "acme/a", "acme/a"], "is:issue repo:acme/a repo:acme/b"],
    ["too many repositories of one owner: the owner's", Array.from({ length: 30 }, (_, index) => `acme/service-${index}`), "is:issue user:acme"],
  ])("search URL, %s", (_name, repos, query) => {
    const issues = repos.map((repo, index) => ({ repo, number: index + 1, title: "t", url: `https://github.com/${repo}/issues/${index + 1}`, private: false }));
    expect(searchUrl("is:issue", issues)).toBe(`https://github.com/search?type=issues&q=${encodeURIComponent(query)}`);
  });

  it("a search URL on GitHub Enterprise Server stays on its host, and a label with parentheses keeps the Markdown link whole", () => {
    const issues = [{ repo: "ops/web", number: 1, title: "t", url: "https://ghe.example.com/ops/web/issues/1", private: false }];
    const url = searchUrl('is:issue label:"action item (team)"', issues);
    expect(url.startsWith("https://ghe.example.com/search?type=issues&q=")).toBe(true);
    expect(url).not.toMatch(/[()]/);
    expect(decodeURIComponent(url.split("q=")[1]!)).toBe('is:issue label:"action item (team)" repo:ops/web');
  });
});
