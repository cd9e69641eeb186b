import { describe, expect, it } from "vitest";
import { graphqlCost, NODE_LIMIT } from "../../src/github/graphql-node-count.js";

// GitHub's worked examples, as published in "Rate limits and query limits for the GraphQL API"
// (docs.github.com/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api).
const SIMPLE = `query {
  viewer {
    repositories(first: 50) {
      edges {
        repository:node {
          name

          issues(first: 10) {
            totalCount
            edges {
              node {
                title
                bodyHTML
              }
            }
          }
        }
      }
    }
  }
}`;

const COMPLEX = `query {
  viewer {
    repositories(first: 50) {
      edges {
        repository:node {
          name

          pullRequests(first: 20) {
            edges {
              pullRequest:node {
                title

                comments(first: 10) {
                  edges {
                    comment:node {
                      bodyHTML
                    }
                  }
                }
              }
            }
          }

          issues(first: 20) {
            totalCount
            edges {
              issue:node {
                title
                bodyHTML

                comments(first: 10) {
                  edges {
                    comment:node {
                      bodyHTML
                    }
                  }
                }
              }
            }
          }
        }
      }
    }

    followers(first: 10) {
      edges {
        follower:node {
          login
        }
      }
    }
  }
}`;

// The example of the "Predicting the point value of a query" section: 5,101 requests, 51 points.
const POINTS = `query {
  viewer {
    login
    repositories(first: 100) {
      edges {
        node {
          id

          issues(first: 50) {
            edges {
              node {
                id

                labels(first: 60) {
                  edges {
                    node {
                      id
                      name
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}`;

describe("GitHub's GraphQL node count and point cost", () => {
  it.each([
    ["the simple example", SIMPLE, 550],
    ["the complex example", COMPLEX, 22_060],
    ["the point example", POINTS, 100 + 100 * 50 + 100 * 50 * 60],
  ])("%s: %i nodes", (_name, document, nodes) => {
    expect(graphqlCost(document).nodes).toBe(nodes);
  });

  it("the point example needs 5,101 requests: 51 points", () => {
    expect(graphqlCost(POINTS)).toMatchObject({ requests: 5_101, points: 51 });
  });

  it("a call with no connection costs the minimum, 1 point", () => {
    expect(graphqlCost("query { viewer { login } }")).toEqual({ nodes: 0, requests: 0, points: 1 });
  });

  it("reads `last`, variables, inline fragments and named fragments", () => {
    const document = `query($n: Int!) {
      search(type: ISSUE, query: "x", first: $n) { nodes { ... on Issue { ...Parts } } }
    }
    fragment Parts on Issue { labels(first: 50) { nodes { name } } assignees(first: 10) { nodes { login } } timelineItems(last: 1) { nodes { __typename } } }`;
    // The old digest's search field: 100 + 100 x (50 + 10 + 1) = 6,200 nodes.
    expect(graphqlCost(document, { n: 100 })).toEqual({ nodes: 6_200, requests: 301, points: 3 });
  });

  it("96 such searches are over the limit (the old 8-repository digest), 80 are not", () => {
    const search = (index: number) =>
      `s${index}: search(type: ISSUE, query: "q", first: 100) { nodes { ... on Issue { labels(first: 50) { nodes { name } } assignees(first: 10) { nodes { login } } timelineItems(last: 1) { nodes { __typename } } } } }`;
    const document = (count: number) => `query { ${Array.from({ length: count }, (_, index) => search(index)).join("\n")} }`;
    expect(graphqlCost(document(96)).nodes).toBe(595_200);
    expect(graphqlCost(document(96)).nodes).toBeGreaterThan(NODE_LIMIT);
    expect(graphqlCost(document(80)).nodes).toBeLessThanOrEqual(NODE_LIMIT);
  });
});
