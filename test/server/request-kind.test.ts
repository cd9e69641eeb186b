import { describe, expect, it } from "vitest";
import { requestKind, type RequestKind } from "../../src/github/request-kind.js";

const cases: [string, { method: string; url: string; query?: string }, RequestKind][] = [
  ["a REST read", { method: "GET", url: "/repos/{owner}/{repo}/issues" }, "read"],
  ["a HEAD", { method: "HEAD", url: "/repos/o/r" }, "read"],
  ["a pagination link on GitHub Enterprise Server", { method: "GET", url: "http://ghe.test/api/v3/repos/o/r/issues?page=2" }, "read"],
  ["opening an issue", { method: "POST", url: "/repos/{owner}/{repo}/issues" }, "content"],
  ["a comment", { method: "POST", url: "/repos/{owner}/{repo}/issues/{issue_number}/comments" }, "content"],
  ["a comment, path filled in", { method: "POST", url: "/repos/o/r/issues/12/comments" }, "content"],
  ["a sub-issue link", { method: "POST", url: "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues" }, "content"],
  ["editing an issue", { method: "PATCH", url: "/repos/{owner}/{repo}/issues/{issue_number}" }, "write"],
  ["editing a comment", { method: "PATCH", url: "/repos/{owner}/{repo}/issues/comments/{comment_id}" }, "write"],
  ["adding labels", { method: "POST", url: "/repos/{owner}/{repo}/issues/{issue_number}/labels" }, "write"],
  ["removing a label", { method: "DELETE", url: "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}" }, "write"],
  ["a check run", { method: "POST", url: "/repos/{owner}/{repo}/check-runs" }, "write"],
  ["an installation token", { method: "POST", url: "/app/installations/{installation_id}/access_tokens" }, "read"],
  ["a GraphQL query", { method: "POST", url: "/graphql", query: "query($q: String!) { search(query: $q, type: ISSUE, first: 100) { issueCount } }" }, "read"],
  ["a GraphQL query, shorthand, after a comment", { method: "POST", url: "/graphql", query: "# mutation in a comment\n{ viewer { login } }" }, "read"],
  ["a GraphQL query on GitHub Enterprise Server", { method: "POST", url: "/api/graphql", query: "query { viewer { login } }" }, "read"],
  [
    "a Projects mutation",
    { method: "POST", url: "/graphql", query: "mutation($p: ID!, $c: ID!) { addProjectV2ItemById(input: { projectId: $p, contentId: $c }) { item { id } } }" },
    "write",
  ],
  ["createIssue", { method: "POST", url: "/graphql", query: "mutation($input: CreateIssueInput!) { createIssue(input: $input) { issue { id } } }" }, "content"],
  [
    "a mutation, fragments first, that comments",
    { method: "POST", url: "/graphql", query: 'fragment F on Issue { id } mutation { addComment(input: { subjectId: "x", body: "y" }) { subject { ...F } } }' },
    "content",
  ],
  [
    "a mutation aliasing a content field",
    { method: "POST", url: "/graphql", query: 'mutation { first: addSubIssue(input: { issueId: "a", subIssueId: "b" }) { issue { id } } }' },
    "content",
  ],
  ["a document that does not parse", { method: "POST", url: "/graphql", query: "mutation {" }, "write"],
];

describe("what a request counts as against GitHub's limits", () => {
  it.each(cases)("%s", (_name, request, kind) => {
    expect(requestKind(request)).toBe(kind);
  });
});
