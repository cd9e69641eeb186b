import type { SearchNode } from "../../src/digest/gather-facts.js";

/**
 * GitHub's issue search over an in-memory list, for the qualifiers the digest uses: `repo:`,
 * `is:issue`, `is:open`, `label:"…"`, `updated:>=…`. Answers a GraphQL document of aliased
 * searches the way GitHub does, 100 nodes a page with cursors.
 */
export class FakeSearch {
  readonly queries: string[] = [];

  constructor(private readonly nodes: (SearchNode & { updatedAt: string })[]) {}

  answer(body: { query: string; variables: Record<string, unknown> }): { data: Record<string, unknown> } {
    const data: Record<string, unknown> = {};
    for (const match of body.query.matchAll(/(\w+): search\(/g)) {
      const alias = match[1]!;
      const query = String(body.variables[`${alias}Query`]);
      const after = body.variables[`${alias}After`] as string | null;
      this.queries.push(query);
      const all = this.nodes.filter((node) => matches(node, query));
      const offset = after ? Number(after) : 0;
      const page = all.slice(offset, offset + 100);
      data[alias] = {
        issueCount: all.length,
        pageInfo: { hasNextPage: offset + 100 < all.length, endCursor: String(offset + page.length) },
        nodes: page.map(({ updatedAt: _updatedAt, ...node }) => node),
      };
    }
    return { data };
  }
}

function matches(node: SearchNode & { updatedAt: string }, query: string): boolean {
  const repo = /repo:(\S+)/.exec(query)?.[1];
  const label = /label:"([^"]+)"/.exec(query)?.[1];
  const updated = /updated:>=(\S+)/.exec(query)?.[1];
  if (repo && node.repository.nameWithOwner !== repo) return false;
  if (label && !node.labels.nodes.some((candidate) => candidate.name === label)) return false;
  if (query.includes("is:open") && node.state !== "OPEN") return false;
  if (updated && Date.parse(node.updatedAt) < Date.parse(updated)) return false;
  return true;
}

let counter = 0;

/** A search node with GitHub's shape; `updatedAt` defaults to the latest of its events. */
export function searchNode(fields: Partial<Omit<SearchNode, "labels" | "assignees">> & { repo?: string; private?: boolean; labels?: string[]; assignees?: string[]; updatedAt?: string; closer?: "merged-pr" | "commit" | null }): SearchNode & { updatedAt: string } {
  const number = fields.number ?? ++counter + 1000;
  const repo = fields.repo ?? "Codertocat/Hello-World";
  const createdAt = fields.createdAt ?? "2026-11-24T09:00:00Z";
  const closedAt = fields.closedAt ?? null;
  const closer = fields.closer === "merged-pr" ? { __typename: "PullRequest", merged: true, url: `https://github.com/${repo}/pull/9` } : fields.closer === "commit" ? { __typename: "Commit", url: "" } : null;
  return {
    number,
    title: fields.title ?? `Issue ${number}`,
    url: `https://github.com/${repo}/issues/${number}`,
    body: fields.body ?? "",
    state: fields.state ?? (closedAt ? "CLOSED" : "OPEN"),
    stateReason: fields.stateReason ?? (closedAt ? "COMPLETED" : null),
    createdAt,
    closedAt,
    author: fields.author ?? { login: "alice", __typename: "User" },
    repository: { nameWithOwner: repo, isPrivate: fields.private ?? false },
    labels: { nodes: (fields.labels ?? []).map((name) => ({ name })) },
    assignees: { nodes: (fields.assignees ?? []).map((login) => ({ login })) },
    timelineItems: { nodes: closer ? [{ closer }] : [] },
    updatedAt: fields.updatedAt ?? closedAt ?? createdAt,
  };
}
