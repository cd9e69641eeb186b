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
 * look (comments, label list), create, check for a racing duplicate, checklist, link.
 */
export function opensPostmortem(scope: nock.Scope, options: { existingComments?: object[]; repo?: string; number?: number } = {}): { scope: nock.Scope; created: () => any } {
  const repo = options.repo ?? REPO;
  const number = options.number ?? 2;
  const issues = `/repos/${OWNER}/${repo}/issues`;
  let created: any;
  scope
    .get(`${ISSUES}/1/comments`).query(true).reply(200, options.existingComments ?? [])
    .get(issues).query(POSTMORTEM_LIST).reply(200, [])
    .post(issues, (body) => ((created = body), true)).reply(201, () => issue({ number, repo, body: created.body }))
    .get(issues).query(POSTMORTEM_LIST).reply(200, () => [issue({ number, repo, body: created.body })])
    .post(`${issues}/${number}/comments`).reply(201, comment(11, "checklist"))
    .post(`${ISSUES}/1/comments`).reply(201, comment(12, "link"));
  return { scope, created: () => created };
}

/** Incident #1 already linked to postmortem #2 whose body is `body`. */
export function linked(scope: nock.Scope, body: string, extraComments: object[] = []): nock.Scope {
  return scope
    .get(`${ISSUES}/1/comments`).query(true).reply(200, [comment(12, linkMarker()), ...extraComments])
    .get(`${ISSUES}/2`).reply(200, issue({ number: 2, body }));
}
