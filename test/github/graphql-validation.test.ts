import { describe, expect, it } from "vitest";
import { graphqlRefusals } from "../helpers/graphql-validation.js";

const labels = (first: string) => `query { repository(owner: "o", name: "r") { issues(first: 100) { nodes { labels(${first}) { nodes { name } } } } } }`;

describe("the GraphQL check every test's requests go through (GitHub's schema and limits)", () => {
  it("accepts what GitHub runs", () => {
    expect(graphqlRefusals({ query: labels("first: 100") })).toEqual([]);
    expect(
      graphqlRefusals({
        query: 'query($n: Int!) { repository(owner: "o", name: "r") { issue(number: $n) { timelineItems(last: 1, itemTypes: [CLOSED_EVENT]) { nodes { __typename } } } } }',
        variables: { n: 3 },
      }),
    ).toEqual([]);
  });

  it.each([
    ["a field GitHub's schema does not have", { query: 'query { repository(owner: "o", name: "r") { incidents } }' }, "VALIDATION"],
    ["an argument the field does not take", { query: 'query { repository(owner: "o", name: "r") { issues(first: 1, since: "2026-01-01") { totalCount } } }' }, "VALIDATION"],
    ["a syntax error", { query: "query { viewer { login }" }, "PARSE_ERROR"],
    ["a variable of the wrong type", { query: 'query($n: Int!) { repository(owner: "o", name: "r") { issue(number: $n) { title } } }', variables: { n: "three" } }, "VARIABLE"],
    ["a missing required variable", { query: 'query($n: Int!) { repository(owner: "o", name: "r") { issue(number: $n) { title } } }', variables: {} }, "VARIABLE"],
    [
      "a connection without first or last",
      { query: 'query { repository(owner: "o", name: "r") { issues(first: 100) { nodes { labels { nodes { name } } } } } }' },
      "MISSING_PAGINATION_BOUNDARIES",
    ],
    ["first above 100", { query: labels("first: 101") }, "EXCESSIVE_PAGINATION"],
    ["first of 0", { query: labels("first: 0") }, "EXCESSIVE_PAGINATION"],
    [
      "first from a variable above 100",
      { query: 'query($n: Int) { repository(owner: "o", name: "r") { issues(first: $n) { totalCount } } }', variables: { n: 500 } },
      "EXCESSIVE_PAGINATION",
    ],
  ])("refuses %s", (_name, body, type) => {
    expect(graphqlRefusals(body).map((refusal) => refusal.type)).toContain(type);
  });

  it("refuses a call over 500,000 nodes: the old digest's 96 searches", () => {
    const search = (index: number) =>
      `s${index}: search(type: ISSUE, query: "q", first: 100) { nodes { ... on Issue { labels(first: 50) { nodes { name } } assignees(first: 10) { nodes { login } } timelineItems(last: 1) { nodes { __typename } } } } }`;
    const query = (count: number) => `query { ${Array.from({ length: count }, (_, index) => search(index)).join("\n")} }`;
    expect(graphqlRefusals({ query: query(80) })).toEqual([]);
    expect(graphqlRefusals({ query: query(96) })).toEqual([
      { type: "MAX_NODE_LIMIT_EXCEEDED", message: "This query requests up to 595,200 possible nodes which exceeds the maximum limit of 500,000." },
    ]);
  });
});
