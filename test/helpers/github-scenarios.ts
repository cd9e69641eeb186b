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
    .get(issues).query(POSTMORTEM_LIST).reply(200, [])
    .post(issues, (body) => ((created = body), true)).reply(201, () => issue({ number, repo, body: created.body }))
    .get(issues).query(POSTMORTEM_LIST).reply(200, () => [issue({ number, repo, body: created.body })])
    .post(`${issues}/${number}/comments`).reply(201, comment(11, "checklist"))
    .post(`${ISSUES}/1/comments`).reply(201, comment(12, "link"));
  return { scope, created: () => created };
}

/** Incident #1, as GitHub holds it now, already linked to postmortem #2 whose body is `body`. */
export function linked(scope: nock.Scope, incident: IssueNow, body: string, extraComments: { id: number; body: string; user: { login: string; type: string } | null }[] = []): nock.Scope {
  return issueNow(scope, incident, [comment(12, linkMarker()), ...extraComments])
    .get(`${ISSUES}/2`).reply(200, issue({ number: 2, body }));
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

/** The answer to the app's `IssueState` query: the issue as GitHub holds it now, with its comments. */
export function issueStateAnswer(issueNow: IssueNow | null, comments: readonly { id: number; body: string; user: { login: string; type: string } | null }[] = []) {
  if (!issueNow) return { data: { repository: { issue: null } } };
  return {
    data: {
      repository: {
        issue: {
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
          comments: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: comments.map(graphqlComment) },
        },
      },
    },
  };
}

/** GitHub answers the app's read of an issue (`IssueState`, one GraphQL request) with `issueNow` and its comments. */
export function issueNow(scope: nock.Scope, issue: IssueNow | null, comments: readonly { id: number; body: string; user: { login: string; type: string } | null }[] = []): nock.Scope {
  const number = issue?.number;
  return scope
    .post("/graphql", (body: { query?: string; variables?: { number?: number } }) => /query IssueState\b/.test(body.query ?? "") && (number === undefined || body.variables?.number === number))
    .reply(200, issueStateAnswer(issue, comments));
}
