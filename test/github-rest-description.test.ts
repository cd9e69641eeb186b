import { describe, expect, it } from "vitest";
import {
  expectValidGitHubRequests,
  findRestOperation,
  validateAgainstRestDescription,
  validateAnswerAgainstRestDescription,
  type RecordedRequest,
} from "./helpers/github-rest-description.js";
import { labelShape } from "./e2e/github-shapes.js";

const checkRunBody = {
  name: "postmortem",
  head_sha: "0123456789abcdef0123456789abcdef01234567",
  status: "completed",
  conclusion: "success",
  output: { title: "Postmortem complete", summary: "All sections filled in", text: "Details" },
};

describe("findRestOperation", () => {
  it.each([
    ["GET", "/repos/o/r/issues/1/comments?per_page=100&page=2", "issues/list-comments", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
    ["GET", "/repos/o/r/issues?state=all", "issues/list-for-repo", "/repos/{owner}/{repo}/issues"],
    ["GET", "/repos/o/r/collaborators/some-user/permission", "repos/get-collaborator-permission-level", "/repos/{owner}/{repo}/collaborators/{username}/permission"],
    // Probot's config reader encodes the slash: one segment.
    ["GET", "/repos/o/r/contents/.github%2Fpostmortem.yml", "repos/get-content", "/repos/{owner}/{repo}/contents/{path}"],
    // Unencoded: the trailing {path} spans several segments.
    ["GET", "/repos/o/r/contents/.github/postmortem.yml", "repos/get-content", "/repos/{owner}/{repo}/contents/{path}"],
    ["GET", "/app", "apps/get-authenticated", "/app"],
    ["get", "/repos/o/r/installation", "apps/get-repo-installation", "/repos/{owner}/{repo}/installation"],
    ["GET", "/api/v3/repos/o/r/installation", "apps/get-repo-installation", "/repos/{owner}/{repo}/installation"],
    ["PATCH", "/repos/o/r/issues/comments/5", "issues/update-comment", "/repos/{owner}/{repo}/issues/comments/{comment_id}"],
    // Both /issues/comments and /issues/{issue_number} match: the more literal template wins.
    ["GET", "/repos/o/r/issues/comments", "issues/list-comments-for-repo", "/repos/{owner}/{repo}/issues/comments"],
    ["GET", "/repos/o/r/compare/main...feature", "repos/compare-commits", "/repos/{owner}/{repo}/compare/{base}...{head}"],
  ])("%s %s -> %s", (method, path, operationId, pathTemplate) => {
    expect(findRestOperation(method, path)).toEqual({ operationId, pathTemplate });
  });

  it.each([
    ["GET", "/repos/o/r/nonsense/1"],
    ["DELETE", "/repos/o/r/issues/1"],
    ["GET", "/repos//r/issues"], // a {param} needs a non-empty segment
    ["GET", "/repos/o/r/issues/1/comments/extra"], // only a trailing {path} spans segments
    ["POST", "/graphql"], // not a REST operation
  ])("%s %s -> undefined", (method, path) => {
    expect(findRestOperation(method, path)).toBeUndefined();
  });
});

describe("validateAgainstRestDescription", () => {
  const valid: RecordedRequest[] = [
    { method: "POST", path: "/repos/o/r/issues", body: { title: "x", body: "y", labels: ["a"], assignees: ["u"] } },
    { method: "PATCH", path: "/repos/o/r/issues/1", body: { body: "x" } },
    { method: "PATCH", path: "/repos/o/r/issues/1", body: { state: "closed", state_reason: "completed" } },
    // OpenAPI 3.0 `nullable` on an enum and on a oneOf without `type`.
    { method: "PATCH", path: "/repos/o/r/issues/1", body: { state_reason: null, milestone: null, title: null } },
    { method: "POST", path: "/repos/o/r/issues/1/comments", body: { body: "x" } },
    { method: "PATCH", path: "/repos/o/r/issues/comments/5", body: { body: "x" } },
    { method: "POST", path: "/repos/o/r/issues/1/labels", body: { labels: ["a"] } },
    { method: "POST", path: "/repos/o/r/issues/1/sub_issues", body: { sub_issue_id: 123 } },
    { method: "POST", path: "/repos/o/r/check-runs", body: checkRunBody },
    { method: "GET", path: "/repos/o/r/issues/1/comments?per_page=100&page=2" },
    { method: "GET", path: "/repos/o/r/issues?state=all&labels=postmortem&since=2026-01-01T00:00:00Z&per_page=100" },
    { method: "GET", path: "/repos/o/r/collaborators/u/permission" },
    { method: "GET", path: "/repos/o/r/contents/.github%2Fpostmortem.yml" },
    { method: "GET", path: "/repos/o/r/contents/.github/postmortem.yml" },
    { method: "GET", path: "/app" },
    { method: "GET", path: "/repos/o/r/installation" },
    { method: "post", path: "/api/v3/repos/o/r/issues/1/comments", body: { body: "x" } },
    // Octokit sends "" as the body of a PATCH/PUT without body parameters.
    { method: "PUT", path: "/repos/o/r/issues/1/lock", body: "" },
    { method: "POST", path: "/graphql", body: { query: "query { viewer { login } }" } },
    { method: "POST", path: "/graphql", body: { query: "query($n: Int!) { viewer { repositories(first: $n) { totalCount } } }", variables: { n: 1 } } },
    { method: "POST", path: "/api/v3/graphql", body: { query: "{ viewer { login } }" } },
    { method: "POST", path: "/api/graphql", body: { query: "{ viewer { login } }" } },
  ];

  it.each(valid)("accepts $method $path", (request) => {
    expect(validateAgainstRestDescription(request)).toEqual([]);
  });

  it.each<[string, RecordedRequest, string]>([
    ["a missing required field", { method: "POST", path: "/repos/o/r/issues", body: { body: "y" } }, "body must have required property 'title'"],
    ["a missing required body", { method: "POST", path: "/repos/o/r/issues/1/comments" }, "body must have required property 'body'"],
    ["an undeclared field", { method: "POST", path: "/repos/o/r/issues/1/comments", body: { text: "x" } }, 'body property "text" is not declared for issues/create-comment'],
    [
      "an undeclared field in a oneOf body",
      { method: "POST", path: "/repos/o/r/issues/1/labels", body: { label: ["a"] } },
      'body property "label" is not declared for issues/add-labels',
    ],
    ["a value outside an enum", { method: "PATCH", path: "/repos/o/r/issues/1", body: { state: "done" } }, "body/state must be equal to one of the allowed values"],
    ["a wrongly typed value", { method: "POST", path: "/repos/o/r/issues/1/sub_issues", body: { sub_issue_id: "123" } }, "body/sub_issue_id must be integer"],
    ["a nested error", { method: "POST", path: "/repos/o/r/check-runs", body: { ...checkRunBody, output: { title: "t" } } }, "body/output must have required property 'summary'"],
    [
      "a body on an operation without one",
      { method: "DELETE", path: "/repos/o/r/issues/comments/5", body: { body: "x" } },
      "a body was sent but issues/delete-comment takes no request body",
    ],
    ["an unknown path", { method: "GET", path: "/repos/o/r/nonsense/1" }, "no path in GitHub's REST description matches /repos/o/r/nonsense/1"],
    ["a wrong method", { method: "DELETE", path: "/repos/o/r/issues/1" }, "DELETE is not allowed on /repos/{owner}/{repo}/issues/{issue_number} (allowed: GET, PATCH)"],
    [
      "an unknown query parameter",
      { method: "GET", path: "/repos/o/r/issues/1/comments?per_page=100&bogus=1" },
      'query parameter "bogus" is not declared for issues/list-comments',
    ],
    ["an unknown path under /api/v3", { method: "GET", path: "/api/v3/repos/o/r/nonsense/1" }, "no path in GitHub's REST description matches /repos/o/r/nonsense/1"],
    ["a GraphQL body without query", { method: "POST", path: "/graphql", body: { variables: {} } }, "GraphQL body must be an object with a string `query`"],
    ["a GraphQL body that is a string", { method: "POST", path: "/graphql", body: "query { viewer { login } }" }, "GraphQL body must be an object with a string `query`"],
    ["GraphQL variables that are not an object", { method: "POST", path: "/graphql", body: { query: "{ a }", variables: [1] } }, "GraphQL `variables` must be an object"],
    ["GET /graphql", { method: "GET", path: "/graphql" }, "no path in GitHub's REST description matches /graphql"],
  ])("rejects %s", (_name, request, problem) => {
    const problems = validateAgainstRestDescription(request);
    expect(
      problems.some((p) => p.startsWith(problem)),
      problems.join("\n"),
    ).toBe(true);
  });
});

describe("expectValidGitHubRequests", () => {
  it("returns when every request is valid", () => {
    expect(() =>
      expectValidGitHubRequests([
        { method: "GET", path: "/app" },
        { method: "POST", path: "/repos/o/r/issues/1/comments", body: { body: "x" } },
      ]),
    ).not.toThrow();
  });

  it("throws for a single bad request among valid ones", () => {
    expect(() =>
      expectValidGitHubRequests([
        { method: "GET", path: "/app" },
        { method: "GET", path: "/repos/o/r/issues/1/comments?bogus=1" },
      ]),
    ).toThrow('- GET /repos/o/r/issues/1/comments?bogus=1: query parameter "bogus" is not declared');
  });

  it("throws one error naming every bad request and every problem", () => {
    let message = "";
    try {
      expectValidGitHubRequests([
        { method: "GET", path: "/app" },
        { method: "post", path: "/repos/o/r/issues", body: { body: "no title", colour: "red" } },
        { method: "GET", path: "/repos/o/r/nonsense/1" },
        { method: "DELETE", path: "/repos/o/r/issues/1" },
      ]);
    } catch (error) {
      message = (error as Error).message;
    }
    const lines = message.split("\n").filter((line) => line.startsWith("- "));
    expect(lines).toEqual([
      "- POST /repos/o/r/issues: body must have required property 'title'",
      '- POST /repos/o/r/issues: body property "colour" is not declared for issues/create',
      "- GET /repos/o/r/nonsense/1: no path in GitHub's REST description matches /repos/o/r/nonsense/1",
      "- DELETE /repos/o/r/issues/1: DELETE is not allowed on /repos/{owner}/{repo}/issues/{issue_number} (allowed: GET, PATCH)",
    ]);
  });
});

describe("validateAnswerAgainstRestDescription (what a stand-in answers in GitHub's place)", () => {
  const label = labelShape("https://api.github.com", "o", "r", { id: 1, name: "bug" });
  it.each([
    ["a label list as GitHub answers it", { method: "POST", path: "/repos/o/r/issues/1/labels", status: 200, body: [label] }, []],
    [
      "a label without the fields GitHub always sends",
      { method: "POST", path: "/repos/o/r/issues/1/labels", status: 200, body: [{ id: 1, name: "bug" }] },
      [
        "answer body/0 must have required property 'node_id'",
        "answer body/0 must have required property 'url'",
        "answer body/0 must have required property 'description'",
        "answer body/0 must have required property 'color'",
        "answer body/0 must have required property 'default'",
      ],
    ],
    ["a wrongly typed field", { method: "POST", path: "/repos/o/r/issues/1/labels", status: 200, body: [{ ...label, id: "1" }] }, ["answer body/0/id must be integer"]],
    [
      "a success status the operation never answers",
      { method: "POST", path: "/repos/o/r/issues/1/comments", status: 200, body: {} },
      ["200 is not an answer of issues/create-comment (it answers 201, 403, 404, 410, 422)"],
    ],
    [
      "a documented error",
      { method: "POST", path: "/repos/o/r/issues", status: 422, body: { message: "Validation Failed", documentation_url: "https://docs.github.com/rest" } },
      [],
    ],
    [
      "a secondary limit (not listed for the operation): GitHub's error body",
      { method: "POST", path: "/repos/o/r/issues/1/comments", status: 429, body: { message: "You have exceeded a secondary rate limit." } },
      [],
    ],
    ["an error without a message", { method: "GET", path: "/repos/o/r", status: 502, body: "Bad Gateway" }, ["a 502 answer without GitHub's error body { message }"]],
    ["a raw answer (text), not checked against the JSON schema", { method: "GET", path: "/repos/o/r/contents/a.yml", status: 200, body: "a: 1\n" }, []],
    ["GraphQL, not REST", { method: "POST", path: "/graphql", status: 200, body: { data: null } }, []],
  ] as const)("%s", (_name, answer, problems) => {
    expect(validateAnswerAgainstRestDescription(answer)).toEqual(problems);
  });
});
