import type { Context } from "probot";
import { randomUUID } from "node:crypto";
import { issueMention, type IssueRef } from "../domain/issue-ref.js";
import { duplicateNotice } from "../domain/messages.js";
import { marker, readMarkerData } from "../domain/markers.js";
import { fitBody, MAX_CREATED_BODY_LENGTH } from "../domain/render-template.js";

/** The Octokit instance Probot hands to a delivery (installation-authenticated). */
export type Octokit = Context["octokit"];

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface UserSummary {
  login: string;
  type: string;
  /** Set by the client on what it reads: the account is this app's own bot (see `isOwnAccount`). */
  self?: boolean;
}

export interface IssueComment {
  id: number;
  body: string;
  user: UserSummary | null;
}

export interface IssueRecord {
  number: number;
  id: number;
  node_id?: string;
  title: string;
  body: string | null;
  state: string;
  state_reason?: string | null;
  html_url: string;
  created_at: string;
  updated_at?: string;
  closed_at: string | null;
  user: UserSummary | null;
  assignees?: { login: string }[] | null;
  labels: (string | { name?: string })[];
  pull_request?: unknown;
}

/**
 * Every GitHub request the app makes goes through here: one place to read what the app costs,
 * and the only module besides the handlers that knows Octokit.
 */
export class GitHubClient {
  /**
   * @param dryRun when given, writes are described to it instead of sent (reads still happen),
   * so a job can show what it would do.
   */
  constructor(
    private readonly octokit: Octokit,
    /** The login of this app's bot account (`slug[bot]`): only its words are trusted. */
    private readonly self: string,
    private readonly dryRun?: (write: string) => void,
  ) {}

  /** Writes made (or, in a dry run, described) through this client: a job's report counts them. */
  writes = 0;

  /**
   * At most this many writes through this client (a scheduled run's budget, like actions/stale's
   * operations-per-run): the next one throws WriteBudgetSpent, the run stops there and the next
   * run carries on, since every object is reconciled again from GitHub's state.
   */
  writeBudget = Number.POSITIVE_INFINITY;

  /** Stops the run before an object that needs `writes` more than the budget has left, so no object is left half-written by it. */
  ensureBudget(writes: number): void {
    if (this.writes + writes > this.writeBudget) throw new WriteBudgetSpent(this.writeBudget);
  }

  /** Whether an account (of a payload, say) is this app's own bot. */
  isSelf(user: { login?: string } | null | undefined): boolean {
    return isOwnAccount(user, this.self);
  }

  /** Marks who wrote what GitHub answered: only this app's own bot account is trusted. */
  private own<T extends { user: UserSummary | null }>(items: T[]): T[] {
    for (const item of items) if (item.user) item.user.self = isOwnAccount(item.user, this.self);
    return items;
  }

  /** True when the write was only described. */
  private skipped(write: string): boolean {
    this.ensureBudget(1);
    this.writes++;
    this.dryRun?.(write);
    return this.dryRun !== undefined;
  }

  async listComments(issue: IssueRef): Promise<IssueComment[]> {
    const comments = (await this.octokit.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner: issue.owner,
      repo: issue.repo,
      issue_number: issue.number,
      per_page: 100,
    })) as IssueComment[];
    return this.own(comments);
  }

  async createComment(issue: IssueRef, text: string): Promise<IssueComment> {
    const body = fitBody(text);
    if (this.skipped(`comment on ${issue.owner}/${issue.repo}#${issue.number}:\n${body}`)) return { id: 0, body, user: null };
    const since = new Date(Date.now() - CREATION_LOOKBACK_MS).toISOString();
    return this.createChecked(
      async (request) =>
        (
          await this.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
            owner: issue.owner,
            repo: issue.repo,
            issue_number: issue.number,
            body,
            ...(request ? { request } : {}),
          })
        ).data as IssueComment,
      async () => {
        const recent = (await this.octokit.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
          owner: issue.owner,
          repo: issue.repo,
          issue_number: issue.number,
          since,
          per_page: 100,
        })) as IssueComment[];
        return this.own(recent).find((comment) => writtenByApp(comment.user) && sameText(comment.body, body));
      },
    );
  }

  /**
   * A creation whose answer was lost (a 5xx, a timeout) may still have happened on GitHub, so it
   * is not blindly retried: the first attempt runs without Octokit's retries, and after a
   * transient failure the app looks for what it meant to create before trying once more.
   */
  private async createChecked<T>(create: (request?: { retries: number }) => Promise<T>, findCreated: () => Promise<T | undefined>): Promise<T> {
    try {
      return await create({ retries: 0 });
    } catch (error) {
      const status = statusOf(error);
      if (status !== undefined && status < 500) throw error;
      const created = await findCreated();
      return created ?? create();
    }
  }

  async updateComment(repo: RepoRef, commentId: number, body: string): Promise<void> {
    if (this.skipped(`update comment ${commentId} in ${repo.owner}/${repo.repo}`)) return;
    await this.octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
      owner: repo.owner,
      repo: repo.repo,
      comment_id: commentId,
      body: fitBody(body),
    });
  }

  async getIssue(issue: IssueRef): Promise<IssueRecord | undefined> {
    try {
      const { data } = await this.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", {
        owner: issue.owner,
        repo: issue.repo,
        issue_number: issue.number,
      });
      return this.own([data as IssueRecord])[0];
    } catch (error) {
      if (statusOf(error) === 404 || statusOf(error) === 410) return undefined;
      throw error;
    }
  }

  /**
   * Creates an issue. An assignee who cannot be assigned in this repository fails the whole
   * creation with 422: it is then filed unassigned, with the body `unassigned(owners)` gives.
   */
  async createIssue(
    repo: RepoRef,
    fields: { title: string; body: string; labels: string[]; assignees: string[] },
    unassigned: (owners: string[]) => string = () => fields.body,
  ): Promise<IssueRecord & { unassignable: string[] }> {
    if (this.skipped(`create issue in ${repo.owner}/${repo.repo}: ${fields.title}\n${fields.body}`)) {
      return {
        number: 0,
        id: 0,
        title: fields.title,
        body: fields.body,
        state: "open",
        html_url: "",
        created_at: new Date().toISOString(),
        closed_at: null,
        user: null,
        labels: [],
        unassignable: [],
      };
    }
    const since = new Date(Date.now() - CREATION_LOOKBACK_MS).toISOString();
    // Two replicas may create identical issues; the attempt's own id tells its issue from the other's.
    const attempt = randomUUID();
    const create = (assignees: string[], text: string) => {
      const body = `${fitBody(text, MAX_CREATED_BODY_LENGTH)}\n${marker("attempt", { id: attempt })}`;
      return this.createChecked(
        async (request) =>
          (await this.octokit.request("POST /repos/{owner}/{repo}/issues", { owner: repo.owner, repo: repo.repo, ...fields, body, assignees, ...(request ? { request } : {}) }))
            .data as IssueRecord,
        async () => {
          const recent = (
            await this.octokit.request("GET /repos/{owner}/{repo}/issues", {
              owner: repo.owner,
              repo: repo.repo,
              state: "all",
              since,
              sort: "created",
              direction: "desc",
              per_page: 100,
            })
          ).data as IssueRecord[];
          return this.own(recent).find((issue) => writtenByApp(issue.user) && readMarkerData(issue.body, "attempt")?.id === attempt);
        },
      );
    };
    try {
      return { ...(await create(fields.assignees, fields.body)), unassignable: [] };
    } catch (error) {
      if (statusOf(error) !== 422 || fields.assignees.length === 0) throw error;
      return { ...(await create([], unassigned(fields.assignees))), unassignable: fields.assignees };
    }
  }

  /** Closes `ours` as a duplicate of `kept` (the older of two racing issues), saying which is kept. */
  async closeAsDuplicate(ours: IssueRef, kept: IssueRef): Promise<void> {
    await this.createComment(ours, duplicateNotice(issueMention(kept, ours)));
    await this.updateIssue(ours, { state: "closed", state_reason: "duplicate" });
  }

  async addLabels(issue: IssueRef, labels: string[]): Promise<void> {
    if (this.skipped(`label ${issue.owner}/${issue.repo}#${issue.number}: ${labels.join(", ")}`)) return;
    await this.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
      owner: issue.owner,
      repo: issue.repo,
      issue_number: issue.number,
      labels,
    });
  }

  async removeLabel(issue: IssueRef, name: string): Promise<void> {
    if (this.skipped(`unlabel ${issue.owner}/${issue.repo}#${issue.number}: ${name}`)) return;
    try {
      await this.octokit.request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", {
        owner: issue.owner,
        repo: issue.repo,
        issue_number: issue.number,
        name,
      });
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }

  /**
   * Links a child issue under a parent with GitHub's sub-issues API. Where the API does not
   * exist (older GitHub Enterprise Server) the answer is "unavailable"; where the parent already
   * has GitHub's most (100 sub-issues, closed ones included) it is "full". Either way the caller
   * links another way. A child already linked counts as linked.
   */
  async addSubIssue(parent: IssueRef, childId: number): Promise<"linked" | "unavailable" | "full"> {
    if (this.skipped(`link issue ${childId} under ${parent.owner}/${parent.repo}#${parent.number}`)) return "linked";
    try {
      await this.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", {
        owner: parent.owner,
        repo: parent.repo,
        issue_number: parent.number,
        sub_issue_id: childId,
      });
      return "linked";
    } catch (error) {
      const status = statusOf(error);
      if (status === 404 || status === 410 || status === 501) return "unavailable";
      if (status === 422 && /already|duplicate/i.test(String((error as Error).message))) return "linked";
      // GitHub: "Parent cannot have more than 100 sub-issues".
      if (status === 422 && /cannot have more than \d+ sub-issues/i.test(String((error as Error).message))) return "full";
      throw error;
    }
  }

  /** Issues with a label in a state: the open action items, say. Cost grows with what is listed, not with history. */
  async listLabelledIssues(repo: RepoRef, label: string, state: "open" | "closed" | "all"): Promise<IssueRecord[]> {
    return this.listIssues(repo, { labels: label, state });
  }

  /** The owner's repositories with a topic (repository search: bounded by the topic, not the owner's size). */
  async repositoriesWithTopic(owner: string, topic: string): Promise<RepoRef[]> {
    const repositories = (await this.octokit.paginate("GET /search/repositories", { q: `user:${owner} topic:${topic}`, per_page: 100 })) as {
      name: string;
      owner: { login: string } | null;
    }[];
    return repositories.map((repository) => ({ owner: repository.owner?.login ?? owner, repo: repository.name }));
  }

  /** A GraphQL mutation: a write, so a dry run only describes it. */
  async mutate<T>(mutation: string, variables: Record<string, unknown>, described: string): Promise<T | undefined> {
    if (this.skipped(described)) return undefined;
    return this.octokit.graphql<T>(mutation, variables);
  }

  async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    return this.octokit.graphql<T>(query, variables);
  }

  async updateIssue(issue: IssueRef, fields: { body?: string; state?: "open" | "closed"; state_reason?: "completed" | "not_planned" | "duplicate" | "reopened" }): Promise<void> {
    if (this.skipped(`update ${issue.owner}/${issue.repo}#${issue.number}: ${Object.keys(fields).join(", ")}`)) return;
    await this.octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
      owner: issue.owner,
      repo: issue.repo,
      issue_number: issue.number,
      ...fields,
    });
  }

  /**
   * Issues with a label updated since an instant, oldest first. A list endpoint, not search: it
   * sees an issue the moment it is created, which is what duplicate detection needs.
   */
  async listLabelledIssuesSince(repo: RepoRef, label: string, since: string): Promise<IssueRecord[]> {
    return this.listIssues(repo, { labels: label, state: "all", since, sort: "created", direction: "asc" });
  }

  /** Every page of an issue listing, 100 at a time, pull requests left out. */
  private async listIssues(
    repo: RepoRef,
    query: { labels: string; state: "open" | "closed" | "all"; since?: string; sort?: "created"; direction?: "asc" },
  ): Promise<IssueRecord[]> {
    const issues = this.own((await this.octokit.paginate("GET /repos/{owner}/{repo}/issues", { owner: repo.owner, repo: repo.repo, ...query, per_page: 100 })) as IssueRecord[]);
    return issues.filter((issue) => !issue.pull_request);
  }

  /** The user's role on the repository (admin, maintain, write, triage, read, none). */
  async roleOf(repo: RepoRef, username: string): Promise<string> {
    try {
      const { data } = await this.octokit.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", {
        owner: repo.owner,
        repo: repo.repo,
        username,
      });
      return data.role_name ?? data.permission;
    } catch (error) {
      if (statusOf(error) === 404) return "none";
      throw error;
    }
  }

  /** A text file from the default branch, or undefined when it does not exist. */
  async readFile(repo: RepoRef, path: string): Promise<string | undefined> {
    try {
      const { data } = await this.octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
        owner: repo.owner,
        repo: repo.repo,
        path,
        mediaType: { format: "raw" },
      });
      return typeof data === "string" ? data : undefined;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async isPrivate(repo: RepoRef): Promise<boolean> {
    const { data } = await this.octokit.request("GET /repos/{owner}/{repo}", { owner: repo.owner, repo: repo.repo });
    return data.private;
  }

  /**
   * The files a pull request changes, 100 a page (GitHub lists at most 3,000). `status` is
   * added, removed, modified, renamed, copied, changed or unchanged; a rename names its old path.
   */
  async listPullRequestFiles(repo: RepoRef, pullNumber: number): Promise<{ filename: string; status: string; previous_filename?: string }[]> {
    const files = await this.octokit.paginate("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", {
      owner: repo.owner,
      repo: repo.repo,
      pull_number: pullNumber,
      per_page: 100,
    });
    return files.map(({ filename, status, previous_filename }) => ({ filename, status, ...(previous_filename ? { previous_filename } : {}) }));
  }

  /** A text file at a commit (a sha or a branch), or undefined when it does not exist there. */
  async readFileAt(repo: RepoRef, path: string, ref: string): Promise<string | undefined> {
    try {
      const { data } = await this.octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
        owner: repo.owner,
        repo: repo.repo,
        path,
        ref,
        mediaType: { format: "raw" },
      });
      return typeof data === "string" ? data : undefined;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /**
   * An issue as GitHub holds it now, with every comment, in one GraphQL request per 100 comments
   * (the REST equivalent is two requests: the issue, then its comments). Undefined when the issue
   * does not exist (or is a pull request).
   */
  async getIssueWithComments(ref: IssueRef): Promise<{ issue: IssueRecord; comments: IssueComment[] } | undefined> {
    const comments: IssueComment[] = [];
    let issue: IssueRecord | undefined;
    let after: string | null = null;
    do {
      const data: IssueStateAnswer | undefined = await this.octokit
        .graphql<IssueStateAnswer>(ISSUE_STATE_QUERY, { owner: ref.owner, repo: ref.repo, number: ref.number, after })
        .catch((error: unknown) => (onlyNotFound(error) ? undefined : Promise.reject(error)));
      const node: NonNullable<IssueStateAnswer["repository"]>["issue"] | undefined = data?.repository?.issue;
      if (!node) return undefined;
      issue ??= this.own([issueFromGraphql(node)])[0]!;
      comments.push(...this.own(node.comments.nodes.map(commentFromGraphql)));
      after = node.comments.pageInfo.hasNextPage ? node.comments.pageInfo.endCursor : null;
    } while (after);
    return { issue, comments };
  }

  /**
   * Issues of one repository as GitHub holds them now, each with its comments, ISSUES_PER_BATCH to
   * a GraphQL request (aliases of `issue(number:)`): what the catch-up reads for the many objects it
   * looks at. An issue with more than 100 comments is read again on its own to page them; one that
   * is gone (or a pull request) is left out.
   */
  async getIssuesWithComments(repo: RepoRef, numbers: readonly number[]): Promise<Map<number, { issue: IssueRecord; comments: IssueComment[] }>> {
    const found = new Map<number, { issue: IssueRecord; comments: IssueComment[] }>();
    for (let start = 0; start < numbers.length; start += ISSUES_PER_BATCH) {
      const batch = numbers.slice(start, start + ISSUES_PER_BATCH);
      const aliases = batch.map((number, index) => `i${index}: issue(number: ${Math.trunc(number)}) { ...IssueFields ${COMMENTS_PAGE} }`).join("\n    ");
      const query = `query IssuesState($owner: String!, $repo: String!) {\n  repository(owner: $owner, name: $repo) {\n    ${aliases}\n  }\n}\n${ISSUE_FIELDS}`;
      type Node = NonNullable<NonNullable<IssueStateAnswer["repository"]>["issue"]>;
      const data = await this.octokit
        .graphql<{ repository: Record<string, Node | null> | null }>(query, { owner: repo.owner, repo: repo.repo })
        // An issue that is gone answers NOT_FOUND beside the others' data.
        .catch((error: unknown) => (onlyNotFound(error) ? (error as { data?: { repository: Record<string, Node | null> | null } }).data : Promise.reject(error)));
      for (const [index, number] of batch.entries()) {
        const node = data?.repository?.[`i${index}`];
        if (!node) continue;
        if (node.comments.pageInfo.hasNextPage) {
          const whole = await this.getIssueWithComments({ ...repo, number });
          if (whole) found.set(number, whole);
          continue;
        }
        found.set(number, { issue: this.own([issueFromGraphql(node)])[0]!, comments: this.own(node.comments.nodes.map(commentFromGraphql)) });
      }
    }
    return found;
  }

  /**
   * What the filing needs once its issues are created, in one GraphQL request per 100 issues (the
   * REST equivalent is two: a list, then the issue): the issue's body as GitHub holds it now (undefined
   * when it is gone), and the issues of `items` (another repository, maybe) carrying `label`,
   * updated since `since`, oldest first. A list, not search: it sees an issue the moment it is created.
   */
  async getBodyAndLabelledIssues(ref: IssueRef, items: RepoRef, label: string, since: string): Promise<{ body: string | undefined; issues: IssueRecord[] }> {
    const issues: IssueRecord[] = [];
    let body: string | undefined;
    let after: string | null = null;
    do {
      const variables: Record<string, unknown> = { owner: ref.owner, repo: ref.repo, number: ref.number, itemsOwner: items.owner, itemsRepo: items.repo, label, since, after };
      // A missing issue (or repository) is a NOT_FOUND error beside the data GitHub could read.
      const data: BodyAndLabelledAnswer | null | undefined = await this.octokit
        .graphql<BodyAndLabelledAnswer>(BODY_AND_LABELLED_QUERY, variables)
        .catch((error: unknown) => (onlyNotFound(error) ? (error as { data?: BodyAndLabelledAnswer | null }).data : Promise.reject(error)));
      // Each page reads the body again: the freshest is kept.
      body = data?.postmortem?.issue?.body ?? undefined;
      const page: NonNullable<BodyAndLabelledAnswer["items"]>["issues"] | undefined = data?.items?.issues;
      issues.push(...this.own((page?.nodes ?? []).map(issueFromGraphql)));
      after = page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    return { body, issues };
  }

  /** Reports a finished check on a commit: one check run, already completed. */
  async createCheckRun(repo: RepoRef, run: { name: string; headSha: string; conclusion: "success" | "failure"; title: string; summary: string }): Promise<void> {
    if (this.skipped(`check run "${run.name}" on ${repo.owner}/${repo.repo}@${run.headSha}: ${run.conclusion}, ${run.title}\n${run.summary}`)) return;
    await this.octokit.request("POST /repos/{owner}/{repo}/check-runs", {
      owner: repo.owner,
      repo: repo.repo,
      name: run.name,
      head_sha: run.headSha,
      status: "completed",
      conclusion: run.conclusion,
      output: { title: run.title, summary: run.summary },
    });
  }
}

/** The fields of an issue the app reads, in GraphQL (mapped to REST's shape by `issueFromGraphql`). */
const ISSUE_FIELDS = `fragment IssueFields on Issue {
  databaseId
  id
  number
  title
  body
  url
  state
  stateReason
  createdAt
  updatedAt
  closedAt
  author { __typename login }
  labels(first: 100) { nodes { name } }
  assignees(first: 10) { nodes { login } }
}`;

/** 25 issues × (100 comments + 100 labels + 10 assignees): about 5,300 nodes of the 500,000 allowed. */
const ISSUES_PER_BATCH = 25;
const COMMENTS_PAGE = "comments(first: 100) { pageInfo { hasNextPage endCursor } nodes { databaseId body author { __typename login } } }";

const ISSUE_STATE_QUERY = `query IssueState($owner: String!, $repo: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $repo) {
    issue(number: $number) {
      ...IssueFields
      comments(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { databaseId body author { __typename login } }
      }
    }
  }
}
${ISSUE_FIELDS}`;

// 100 issues × (100 labels + 10 assignees) + 100 + 1: about 11,000 nodes of the 500,000 allowed.
const BODY_AND_LABELLED_QUERY = `query BodyAndLabelledIssues($owner: String!, $repo: String!, $number: Int!, $itemsOwner: String!, $itemsRepo: String!, $label: String!, $since: DateTime!, $after: String) {
  postmortem: repository(owner: $owner, name: $repo) {
    issue(number: $number) { body }
  }
  items: repository(owner: $itemsOwner, name: $itemsRepo) {
    issues(first: 100, after: $after, filterBy: { labels: [$label], since: $since }, orderBy: { field: CREATED_AT, direction: ASC }) {
      pageInfo { hasNextPage endCursor }
      nodes { ...IssueFields }
    }
  }
}
${ISSUE_FIELDS}`;

interface GraphqlAuthor {
  __typename: string;
  login: string;
}

/** An issue as `IssueFields` reads it. */
interface GraphqlIssue {
  databaseId: number;
  id: string;
  number: number;
  title: string;
  body: string;
  url: string;
  state: "OPEN" | "CLOSED";
  stateReason: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  author: GraphqlAuthor | null;
  labels: { nodes: { name: string }[] };
  assignees: { nodes: { login: string }[] };
}

interface IssueStateAnswer {
  repository: {
    issue:
      | (GraphqlIssue & {
          comments: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { databaseId: number; body: string; author: GraphqlAuthor | null }[] };
        })
      | null;
  } | null;
}

interface BodyAndLabelledAnswer {
  postmortem: { issue: { body: string } | null } | null;
  items: { issues: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: GraphqlIssue[] } } | null;
}

/** GitHub answers a missing issue (or repository) with `null` and a NOT_FOUND error, which Octokit throws. */
function onlyNotFound(error: unknown): boolean {
  const errors = (error as { errors?: { type?: string }[] } | null)?.errors;
  return Array.isArray(errors) && errors.length > 0 && errors.every((each) => each.type === "NOT_FOUND");
}

/** GraphQL names a bot `slug`, REST `slug[bot]`: the app compares logins in REST's form. */
function userFromGraphql(author: GraphqlAuthor | null): UserSummary | null {
  if (!author) return null;
  const bot = author.__typename === "Bot";
  return { login: bot && !author.login.endsWith("[bot]") ? `${author.login}[bot]` : author.login, type: bot ? "Bot" : "User" };
}

function issueFromGraphql(node: GraphqlIssue): IssueRecord {
  return {
    number: node.number,
    id: node.databaseId,
    node_id: node.id,
    title: node.title,
    body: node.body,
    state: node.state === "CLOSED" ? "closed" : "open",
    state_reason: node.stateReason ? node.stateReason.toLowerCase() : null,
    html_url: node.url,
    created_at: node.createdAt,
    updated_at: node.updatedAt,
    closed_at: node.closedAt,
    user: userFromGraphql(node.author),
    assignees: node.assignees.nodes.map((assignee) => ({ login: assignee.login })),
    labels: node.labels.nodes.map((label) => ({ name: label.name })),
  };
}

function commentFromGraphql(node: { databaseId: number; body: string; author: GraphqlAuthor | null }): IssueComment {
  return { id: node.databaseId, body: node.body, user: userFromGraphql(node.author) };
}

/** A run's write budget is spent: what is left is for the next run. */
export class WriteBudgetSpent extends Error {
  constructor(readonly budget: number) {
    super(`write budget of ${budget} spent: the rest is left to the next run`);
    this.name = "WriteBudgetSpent";
  }
}

/** How far back to look for a creation whose answer was lost. */
const CREATION_LOOKBACK_MS = 10 * 60_000;

/** GitHub stores bodies with the line endings it was given, but editors may change them. */
function sameText(a: string, b: string): boolean {
  return a.replace(/\r\n/g, "\n") === b.replace(/\r\n/g, "\n");
}

export function statusOf(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "status" in error ? Number((error as { status: unknown }).status) : undefined;
}

/**
 * Markers are trusted only in text this app's own bot account wrote: not a person's, and not
 * another app's (any app or `github-actions[bot]` could copy a marker). The client marks what it
 * reads (`UserSummary.self`); a webhook payload's accounts are checked with `GitHubClient.isSelf`.
 */
export function writtenByApp(author: { self?: boolean } | null | undefined): boolean {
  return author?.self === true;
}

/** Logins compare without case; `slug[bot]` is REST's form, GraphQL's bare `slug` is mapped to it on reading. */
export function isOwnAccount(user: { login?: string } | null | undefined, self: string): boolean {
  return user?.login !== undefined && user.login.toLowerCase() === self.toLowerCase();
}
