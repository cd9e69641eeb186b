import type { PostmortemConfig } from "../config/schema.js";
import { formatIssueRef } from "../domain/issue-ref.js";
import type { GitHubClient, RepoRef } from "../github/github-client.js";
import { labelDocuments, pageDocuments, probeDocuments, windowLists, type IssueList, type ListKind, type PageRequest } from "./digest-queries.js";
import type { DigestFacts } from "./model.js";
import { factsFrom, incidentsToLookUp, type IssueNode, type ListedIssue } from "./read-facts.js";

interface Connection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: IssueNode[];
}

type RepositoryAnswer = { nameWithOwner: string; isPrivate: boolean } & Record<string, unknown>;

export interface GatheredFacts {
  facts: DigestFacts;
  /** The repositories read, with their privacy; a repository GitHub does not show the app is left out. */
  repositories: { repo: RepoRef; isPrivate: boolean }[];
}

/** The labels the digest lists, with the kind of issue each holds. */
export function digestLabels(config: PostmortemConfig): { label: string; kind: ListKind }[] {
  return [
    ...config.severities.map((level) => ({ label: level.label, kind: "incident" as const })),
    { label: config.postmortem.label, kind: "postmortem" },
    { label: config.actionItems.label, kind: "action-item" },
  ];
}

/**
 * The window's facts across repositories, in three steps:
 * 1. probe: for 50 repositories a call, each list's size (and each repository's privacy); a
 *    repository with nothing labelled costs nothing more;
 * 2. pages: every non-empty list read to its end by cursor, 100 issues a page (a last page sized
 *    to what is left), pages of different lists batched into one call up to the limits;
 * 3. only when a postmortem of the window names an incident outside it under a severity name the
 *    config no longer has: that incident's labels, to find its severity by label.
 */
export async function gatherFacts(github: GitHubClient, repos: readonly RepoRef[], config: PostmortemConfig, since: string): Promise<GatheredFacts> {
  const repositories: GatheredFacts["repositories"] = [];
  let pending: PageRequest[] = [];
  const fetched = new Map<IssueList, number>();

  for (const probe of probeDocuments(windowLists(repos, digestLabels(config), since))) {
    const data = await query<Record<string, RepositoryAnswer | null>>(github, probe.query);
    for (const { alias, repo, lists } of probe.repositories) {
      const answer = data[alias];
      if (!answer) continue;
      repositories.push({ repo, isPrivate: answer.isPrivate });
      for (const { field, list } of lists) {
        const size = (answer[field] as { totalCount: number } | undefined)?.totalCount ?? 0;
        if (size > 0) pending.push({ list, first: pageSize(size), after: null });
      }
    }
  }

  const issues: ListedIssue[] = [];
  while (pending.length > 0) {
    const next: PageRequest[] = [];
    for (const document of pageDocuments(pending)) {
      const data = await query<Record<string, RepositoryAnswer | null>>(github, document.query);
      for (const { repository, field, page } of document.fields) {
        const answer = data[repository];
        const connection = answer?.[field] as Connection | undefined;
        if (!answer || !connection) continue;
        const located = { nameWithOwner: answer.nameWithOwner, isPrivate: answer.isPrivate };
        for (const node of connection.nodes) issues.push({ ...node, list: page.list.kind, repository: located });
        const read = (fetched.get(page.list) ?? 0) + connection.nodes.length;
        fetched.set(page.list, read);
        if (connection.pageInfo.hasNextPage && connection.pageInfo.endCursor) {
          next.push({ list: page.list, first: pageSize(connection.totalCount - read), after: connection.pageInfo.endCursor });
        }
      }
    }
    pending = next;
  }

  const incidentLabels = new Map<string, string[]>();
  for (const document of labelDocuments(incidentsToLookUp(issues, config))) {
    const data = await query<Record<string, { issue: { labels: { nodes: { name: string }[] } } | null } | null>>(github, document.query);
    for (const { alias, issue } of document.issues) {
      const labels = data[alias]?.issue?.labels.nodes.map((label) => label.name);
      if (labels) incidentLabels.set(formatIssueRef(issue).toLowerCase(), labels);
    }
  }
  return { facts: factsFrom(issues, config, incidentLabels), repositories };
}

/** 100 a page, or what is left when less (at least 1: a list may grow while it is read). */
function pageSize(left: number): number {
  return Math.min(100, Math.max(1, left));
}

/**
 * A GraphQL read. GitHub answers a repository (or issue) the app cannot see with a NOT_FOUND error
 * beside the data of the rest: that one is left out, the rest is used.
 */
async function query<T>(github: GitHubClient, document: string): Promise<T> {
  try {
    return await github.graphql<T>(document, {});
  } catch (error) {
    const partial = error as { data?: T | null; errors?: { type?: string }[] };
    if (partial.data && partial.errors?.length && partial.errors.every((each) => each.type === "NOT_FOUND")) return partial.data;
    throw error;
  }
}
