import type { RepoRef } from "../github/github-client.js";
import { graphqlCost, NODE_LIMIT } from "../github/graphql-node-count.js";

/**
 * The GraphQL documents the digest reads with: `repository.issues` lists (no search, so no
 * 1,000-result cap and no index lag), one list per label and state, batched across repositories.
 * Pure: documents in, nothing sent.
 *
 * Why GraphQL and not REST's `GET /repos/{o}/{r}/issues?labels=…&since=…`: REST costs one request
 * per label and state per repository even when the list is empty (12 for the default config, so
 * 2,400 for 200 repositories), while one GraphQL probe asks every list of 50 repositories for its
 * `totalCount` at once, and the pages that follow are sized to what the probe found.
 */

/** Which kind of issue a list holds; it decides what is selected of each issue. */
export type ListKind = "incident" | "postmortem" | "action-item";

/**
 * One list of the window: the open issues with a label, or the closed ones updated since the
 * window began. The two are disjoint, and together they are "what was updated in the window, and
 * what is still open" (a closed issue not updated since the window began was closed before it).
 */
export interface IssueList {
  repo: RepoRef;
  label: string;
  kind: ListKind;
  state: "OPEN" | "CLOSED";
  /** For closed lists: updated at or after this instant. */
  since?: string;
}

/** One page of a list to fetch: `first` sized to what is left of it, at most 100. */
export interface PageRequest {
  list: IssueList;
  first: number;
  after: string | null;
}

export interface Document {
  query: string;
  /** What each aliased field of the answer is: `data[repository][field]`. */
  fields: { repository: string; field: string; page: PageRequest }[];
}

export interface ProbeDocument {
  query: string;
  repositories: { alias: string; repo: RepoRef; lists: { field: string; list: IssueList }[] }[];
}

/** Repositories per probe: 12 one-node lists each with the default config, so 600 fields a call. */
export const PROBE_REPOSITORIES = 50;
/**
 * Issues per document. The node limit is not what binds (1,000 issues with all their labels are
 * about 101,000 nodes): a call that runs past 10 s is cut off by GitHub, and 1,000 issue bodies
 * keep each call small enough to answer well within that.
 */
export const ISSUES_PER_DOCUMENT = 1_000;

const ISSUE = "number title url body state stateReason createdAt closedAt author { login __typename }";
// GitHub allows at most 100 labels and 10 assignees on an issue: these selections read them all.
const LABELS = "labels(first: 100) { nodes { name } }";
const ASSIGNEES = "assignees(first: 10) { nodes { login } }";
// Evidence (closed by a merged pull request or a commit) only where it counts: closed action items.
const CLOSER = "timelineItems(itemTypes: [CLOSED_EVENT], last: 1) { nodes { ... on ClosedEvent { closer { __typename ... on PullRequest { merged } ... on Commit { url } } } } }";

/** What is read of each issue of a list: only what the digest uses for that kind. */
export function selectionOf(list: IssueList): string {
  if (list.kind === "incident") return `${ISSUE} ${LABELS}`;
  if (list.kind === "postmortem") return ISSUE;
  return list.state === "CLOSED" ? `${ISSUE} ${ASSIGNEES} ${CLOSER}` : `${ISSUE} ${ASSIGNEES}`;
}

/** Every list of the window for these repositories: per label (severities, postmortem, action item), open and closed-since. */
export function windowLists(repos: readonly RepoRef[], labels: readonly { label: string; kind: ListKind }[], since: string): IssueList[] {
  return repos.flatMap((repo) =>
    labels.flatMap(({ label, kind }): IssueList[] => [
      { repo, label, kind, state: "OPEN" },
      { repo, label, kind, state: "CLOSED", since },
    ]),
  );
}

function listArguments(list: IssueList): string {
  const filter = list.since ? `, filterBy: { since: ${JSON.stringify(list.since)} }` : "";
  return `labels: [${JSON.stringify(list.label)}], states: [${list.state}]${filter}, orderBy: { field: CREATED_AT, direction: ASC }`;
}

function repositoryField(alias: string, repo: RepoRef, inner: string): string {
  return `${alias}: repository(owner: ${JSON.stringify(repo.owner)}, name: ${JSON.stringify(repo.repo)}) { ${inner} }`;
}

function pageField(alias: string, page: PageRequest): string {
  const after = page.after ? `, after: ${JSON.stringify(page.after)}` : "";
  return `${alias}: issues(first: ${page.first}${after}, ${listArguments(page.list)}) { totalCount pageInfo { hasNextPage endCursor } nodes { ${selectionOf(page.list)} } }`;
}

/** The probes: for each repository its privacy and, for each of its lists, how many issues it holds (one node each). */
export function probeDocuments(lists: readonly IssueList[]): ProbeDocument[] {
  const byRepo = new Map<string, { repo: RepoRef; lists: IssueList[] }>();
  for (const list of lists) {
    const key = `${list.repo.owner}/${list.repo.repo}`.toLowerCase();
    const entry = byRepo.get(key) ?? { repo: list.repo, lists: [] };
    entry.lists.push(list);
    byRepo.set(key, entry);
  }
  const entries = [...byRepo.values()];
  const documents: ProbeDocument[] = [];
  for (let start = 0; start < entries.length; start += PROBE_REPOSITORIES) {
    const repositories = entries.slice(start, start + PROBE_REPOSITORIES).map((entry, index) => ({
      alias: `r${index}`,
      repo: entry.repo,
      lists: entry.lists.map((list, each) => ({ field: `l${each}`, list })),
    }));
    const fields = repositories.map(({ alias, repo, lists: probed }) =>
      repositoryField(alias, repo, `nameWithOwner isPrivate ${probed.map(({ field, list }) => `${field}: issues(first: 1, ${listArguments(list)}) { totalCount }`).join(" ")}`),
    );
    documents.push(checked({ query: `query {\n${fields.join("\n")}\n}`, repositories }));
  }
  return documents;
}

/**
 * The pages, packed into as few documents as the limits allow: each document holds at most
 * ISSUES_PER_DOCUMENT issues and NODE_LIMIT nodes (each page's nodes counted by GitHub's formula).
 */
export function pageDocuments(pages: readonly PageRequest[]): Document[] {
  const documents: Document[] = [];
  let current: { pages: PageRequest[]; issues: number; nodes: number } = { pages: [], issues: 0, nodes: 0 };
  const flush = () => {
    if (current.pages.length > 0) documents.push(render(current.pages));
    current = { pages: [], issues: 0, nodes: 0 };
  };
  for (const page of pages) {
    const nodes = graphqlCost(`query { ${repositoryField("r", page.list.repo, pageField("p", page))} }`).nodes;
    if (nodes > NODE_LIMIT) throw new RangeError(`One page of ${page.first} issues is ${nodes} nodes, over GitHub's limit of ${NODE_LIMIT}`);
    if (current.issues + page.first > ISSUES_PER_DOCUMENT || current.nodes + nodes > NODE_LIMIT) flush();
    current.pages.push(page);
    current.issues += page.first;
    current.nodes += nodes;
  }
  flush();
  return documents;
}

function render(pages: readonly PageRequest[]): Document {
  const byRepo = new Map<string, { alias: string; repo: RepoRef; fields: string[] }>();
  const fields: Document["fields"] = [];
  pages.forEach((page, index) => {
    const key = `${page.list.repo.owner}/${page.list.repo.repo}`.toLowerCase();
    const entry = byRepo.get(key) ?? { alias: `r${byRepo.size}`, repo: page.list.repo, fields: [] };
    byRepo.set(key, entry);
    entry.fields.push(pageField(`p${index}`, page));
    fields.push({ repository: entry.alias, field: `p${index}`, page });
  });
  const query = `query {\n${[...byRepo.values()].map((entry) => repositoryField(entry.alias, entry.repo, `nameWithOwner isPrivate ${entry.fields.join(" ")}`)).join("\n")}\n}`;
  return checked({ query, fields });
}

/** The labels of some issues (an incident a postmortem names), 100 issues a document. */
export function labelDocuments(
  issues: readonly { owner: string; repo: string; number: number }[],
): { query: string; issues: { alias: string; issue: { owner: string; repo: string; number: number } }[] }[] {
  const documents = [];
  for (let start = 0; start < issues.length; start += 100) {
    const batch = issues.slice(start, start + 100).map((issue, index) => ({ alias: `i${index}`, issue }));
    const fields = batch.map(({ alias, issue }) => repositoryField(alias, issue, `issue(number: ${issue.number}) { ${LABELS} }`));
    documents.push(checked({ query: `query {\n${fields.join("\n")}\n}`, issues: batch }));
  }
  return documents;
}

/** The last guard: a document over the node limit is a bug here, never a request to GitHub. */
function checked<T extends { query: string }>(document: T): T {
  const { nodes } = graphqlCost(document.query);
  if (nodes > NODE_LIMIT) throw new RangeError(`A digest query of ${nodes} nodes is over GitHub's limit of ${NODE_LIMIT}`);
  return document;
}
