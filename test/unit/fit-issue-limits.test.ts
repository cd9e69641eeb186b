import { describe, expect, it } from "vitest";
import { fitAssignees, fitLabels, nextLinking } from "../../src/action-items/fit-issue-limits.js";
import { filingComment, type FiledItem } from "../../src/action-items/messages.js";
import { GITHUB_LIMITS as STAND_IN } from "../e2e/github-limits.js";
import { GITHUB_LIMITS } from "../../src/support/github-limits.js";

const logins = (count: number, prefix = "owner") => Array.from({ length: count }, (_, index) => `${prefix}${index + 1}`);
const services = (count: number) => Array.from({ length: count }, (_, index) => `service:s${index + 1}`);
const OWN = ["action-item", "priority:P1", "type:prevention"];

describe("the app's GitHub limits agree with the stand-in's", () => {
  it.each(["bodyCharacters", "assigneesPerIssue", "labelsPerIssue", "subIssuesPerParent"] as const)("%s", (name) => {
    expect(GITHUB_LIMITS[name]).toBe(STAND_IN[name]);
  });
});

describe("fitAssignees", () => {
  it.each([
    [0, 0, 0],
    [1, 1, 0],
    [10, 10, 0],
    [11, 10, 1],
    [12, 10, 2],
  ])("%i owners: %i assigned, %i named", (count, assigned, named) => {
    const owners = logins(count);
    const fitted = fitAssignees(owners);
    expect(fitted.assigned).toEqual(owners.slice(0, assigned));
    expect(fitted.named).toEqual(owners.slice(assigned));
    expect(fitted.named).toHaveLength(named);
  });
});

describe("fitLabels", () => {
  it.each([
    ["no service label", 0, 3, 0],
    ["97 service labels: exactly 100", 97, 100, 0],
    ["98 service labels: one left out", 98, 100, 1],
    ["120 service labels", 120, 100, 23],
  ])("%s", (_name, count, sent, uncopied) => {
    const copied = services(count);
    const fitted = fitLabels(OWN, copied);
    expect(fitted.labels).toHaveLength(sent);
    // The app's own labels are never the ones left out.
    expect(fitted.labels.slice(0, 3)).toEqual(OWN);
    expect(fitted.uncopied).toEqual(copied.slice(sent - 3));
    expect(fitted.uncopied).toHaveLength(uncopied);
  });

  it("a label given twice (in any case) is sent once and does not count twice", () => {
    expect(fitLabels(["action-item", "priority:P1"], ["service:a", "Service:A", "action-item"])).toEqual({ labels: ["action-item", "priority:P1", "service:a"], uncopied: [] });
  });
});

describe("nextLinking", () => {
  it.each([
    [null, "linked", { as: "sub-issues" }],
    [null, "unavailable", { as: "task list", because: "unavailable" }],
    [null, "full", { as: "task list", because: "full" }],
    [{ as: "sub-issues" }, "full", { as: "task list", because: "full" }],
    [{ as: "task list", because: "full" }, "linked", { as: "task list", because: "full" }],
    [{ as: "task list", because: "unavailable" }, "full", { as: "task list", because: "unavailable" }],
  ] as const)("%j then %s: %j", (current, answer, expected) => {
    expect(nextLinking(current, answer)).toEqual(expected);
  });
});

describe("the filing comment says why a task list is used", () => {
  const item: FiledItem = {
    key: "k",
    action: "A",
    ref: { owner: "acme", repo: "web", number: 5 },
    record: {
      postmortem: { owner: "acme", repo: "web", number: 2 },
      incident: null,
      key: "k",
      priority: "P1",
      type: null,
      due: "2026-12-10",
      dueSource: "derived",
      filedAt: "2026-11-26T10:00:00Z",
      reminded: null,
    },
    owners: ["dana"],
    adopted: false,
  };
  it.each([
    [{ as: "sub-issues" }, "They are linked to this postmortem as sub-issues."],
    [{ as: "task list", because: "unavailable" }, "This GitHub has no sub-issues API, so they are linked from the task list at the end of this postmortem."],
    [{ as: "task list", because: "full" }, "This postmortem already has GitHub's most sub-issues (100), so they are linked from the task list at the end of this postmortem."],
  ] as const)("%j", (linking, sentence) => {
    const comment = filingComment([item], linking, [], () => "#5")!;
    expect(comment).toContain(`\n\n${sentence}`);
    expect(comment).not.toContain("service labels");
  });

  it("names the service labels it could not copy", () => {
    expect(filingComment([item], { as: "sub-issues" }, [], () => "#5", ["service:x", "service:y"])).toContain(
      "GitHub allows 100 labels on an issue, so 2 of this postmortem's service labels were not copied to them: `service:x`, `service:y`.",
    );
  });
});
