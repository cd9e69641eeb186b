import type nock from "nock";
import { OWNER, REPO } from "./webhook-payloads.js";

/** Response bodies shaped like GitHub's, with only the fields the app reads filled in. */

export const APP_USER = { login: "postmortem-bot[bot]", id: 41898282, type: "Bot" };
export const HUMAN = { login: "alice", id: 583231, type: "User" };

export function comment(id: number, body: string, user: { login: string; type: string } = APP_USER) {
  return { id, body, user, html_url: `https://github.com/${OWNER}/${REPO}/issues/1#issuecomment-${id}` };
}

export function issue(fields: {
  number: number;
  body?: string;
  title?: string;
  repo?: string;
  state?: "open" | "closed";
  createdAt?: string;
  user?: { login: string; type: string };
  labels?: string[];
}) {
  const repo = fields.repo ?? REPO;
  return {
    id: 2_000_000 + fields.number,
    number: fields.number,
    title: fields.title ?? "Postmortem: Checkout API returns 500 for all users",
    body: fields.body ?? "",
    state: fields.state ?? "open",
    html_url: `https://github.com/${OWNER}/${repo}/issues/${fields.number}`,
    created_at: fields.createdAt ?? "2026-11-23T09:05:00Z",
    closed_at: null,
    user: fields.user ?? APP_USER,
    assignees: [],
    labels: (fields.labels ?? ["postmortem"]).map((name) => ({ name })),
  };
}

/** No `.github/postmortem.yml` in the repository nor in the owner's `.github` repository. */
export function noConfig(scope: nock.Scope, repo = REPO): nock.Scope {
  return scope
    .get(`/repos/${OWNER}/${repo}/contents/.github%2Fpostmortem.yml`)
    .reply(404, { message: "Not Found" })
    .get(`/repos/${OWNER}/.github/contents/.github%2Fpostmortem.yml`)
    .reply(404, { message: "Not Found" });
}

export function configFile(scope: nock.Scope, yaml: string, repo = REPO): nock.Scope {
  return scope.get(`/repos/${OWNER}/${repo}/contents/.github%2Fpostmortem.yml`).reply(200, yaml, { "content-type": "text/plain; charset=utf-8" });
}
