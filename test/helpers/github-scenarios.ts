import type nock from "nock";
import { comment, issue } from "./github-responses.js";
import { linkMarker } from "./postmortem-fixtures.js";
import { OWNER, REPO } from "./webhook-payloads.js";

/** Request sequences GitHub answers the same way in many tests. */

export const ISSUES = `/repos/${OWNER}/${REPO}/issues`;

/** The query of the postmortem-label list bounded by incident #1's creation. */
export const POSTMORTEM_LIST = { labels: "postmortem", state: "all", since: "2026-11-23T09:00:00Z", sort: "created", direction: "asc", per_page: "100" };

/**
 * Everything after the config read when incident #1 gets its first postmortem, #2 in `repo`:
 * look (the incident and its comments, the label list), create, check for a racing duplicate, checklist, link.
 */
export function opensPostmortem(
  scope: nock.Scope,
  incident: IssueNow,
  options: { existingComments?: { id: number; body: string; user: { login: string; type: string } | null }[]; repo?: string; number?: number } = {},
): { scope: nock.Scope; created: () => any } {
  const repo = options.repo ?? REPO;
  const number = options.number ?? 2;
  const issues = `/repos/${OWNER}/${repo}/issues`;
  let created: any;
  issueNow(scope, incident, options.existingComments ?? [])
    .get(issues)
    .query(POSTMORTEM_LIST)
    .reply(200, [])
    .post(issues, (body) => ((created = body), true))
    .reply(201, () => issue({ number, repo, body: created.body }))
    .get(issues)
    .query(POSTMORTEM_LIST)
    .reply(200, () => [issue({ number, repo, body: created.body })])
    .post(`${issues}/${number}/comments`)
    .reply(201, comment(11, "checklist"))
    .post(`${ISSUES}/1/comments`)
    .reply(201, comment(12, "link"));
  return { scope, created: () => created };
}

/** Incident #1, as GitHub holds it now, already linked to postmortem #2 whose body is `body`. */
export function linked(
  scope: nock.Scope,
  incident: IssueNow,
  body: string,
  extraComments: { id: number; body: string; user: { login: string; type: string } | null }[] = [],
): nock.Scope {
  return issueNow(scope, incident, [comment(12, linkMarker()), ...extraComments])
    .get(`${ISSUES}/2`)
    .reply(200, issue({ number: 2, body }));
}

/** A webhook payload's `issue`, or the fields of one: what GitHub holds of the incident now. */
export interface IssueNow {
  number: number;
  id?: number;
  title: string;
  body?: string | null;
  html_url: string;
  state: string;
  state_reason?: string | null;
  created_at: string;
  updated_at?: string;
  closed_at: string | null;
  user: { login: string; type: string } | null;
  labels?: ({ name?: string } | string)[] | null;
  assignees?: { login: string }[] | null;
}

/** A REST-shaped comment (as `comment()` builds them) in GraphQL's shape: a bot's login without `[bot]`. */
function graphqlComment(rest: { id: number; body: string; user: { login: string; type: string } | null }) {
  return { databaseId: rest.id, body: rest.body, author: rest.user ? graphqlAuthor(rest.user) : null };
}

function graphqlAuthor(user: { login: string; type: string }) {
  return user.type === "Bot" ? { __typename: "Bot", login: user.login.replace(/\[bot\]$/, "") } : { __typename: "User", login: user.login };
}

/** A REST-shaped issue in the shape of the app's `IssueFields` fragment. */
function graphqlIssue(issueNow: IssueNow) {
  return {
    databaseId: issueNow.id ?? 1_000_000 + issueNow.number,
    id: `I_${issueNow.number}`,
    number: issueNow.number,
    title: issueNow.title,
    body: issueNow.body ?? "",
    url: issueNow.html_url,
    state: issueNow.state === "closed" ? "CLOSED" : "OPEN",
    stateReason: issueNow.state_reason ? issueNow.state_reason.toUpperCase() : null,
    createdAt: issueNow.created_at,
    updatedAt: issueNow.updated_at ?? issueNow.created_at,
    closedAt: issueNow.closed_at,
    author: issueNow.user ? graphqlAuthor(issueNow.user) : null,
    labels: { nodes: (issueNow.labels ?? []).map((label) => ({ name: typeof label === "string" ? label : (label.name ?? "") })) },
    assignees: { nodes: (issueNow.assignees ?? []).map((assignee) => ({ login: assignee.login })) },
  };
}

/** The answer to the app's `IssueState` query: the issue as GitHub holds it now, with its comments. */
export function issueStateAnswer(issueNow: IssueNow | null, comments: readonly { id: number; body: string; user: { login: string; type: string } | null }[] = []) {
  if (!issueNow) return { data: { repository: { issue: null } } };
  return { data: { repository: { issue: { ...graphqlIssue(issueNow), comments: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: comments.map(graphqlComment) } } } } };
}

/**
 * The answer to the app's `BodyAndLabelledIssues` query: the postmortem's body now (null: the
 * issue is gone) and, 100 a page from the cursor `after`, the labelled issues (REST-shaped, as
 * the label list would return them: already filtered and oldest first).
 */
export function bodyAndLabelledAnswer(body: string | null, labelled: readonly IssueNow[], after?: string | null) {
  const start = after ? Number(after) : 0;
  const page = labelled.slice(start, start + 100);
  const next = start + 100 < labelled.length;
  return {
    data: {
      postmortem: { issue: body === null ? null : { body } },
      items: { issues: { pageInfo: { hasNextPage: next, endCursor: next ? String(start + 100) : null }, nodes: page.map(graphqlIssue) } },
    },
    ...(body === null ? { errors: [{ type: "NOT_FOUND", path: ["postmortem", "issue"], message: "Could not resolve to an issue or pull request." }] } : {}),
  };
}

/**
 * GitHub answers the filing's one read after its creations (`BodyAndLabelledIssues`, one GraphQL
 * request): postmortem #2's body now and the action items labelled since it was created (#2 as
 * `issue()` builds it: 2026-11-23T09:05:00Z), in `itemsRepo`. Both are read when GitHub answers.
 */
export function bodyAndItemsNow(scope: nock.Scope, body: () => string | null, items: () => readonly IssueNow[], itemsRepo = REPO): nock.Scope {
  const expected = { owner: OWNER, repo: REPO, number: 2, itemsOwner: OWNER, itemsRepo, label: "action-item", since: "2026-11-23T09:05:00Z" };
  return scope
    .post(
      "/graphql",
      (request: { query?: string; variables?: Record<string, unknown> }) =>
        /query BodyAndLabelledIssues\b/.test(request.query ?? "") &&
        Object.entries(expected).every(([name, value]) => request.variables?.[name] === value) &&
        !request.variables?.after,
    )
    .reply(200, () => bodyAndLabelledAnswer(body(), items()));
}

/** GitHub answers the app's read of an issue (`IssueState`, one GraphQL request) with `issueNow` and its comments. */
export function issueNow(
  scope: nock.Scope,
  issue: IssueNow | null,
  comments: readonly { id: number; body: string; user: { login: string; type: string } | null }[] = [],
): nock.Scope {
  const number = issue?.number;
  return scope
    .post(
      "/graphql",
      (body: { query?: string; variables?: { number?: number } }) => /query IssueState\b/.test(body.query ?? "") && (number === undefined || body.variables?.number === number),
    )
    .reply(200, issueStateAnswer(issue, comments));
}
