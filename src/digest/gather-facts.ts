import { readActionItemRecord } from "../action-items/action-item-body.js";
import type { PostmortemConfig } from "../config/schema.js";
import { formatIssueRef } from "../domain/issue-ref.js";
import { readSummary } from "../domain/postmortem-summary.js";
import { serviceLabels } from "../domain/labels.js";
import { currentSeverity } from "../domain/severity.js";
import type { GitHubClient, RepoRef } from "../github/github-client.js";
import type { ActionItemFact, ActionItemOutcome, DigestFacts, IncidentFact, PostmortemFact } from "./model.js";
import { readRelatedIncidents, readTimeline } from "./read-postmortem.js";

export interface SearchQuery {
  alias: string;
  query: string;
}

/** An issue as the digest's GraphQL search returns it. */
export interface SearchNode {
  number: number;
  title: string;
  url: string;
  body: string;
  state: "OPEN" | "CLOSED";
  stateReason: string | null;
  createdAt: string;
  closedAt: string | null;
  author: { login: string; __typename: string } | null;
  repository: { nameWithOwner: string; isPrivate: boolean };
  labels: { nodes: { name: string }[] };
  assignees: { nodes: { login: string }[] };
  timelineItems: { nodes: { closer?: { __typename: string; merged?: boolean; url?: string } | null }[] };
}

interface SearchPage {
  issueCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: (SearchNode | Record<string, never>)[];
}

const ISSUE_FIELDS = `number title url body state stateReason createdAt closedAt
  author { login __typename }
  repository { nameWithOwner isPrivate }
  labels(first: 50) { nodes { name } }
  assignees(first: 10) { nodes { login } }
  timelineItems(itemTypes: [CLOSED_EVENT], last: 1) { nodes { ... on ClosedEvent { closer { __typename ... on PullRequest { merged url } ... on Commit { url } } } } }`;

/**
 * The searches of a digest, bounded by the window: per repository and per label (severities, the
 * postmortem label, the action-item label), what was updated since the window began, and what is
 * still open (for open counts and overdue lists). Nothing reads the repository's whole history.
 */
export function digestQueries(repos: readonly RepoRef[], config: PostmortemConfig, windowStart: string): SearchQuery[] {
  const labels = [...config.severities.map((level) => level.label), config.postmortem.label, config.actionItems.label];
  const queries: SearchQuery[] = [];
  for (const repo of repos) {
    for (const label of labels) {
      const base = `repo:${repo.owner}/${repo.repo} is:issue label:"${label}"`;
      queries.push({ alias: `q${queries.length}`, query: `${base} updated:>=${windowStart.slice(0, 19)}Z` });
      queries.push({ alias: `q${queries.length}`, query: `${base} is:open` });
    }
  }
  return queries;
}

export function searchDocument(queries: readonly (SearchQuery & { after?: string | null })[]): { query: string; variables: Record<string, unknown> } {
  const variables: Record<string, unknown> = {};
  const fields = queries.map((entry) => {
    variables[`${entry.alias}Query`] = entry.query;
    variables[`${entry.alias}After`] = entry.after ?? null;
    return `${entry.alias}: search(type: ISSUE, first: 100, query: $${entry.alias}Query, after: $${entry.alias}After) { issueCount pageInfo { hasNextPage endCursor } nodes { ... on Issue { ${ISSUE_FIELDS} } } }`;
  });
  const declarations = queries.map((entry) => `$${entry.alias}Query: String!, $${entry.alias}After: String`).join(", ");
  return { query: `query(${declarations}) {\n${fields.join("\n")}\n}`, variables };
}

/**
 * Runs every search of the digest in one GraphQL request, then pages on (100 at a time) only the
 * searches that have more; returns every issue once.
 */
export async function searchAll(github: GitHubClient, queries: readonly SearchQuery[]): Promise<SearchNode[]> {
  const nodes = new Map<string, SearchNode>();
  let pending: (SearchQuery & { after?: string | null })[] = [...queries];
  while (pending.length > 0) {
    const { query, variables } = searchDocument(pending);
    const data = await github.graphql<Record<string, SearchPage>>(query, variables);
    const next: typeof pending = [];
    for (const entry of pending) {
      const page = data[entry.alias];
      if (!page) continue;
      for (const node of page.nodes) {
        if ("number" in node) nodes.set(`${node.repository.nameWithOwner}#${node.number}`, node as SearchNode);
      }
      if (page.pageInfo.hasNextPage) next.push({ ...entry, after: page.pageInfo.endCursor });
    }
    pending = next;
  }
  return [...nodes.values()];
}

/** Incidents, postmortems and action items from the searched issues, read from their labels and the app's markers. */
export function factsFrom(nodes: readonly SearchNode[], config: PostmortemConfig): DigestFacts {
  const facts: DigestFacts = { incidents: [], postmortems: [], actionItems: [] };
  for (const node of nodes) {
    const [owner, repo] = node.repository.nameWithOwner.split("/") as [string, string];
    const source = { repo: node.repository.nameWithOwner, number: node.number, title: node.title, url: node.url, private: node.repository.isPrivate };
    const labels = node.labels.nodes.map((label) => label.name);
    const byApp = node.author?.__typename === "Bot";
    const summary = byApp ? readSummary(node.body) : undefined;
    const item = byApp && !summary ? readActionItemRecord(node.body) : undefined;
    const closedAt = node.state === "CLOSED" ? node.closedAt : null;
    if (summary) {
      const severity = config.severities.find((level) => level.name === summary.severity);
      facts.postmortems.push({
        ...source,
        incident: formatIssueRef(summary.incident),
        severity: summary.severity,
        required: severity?.postmortem === "required",
        createdAt: node.createdAt,
        closedAt,
        reviewDue: summary.reviewDue,
        ...readTimeline(node.body, config.timeZone),
        relatedIncidents: readRelatedIncidents(node.body, { owner, repo }),
      } satisfies PostmortemFact);
    } else if (item) {
      if (node.stateReason === "DUPLICATE") continue;
      facts.actionItems.push({
        ...source,
        postmortem: formatIssueRef(item.postmortem),
        priority: item.priority,
        type: item.type,
        createdAt: node.createdAt,
        closedAt,
        outcome: outcomeOf(node),
        due: item.due,
        owners: node.assignees.nodes.map((assignee) => assignee.login),
      } satisfies ActionItemFact);
    } else {
      const severity = currentSeverity(config, labels);
      if (!severity) continue;
      facts.incidents.push({
        ...source,
        severity: severity.name,
        services: serviceLabels(labels, config),
        createdAt: node.createdAt,
        closedAt,
      } satisfies IncidentFact);
    }
  }
  return facts;
}

/** Implemented: closed by a merged pull request or a commit; done: closed as completed by hand; dropped: not planned. */
export function outcomeOf(node: Pick<SearchNode, "state" | "stateReason" | "timelineItems">): ActionItemOutcome {
  if (node.state !== "CLOSED") return "open";
  if (node.stateReason === "NOT_PLANNED") return "dropped";
  const closer = node.timelineItems.nodes.at(-1)?.closer;
  // A merged pull request or a commit with a closing keyword is a change that did the work.
  const byChange = (closer?.__typename === "PullRequest" && closer.merged === true) || closer?.__typename === "Commit";
  return byChange ? "implemented" : "done";
}
