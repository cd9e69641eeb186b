import { throttling } from "@octokit/plugin-throttling";
import { Kind, parse, type DocumentNode } from "graphql";

/**
 * How a request counts against GitHub's limits:
 * - "read": GET/HEAD and GraphQL queries. Never held up by writes.
 * - "write": changes something but creates no content (edit a body, add a label, a Projects mutation).
 * - "content": creates content that notifies people (an issue, a comment, a sub-issue link), the
 *   requests GitHub's content-creation limit counts (80 a minute, 500 an hour).
 */
export type RequestKind = "read" | "write" | "content";

export interface RequestShape {
  method: string;
  /** The route or path (`/repos/{owner}/{repo}/issues` or `/repos/o/r/issues`), with or without a query string. */
  url: string;
  /** A GraphQL document, when the request is POST /graphql. */
  query?: unknown;
}

/**
 * GraphQL mutations that create the same things as the REST routes Octokit's throttling marks as
 * notification-triggering (its `triggersNotification` list: issues, comments, sub-issues, pull
 * requests and their reviews, discussions). Every other mutation is a plain write.
 */
const CONTENT_MUTATIONS = new Set([
  "createIssue",
  "addComment",
  "addSubIssue",
  "removeSubIssue",
  "reprioritizeSubIssue",
  "createPullRequest",
  "addPullRequestReview",
  "addPullRequestReviewComment",
  "addPullRequestReviewThread",
  "addPullRequestReviewThreadReply",
  "submitPullRequestReview",
  "mergePullRequest",
  "requestReviews",
  "createDiscussion",
  "addDiscussionComment",
  "createTeamDiscussion",
  "createTeamDiscussionComment",
]);

export function requestKind(request: RequestShape): RequestKind {
  const method = request.method.toUpperCase();
  // A full URL (a pagination link) on GitHub Enterprise Server carries the /api/v3 prefix.
  const pathname = new URL(request.url, "http://github.test").pathname.replace(/^\/api\/v3(?=\/)/, "");
  if (method === "GET" || method === "HEAD" || isTokenRequest(method, pathname)) return "read";
  // GitHub Enterprise Server serves GraphQL at /api/graphql.
  if (method === "POST" && (pathname === "/graphql" || pathname === "/api/graphql")) return graphqlKind(request.query);
  return throttling.triggersNotification(pathname) ? "content" : "write";
}

/**
 * A query is a read; a mutation is content if one of its root fields creates content. A document
 * that does not parse (GitHub will refuse it) or spreads fragments at the mutation's root counts
 * as the costlier kind it might be.
 */
function graphqlKind(query: unknown): RequestKind {
  let document: DocumentNode;
  try {
    document = parse(String(query ?? ""), { noLocation: true });
  } catch {
    return "write";
  }
  let kind: RequestKind = "read";
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION || definition.operation === "query") continue;
    const creates = definition.selectionSet.selections.some((selection) => selection.kind !== Kind.FIELD || CONTENT_MUTATIONS.has(selection.name.value));
    if (creates) return "content";
    kind = "write";
  }
  return kind;
}

/** Installation-token exchanges: Octokit's auth makes them inside a request, so pacing them could deadlock. */
function isTokenRequest(method: string, pathname: string): boolean {
  return (
    (method === "POST" &&
      (/^\/app\/installations\/[^/]+\/access_tokens$/.test(pathname) || /^\/applications\/[^/]+\/token$/.test(pathname) || pathname === "/login/oauth/access_token")) ||
    (method === "PATCH" && /^\/applications\/[^/]+\/token\/scoped$/.test(pathname))
  );
}
