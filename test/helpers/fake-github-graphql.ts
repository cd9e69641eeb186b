import { graphqlSync, GraphQLError, type ExecutionResult } from "graphql";
import type { ListKind } from "../../src/digest/digest-queries.js";
import type { ListedIssue } from "../../src/digest/read-facts.js";
import { graphqlCost } from "../../src/github/graphql-node-count.js";
import { githubSchema, graphqlRefusals } from "./graphql-validation.js";

/**
 * GitHub's GraphQL API over in-memory issues, for the nock tests, the benchmarks and the end-to-end
 * stand-in. A request is first checked as GitHub checks it (graphql-validation.ts: schema, pagination
 * bounds, node limit) and refused the way GitHub refuses it; then it is *executed* against GitHub's
 * published schema, so any valid document gets an answer of exactly the shape it asked for
 * (aliases, fragments, nested connections), not a hand-written one. Modelled: `repository` (its
 * `issues` with labels/states/filterBy/orderBy, `issue`), an issue's labels, assignees, comments
 * and closing timeline, `search` (capped at 1,000 results, as GitHub's is), `rateLimit`.
 */
export interface FakeIssue {
  /** `owner/name`. */
  repo: string;
  number: number;
  /** REST's `id`; by default derived from the number. */
  databaseId?: number;
  title: string;
  body: string;
  state: "OPEN" | "CLOSED";
  stateReason: string | null;
  createdAt: string;
  closedAt: string | null;
  updatedAt: string;
  author: { login: string; type: "Bot" | "User" };
  labels: string[];
  assignees: string[];
  /** What closed it: a merged pull request, a commit, or a hand (null). */
  closer: "merged-pr" | "commit" | null;
  comments?: { id: number; body: string; author: { login: string; type: "Bot" | "User" }; createdAt: string }[];
}

export interface FakeRepository {
  nameWithOwner: string;
  isPrivate: boolean;
}

export interface GraphqlAnswer {
  data?: unknown;
  errors?: { type: string; message: string; path?: readonly (string | number)[] }[];
}

/** GitHub's search returns at most this many results, whatever `issueCount` says. */
export const SEARCH_CAP = 1_000;

type Args = Record<string, any>;

export class FakeGitHubGraphql {
  /** Every request answered, in order. */
  readonly requests: { query: string; variables: Record<string, unknown> }[] = [];
  /** The search strings of every `search` field executed. */
  readonly searchQueries: string[] = [];

  /** @param state the issues and repositories, read afresh for every request (a stand-in's store changes). */
  constructor(private readonly state: () => { issues: readonly FakeIssue[]; repositories?: readonly FakeRepository[] }) {}

  static over(issues: readonly FakeIssue[], repositories: readonly FakeRepository[] = []): FakeGitHubGraphql {
    return new FakeGitHubGraphql(() => ({ issues, repositories }));
  }

  answer(body: { query?: unknown; variables?: unknown; operationName?: unknown }): GraphqlAnswer {
    const variables = (body.variables ?? {}) as Record<string, unknown>;
    this.requests.push({ query: String(body.query), variables });
    const refusals = graphqlRefusals(body);
    if (refusals.length > 0) return { errors: refusals };
    const { issues, repositories = [] } = this.state();
    const result: ExecutionResult = graphqlSync({
      schema: githubSchema(),
      source: String(body.query),
      rootValue: this.root(issues, repositories, graphqlCost(String(body.query), variables)),
      variableValues: variables,
      ...(typeof body.operationName === "string" ? { operationName: body.operationName } : {}),
    });
    return {
      data: result.data,
      ...(result.errors?.length
        ? { errors: result.errors.map((error) => ({ type: String(error.extensions.type ?? "INTERNAL"), message: error.message, ...(error.path ? { path: error.path } : {}) })) }
        : {}),
    };
  }

  private root(issues: readonly FakeIssue[], listed: readonly FakeRepository[], cost: { nodes: number; points: number }) {
    const repositories = new Map<string, FakeRepository>();
    for (const repository of listed) repositories.set(repository.nameWithOwner.toLowerCase(), repository);
    for (const issue of issues) if (!repositories.has(issue.repo.toLowerCase())) repositories.set(issue.repo.toLowerCase(), { nameWithOwner: issue.repo, isPrivate: false });
    const byRepo = new Map<string, FakeIssue[]>();
    for (const issue of issues) {
      const key = issue.repo.toLowerCase();
      if (!byRepo.has(key)) byRepo.set(key, []);
      byRepo.get(key)!.push(issue);
    }
    const repositoryObject = (repository: FakeRepository) => repositoryValue(repository, byRepo.get(repository.nameWithOwner.toLowerCase()) ?? [], repositoryObject, repositories);
    return {
      repository: ({ owner, name }: Args) => {
        const repository = repositories.get(`${owner}/${name}`.toLowerCase());
        if (!repository) throw notFound(`Could not resolve to a Repository with the name '${owner}/${name}'.`);
        return repositoryObject(repository);
      },
      search: (args: Args) => {
        this.searchQueries.push(String(args.query));
        const found = issues.filter((issue) => matchesSearch(issue, String(args.query)));
        // GitHub's cap: `issueCount` is the true total, but no page goes past the 1,000th result.
        const page = connection(found.slice(0, SEARCH_CAP), args, (issue) => issueValue(issue, () => repositoryObject(repositories.get(issue.repo.toLowerCase())!)));
        return { ...page, issueCount: found.length };
      },
      rateLimit: () => ({
        cost: cost.points,
        nodeCount: cost.nodes,
        limit: 5_000,
        remaining: 5_000 - cost.points,
        used: cost.points,
        resetAt: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    };
  }
}

function notFound(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { type: "NOT_FOUND" } });
}

function repositoryValue(
  repository: FakeRepository,
  issues: readonly FakeIssue[],
  repositoryObject: (repository: FakeRepository) => unknown,
  all: ReadonlyMap<string, FakeRepository>,
) {
  const [owner, name] = repository.nameWithOwner.split("/") as [string, string];
  const self = () => repositoryObject(all.get(repository.nameWithOwner.toLowerCase())!);
  return {
    __typename: "Repository",
    id: `R_${Buffer.from(repository.nameWithOwner).toString("base64")}`,
    name,
    nameWithOwner: repository.nameWithOwner,
    isPrivate: repository.isPrivate,
    url: `https://github.com/${repository.nameWithOwner}`,
    owner: { __typename: "Organization", login: owner },
    issues: (args: Args) =>
      connection(
        sortIssues(
          issues.filter((issue) => matchesList(issue, args)),
          args.orderBy,
        ),
        args,
        (issue) => issueValue(issue, self),
      ),
    issue: ({ number }: Args) => {
      const issue = issues.find((candidate) => candidate.number === number);
      if (!issue) throw notFound(`Could not resolve to an issue or pull request with the number of ${number}.`);
      return issueValue(issue, self);
    },
  };
}

function issueValue(issue: FakeIssue, repository: () => unknown) {
  const url = `https://github.com/${issue.repo}/issues/${issue.number}`;
  // GraphQL names a bot by its bare slug, REST as `slug[bot]`.
  const actor = (user: { login: string; type: string }) =>
    user.type === "Bot" ? { __typename: "Bot", login: user.login.replace(/\[bot\]$/, "") } : { __typename: "User", login: user.login };
  const events = issue.state === "CLOSED" ? [{ __typename: "ClosedEvent", createdAt: issue.closedAt, stateReason: issue.stateReason, closer: closerValue(issue) }] : [];
  return {
    __typename: "Issue",
    id: `I_${Buffer.from(`${issue.repo}#${issue.number}`).toString("base64")}`,
    databaseId: issue.databaseId ?? 2_000_000 + issue.number,
    number: issue.number,
    title: issue.title,
    url,
    body: issue.body,
    state: issue.state,
    stateReason: issue.stateReason,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    closedAt: issue.closedAt,
    closed: issue.state === "CLOSED",
    author: actor(issue.author),
    repository,
    labels: (args: Args) =>
      connection(
        issue.labels.map((name) => ({ __typename: "Label", name })),
        args,
      ),
    assignees: (args: Args) =>
      connection(
        issue.assignees.map((login) => ({ __typename: "User", login })),
        args,
      ),
    comments: (args: Args) =>
      connection(
        (issue.comments ?? []).map((comment) => ({
          __typename: "IssueComment",
          id: `IC_${comment.id}`,
          databaseId: comment.id,
          body: comment.body,
          createdAt: comment.createdAt,
          author: actor(comment.author),
        })),
        args,
      ),
    timelineItems: (args: Args) => connection(!args.itemTypes || args.itemTypes.includes("CLOSED_EVENT") ? events : [], args),
  };
}

function closerValue(issue: FakeIssue) {
  if (issue.closer === "merged-pr")
    return {
      __typename: "PullRequest",
      number: 9,
      merged: true,
      url: `https://github.com/${issue.repo}/pull/9`,
      repository: { __typename: "Repository", nameWithOwner: issue.repo },
    };
  if (issue.closer === "commit") return { __typename: "Commit", abbreviatedOid: "abc1234", url: `https://github.com/${issue.repo}/commit/abc1234` };
  return null;
}

/** GitHub's cursor paging: `first`/`after` or `last`/`before`, opaque cursors; only the page's items are turned into values. */
function connection<T, V = T>(items: readonly T[], args: Args, value: (item: T) => V = (item) => item as unknown as V) {
  const cursor = (index: number) => Buffer.from(`cursor:${index}`).toString("base64");
  const position = (value: unknown) => Number(Buffer.from(String(value), "base64").toString().replace("cursor:", ""));
  let start = args.after ? position(args.after) + 1 : 0;
  let end = args.before ? position(args.before) : items.length;
  if (args.first != null) end = Math.min(end, start + args.first);
  else if (args.last != null) start = Math.max(start, end - args.last);
  const nodes = items.slice(start, end).map(value);
  return {
    totalCount: items.length,
    nodes,
    edges: nodes.map((node, index) => ({ node, cursor: cursor(start + index) })),
    pageInfo: { hasNextPage: end < items.length, hasPreviousPage: start > 0, startCursor: nodes.length ? cursor(start) : null, endCursor: nodes.length ? cursor(end - 1) : null },
  };
}

/** `repository.issues`: labels (any of them), states, `filterBy: { labels, states, since }`. */
function matchesList(issue: FakeIssue, args: Args): boolean {
  const labels: string[] | undefined = args.labels ?? args.filterBy?.labels;
  const states: string[] | undefined = args.states ?? args.filterBy?.states;
  const since: string | undefined = args.filterBy?.since;
  if (labels && !labels.some((wanted) => issue.labels.some((label) => label.toLowerCase() === wanted.toLowerCase()))) return false;
  if (states && !states.includes(issue.state)) return false;
  if (since && Date.parse(issue.updatedAt) < Date.parse(since)) return false;
  return true;
}

function sortIssues(issues: FakeIssue[], orderBy: { field: string; direction: string } | undefined): FakeIssue[] {
  const sign = orderBy?.direction === "DESC" ? -1 : 1;
  return issues
    .map((issue) => ({ issue, at: Date.parse(orderBy?.field === "UPDATED_AT" ? issue.updatedAt : issue.createdAt) }))
    .sort((a, b) => (a.at - b.at || a.issue.number - b.issue.number) * sign)
    .map(({ issue }) => issue);
}

/** The qualifiers an issue search may use here: `repo:`, `is:issue`, `is:open`, `label:"…"`, `updated:>=…`. */
function matchesSearch(issue: FakeIssue, query: string): boolean {
  const repo = /repo:(\S+)/.exec(query)?.[1];
  const label = /label:"([^"]+)"/.exec(query)?.[1];
  const updated = /updated:>=(\S+)/.exec(query)?.[1];
  if (repo && issue.repo.toLowerCase() !== repo.toLowerCase()) return false;
  if (label && !issue.labels.some((candidate) => candidate === label)) return false;
  if (query.includes("is:open") && issue.state !== "OPEN") return false;
  if (updated && Date.parse(issue.updatedAt) < Date.parse(updated)) return false;
  return true;
}

let counter = 0;

/** An issue with GitHub's defaults; `updatedAt` defaults to the latest of its events. */
export function fakeIssue(
  fields: Partial<Omit<FakeIssue, "author">> & { author?: { login: string; __typename?: string; type?: string }; private?: boolean },
): FakeIssue & { private: boolean } {
  const number = fields.number ?? ++counter + 1000;
  const closedAt = fields.closedAt ?? null;
  const createdAt = fields.createdAt ?? "2026-11-24T09:00:00Z";
  const author = fields.author ?? { login: "alice", type: "User" };
  return {
    repo: fields.repo ?? "Codertocat/Hello-World",
    number,
    ...(fields.databaseId !== undefined ? { databaseId: fields.databaseId } : {}),
    title: fields.title ?? `Issue ${number}`,
    body: fields.body ?? "",
    state: fields.state ?? (closedAt ? "CLOSED" : "OPEN"),
    stateReason: fields.stateReason ?? (closedAt ? "COMPLETED" : null),
    createdAt,
    closedAt,
    updatedAt: fields.updatedAt ?? closedAt ?? createdAt,
    author: { login: author.login, type: (author.type ?? author.__typename) === "Bot" ? "Bot" : "User" },
    labels: fields.labels ?? [],
    assignees: fields.assignees ?? [],
    closer: fields.closer ?? null,
    private: fields.private ?? false,
    ...(fields.comments ? { comments: fields.comments } : {}),
  };
}

/** The repositories of some issues, private when an issue says so. */
export function repositoriesOf(issues: readonly (FakeIssue & { private?: boolean })[]): FakeRepository[] {
  const found = new Map<string, FakeRepository>();
  for (const issue of issues) {
    const known = found.get(issue.repo.toLowerCase());
    found.set(issue.repo.toLowerCase(), { nameWithOwner: issue.repo, isPrivate: (known?.isPrivate ?? false) || (issue.private ?? false) });
  }
  return [...found.values()];
}

/** A fake over these issues, their repositories private as the issues say. */
export function fakeGraphqlOver(issues: readonly (FakeIssue & { private?: boolean })[], more: readonly FakeRepository[] = []): FakeGitHubGraphql {
  return FakeGitHubGraphql.over(issues, [...repositoriesOf(issues), ...more]);
}

/** An issue as one of the digest's lists would return it (for tests of the pure reading). */
export function listedIssue(issue: FakeIssue & { private?: boolean }, list: ListKind = kindOf(issue.labels)): ListedIssue {
  return {
    number: issue.number,
    title: issue.title,
    url: `https://github.com/${issue.repo}/issues/${issue.number}`,
    body: issue.body,
    state: issue.state,
    stateReason: issue.stateReason,
    createdAt: issue.createdAt,
    closedAt: issue.closedAt,
    author: { login: issue.author.login, __typename: issue.author.type },
    labels: { nodes: issue.labels.map((name) => ({ name })) },
    assignees: { nodes: issue.assignees.map((login) => ({ login })) },
    timelineItems: { nodes: issue.state === "CLOSED" ? [{ closer: closerValue(issue) }] : [] },
    list,
    repository: { nameWithOwner: issue.repo, isPrivate: issue.private ?? false },
  };
}

function kindOf(labels: readonly string[]): ListKind {
  return labels.includes("postmortem") ? "postmortem" : labels.includes("action-item") ? "action-item" : "incident";
}
