import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createHmac, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { Kind, parse, type OperationDefinitionNode } from "graphql";
import { FakeGitHubGraphql, type FakeIssue } from "../helpers/fake-github-graphql.js";
import { githubSchema } from "../helpers/graphql-validation.js";
import { GitHubLimits, GITHUB_LIMITS } from "./github-limits.js";
import { checkRunShape, commentShape, fileShape, installationShape, issueShape, labelShape, pullFileShape, repoShape, userShape } from "./github-shapes.js";

/**
 * An in-memory GitHub (Enterprise Server layout: REST under `/api/v3`, GraphQL at `/api/graphql`)
 * over `node:http` on 127.0.0.1, for running the real server against. It answers the endpoints
 * postmortem-bot uses the way GitHub does (numbers, ids, pagination `link` headers, 404s), records
 * every request it receives, and can be told to fail the next matching request once. It refuses
 * what GitHub refuses (`limits`: content past the secondary limit, page numbers, sub-issue, label,
 * assignee and body caps), and checks each of its own answers against GitHub's REST description:
 * an answer that drifts from it is replaced by a 500 naming the drift (kept in `limits.drifted`).
 *
 * It lives in `test/`: nothing in `src/` knows it exists.
 */

export const APP_LOGIN = "postmortem-bot[bot]";
export const APP_USER = { login: APP_LOGIN, id: 41898282, type: "Bot" } as const;

export interface User {
  login: string;
  id?: number;
  type: string;
}

export interface StoredLabel {
  id: number;
  name: string;
}

export interface StoredIssue {
  id: number;
  node_id: string;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  state_reason: string | null;
  labels: StoredLabel[];
  assignees: { login: string }[];
  assignee: { login: string } | null;
  user: User;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  html_url: string;
  url: string;
  comments: number;
  /** Ids of the issues linked under this one with the sub-issues API. */
  sub_issue_ids: number[];
}

export interface StoredComment {
  id: number;
  node_id: string;
  body: string;
  user: User;
  created_at: string;
  updated_at: string;
  html_url: string;
  issue_url: string;
}

interface StoredRepo {
  owner: string;
  name: string;
  id: number;
  private: boolean;
  files: Map<string, string>;
  issues: Map<number, StoredIssue>;
  comments: Map<number, StoredComment[]>;
  permissions: Map<string, string>;
  pullFiles: Map<number, { filename: string; status: string; previous_filename?: string }[]>;
  nextNumber: number;
}

/** One request as the stand-in received it. */
export interface RecordedRequest {
  method: string;
  /** The path under `/api/v3` (or `/api/graphql`), with its query string, as sent. */
  path: string;
  /** The path without the query string, percent-decoded: `/repos/o/r/contents/.github/postmortem.yml`. */
  pathname: string;
  query: Record<string, string>;
  body: unknown;
  /** `Date.now()` when the request arrived, and when it was answered. */
  time: number;
  answeredAt?: number;
  status?: number;
  /** The failure injected into this request, if any. */
  injected?: string;
  authorization?: string;
}

export type Failure =
  | {
      status: number;
      headers?: Record<string, string>;
      body?: unknown;
      /** Handle the request (the write happens), then answer the failure. */
      apply?: boolean;
      /** Hold the answer until this holds (checked every 20 ms, at most 30 s): orders a race. */
      holdUntil?: () => boolean;
    }
  | { delayMs: number };

interface PendingFailure {
  method: string;
  pattern: string | RegExp;
  failure: Failure;
  when?: (request: RecordedRequest) => boolean;
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

const NOT_FOUND: Answer = { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };

export class GitHubStandIn {
  readonly requests: RecordedRequest[] = [];
  /** The search strings of every GraphQL search, in order. */
  readonly searchQueries: string[] = [];
  /** Webhook deliveries to the app, and the app's hook deliveries API. */
  readonly hooks = new HookDeliveries();
  private readonly repos = new Map<string, StoredRepo>();
  private readonly failures: PendingFailure[] = [];
  /** GitHub's limits, kept apart from the routes: see github-limits.ts. */
  readonly limits = new GitHubLimits();
  private server: Server | undefined;
  private nextIssueId = 3_000_000;
  private nextCommentId = 5_000_000;
  private nextRepoId = 186_853_000;
  private nextToken = 1;
  private nextCheckRunId = 1;
  port = 0;

  /** `127.0.0.1:<port>`, for `GHE_HOST`. */
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  get baseUrl(): string {
    return `http://${this.host}/api/v3`;
  }

  async start(): Promise<this> {
    // GitHub's schema takes about a second to build: build it now, not in the middle of a delivery.
    githubSchema();
    this.limits.prepare();
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
        response.end(JSON.stringify({ message: `stand-in error: ${error instanceof Error ? error.message : String(error)}` }));
      });
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ---- seeding and reading the store -------------------------------------------------------

  repo(fullName: string, options: { private?: boolean } = {}): StoredRepo {
    const key = fullName.toLowerCase();
    let repo = this.repos.get(key);
    if (!repo) {
      const [owner, name] = fullName.split("/") as [string, string];
      repo = {
        owner,
        name,
        id: this.nextRepoId++,
        private: false,
        files: new Map(),
        issues: new Map(),
        comments: new Map(),
        permissions: new Map(),
        pullFiles: new Map(),
        nextNumber: 1,
      };
      this.repos.set(key, repo);
    }
    if (options.private !== undefined) repo.private = options.private;
    return repo;
  }

  seedFile(fullName: string, path: string, text: string): void {
    this.repo(fullName).files.set(path, text);
  }

  setPermission(fullName: string, login: string, role: "admin" | "maintain" | "write" | "triage" | "read" | "none"): void {
    this.repo(fullName).permissions.set(login.toLowerCase(), role);
  }

  seedPullFiles(fullName: string, number: number, files: { filename: string; status: string; previous_filename?: string }[]): void {
    this.repo(fullName).pullFiles.set(number, files);
  }

  /** An issue as a person (or the app, with `user: APP_USER`) opened it. */
  seedIssue(
    fullName: string,
    fields: {
      title?: string;
      body?: string | null;
      labels?: string[];
      assignees?: string[];
      user?: User;
      createdAt?: string;
      updatedAt?: string;
      closedAt?: string | null;
      stateReason?: string | null;
    },
  ): StoredIssue {
    const repo = this.repo(fullName);
    const createdAt = fields.createdAt ?? new Date().toISOString();
    const issue = this.newIssue(repo, {
      title: fields.title ?? "An issue",
      body: fields.body ?? null,
      labels: fields.labels ?? [],
      assignees: fields.assignees ?? [],
      user: fields.user ?? { login: "alice", id: 583231, type: "User" },
      createdAt,
    });
    issue.updated_at = fields.updatedAt ?? fields.closedAt ?? createdAt;
    if (fields.closedAt) {
      issue.state = "closed";
      issue.closed_at = fields.closedAt;
      issue.state_reason = fields.stateReason ?? "completed";
    }
    return issue;
  }

  issue(fullName: string, number: number): StoredIssue | undefined {
    return this.repo(fullName).issues.get(number);
  }

  issues(fullName: string): StoredIssue[] {
    return [...this.repo(fullName).issues.values()];
  }

  comments(fullName: string, number: number): StoredComment[] {
    return this.repo(fullName).comments.get(number) ?? [];
  }

  /** Edits an issue as a person would (the body of a postmortem, say), bumping `updated_at`. */
  editIssue(fullName: string, number: number, fields: { body?: string; title?: string }): StoredIssue {
    const issue = this.issue(fullName, number);
    if (!issue) throw new Error(`no issue ${fullName}#${number}`);
    Object.assign(issue, fields, { updated_at: new Date().toISOString() });
    return issue;
  }

  // ---- failure injection ----------------------------------------------------------------------

  /**
   * Fails the next request matching `method` and `pattern` (the percent-decoded path under
   * `/api/v3`, without its query: a string matches exactly, a RegExp is tested), once.
   * `{ status }` answers that status without doing anything, `{ status, apply: true }` does the
   * work first (GitHub created the issue, the answer was lost), `{ delayMs }` does the work at
   * once and holds the answer that long (the write happened; a client that timed out never hears).
   */
  failNext(method: string, pattern: string | RegExp, failure: Failure, when?: (request: RecordedRequest) => boolean): void {
    this.failures.push({ method: method.toUpperCase(), pattern, failure, ...(when ? { when } : {}) });
  }

  /** Injected failures no request has matched yet. */
  pendingFailures(): string[] {
    return this.failures.map((entry) => `${entry.method} ${String(entry.pattern)}`);
  }

  clearFailures(): void {
    this.failures.length = 0;
  }

  // ---- reading the record ---------------------------------------------------------------------

  /** `METHOD /pathname` of each request from `from` on. */
  calls(from = 0): string[] {
    return this.requests.slice(from).map((request) => `${request.method} ${request.pathname}`);
  }

  requestsSince(from: number): RecordedRequest[] {
    return this.requests.slice(from);
  }

  /** Requests that change something: not reads, not token exchanges, not GraphQL queries. */
  writesSince(from: number): RecordedRequest[] {
    return this.requestsSince(from).filter(isWrite);
  }

  // ---- HTTP -------------------------------------------------------------------------------------

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const time = Date.now();
    const raw = await readBody(request);
    const url = new URL(request.url ?? "/", `http://${request.headers.host ?? this.host}`);
    const underApi = url.pathname.startsWith("/api/v3") ? url.pathname.slice("/api/v3".length) || "/" : url.pathname;
    let pathname: string;
    try {
      pathname = decodeURIComponent(underApi);
    } catch {
      pathname = underApi;
    }
    let body: unknown = raw;
    if (raw && /json/.test(String(request.headers["content-type"] ?? ""))) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const record: RecordedRequest = {
      method: request.method ?? "GET",
      path: `${underApi}${url.search}`,
      pathname,
      query: Object.fromEntries(url.searchParams),
      body: raw === "" ? undefined : body,
      time,
      ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
    };
    this.requests.push(record);

    const failure = this.takeFailure(record);
    let answer: Answer;
    if (failure && "delayMs" in failure) {
      // GitHub did the work at once; its answer is what is late.
      record.injected = `delay ${failure.delayMs} ms`;
      answer = this.answer(record, request, url);
      await new Promise((resolve) => setTimeout(resolve, failure.delayMs));
    } else if (failure) {
      record.injected = `${failure.apply ? "apply then " : ""}${failure.status}${failure.holdUntil ? " (held)" : ""}`;
      if (failure.apply) this.answer(record, request, url);
      const holdUntil = failure.holdUntil;
      if (holdUntil) {
        const deadline = Date.now() + 30_000;
        while (!holdUntil() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      answer = {
        status: failure.status,
        body: failure.body ?? { message: failure.status >= 500 ? "Server Error" : "Forbidden" },
        ...(failure.headers ? { headers: failure.headers } : {}),
      };
    } else {
      answer = this.answer(record, request, url);
    }
    const drift = this.limits.drift(record, answer);
    if (drift.length > 0) answer = { status: 500, body: { message: `stand-in answer drifts from GitHub's REST description: ${drift.join("; ")}` } };
    record.status = answer.status;
    record.answeredAt = Date.now();
    // A client that gave up (timed out) closed its socket: the answer has nowhere to go.
    if (response.destroyed || response.socket?.destroyed !== false) return;
    const headers: Record<string, string> = { "x-github-media-type": "github.v3; format=json", ...answer.headers };
    let payload = "";
    if (answer.body !== undefined) {
      if (typeof answer.body === "string") {
        payload = answer.body;
        headers["content-type"] ??= "text/plain; charset=utf-8";
      } else {
        payload = JSON.stringify(answer.body);
        headers["content-type"] ??= "application/json; charset=utf-8";
      }
    }
    response.writeHead(answer.status, headers);
    response.end(payload);
  }

  private takeFailure(record: RecordedRequest): Failure | undefined {
    const index = this.failures.findIndex(
      (entry) =>
        entry.method === record.method &&
        (typeof entry.pattern === "string" ? entry.pattern === record.pathname : entry.pattern.test(record.pathname)) &&
        (!entry.when || entry.when(record)),
    );
    if (index < 0) return undefined;
    const [entry] = this.failures.splice(index, 1);
    return entry!.failure;
  }

  /** GitHub's refusal if GitHub would refuse the request, else the route's answer; counted by the limits either way. */
  private answer(record: RecordedRequest, request: IncomingMessage, url: URL): Answer {
    const answer =
      this.limits.refusal(record, { issueOf: (owner, repo, number) => this.repos.get(`${owner}/${repo}`.toLowerCase())?.issues.get(number) }) ?? this.route(record, request, url);
    this.limits.observe(record, answer);
    return answer;
  }

  private route(record: RecordedRequest, request: IncomingMessage, url: URL): Answer {
    const { method, pathname } = record;
    const body = (record.body ?? {}) as Record<string, any>;
    let match: RegExpMatchArray | null;

    if (method === "POST" && pathname === "/api/graphql") return this.graphql(body);
    if (pathname.startsWith("/app/hook/")) return this.hookDeliveriesRoute(record, request, url);
    if (method === "POST" && (match = pathname.match(/^\/app\/installations\/(\d+)\/access_tokens$/))) {
      return {
        status: 201,
        body: {
          token: `ghs_standin${this.nextToken++}`,
          expires_at: new Date(Date.now() + 3_600_000).toISOString(),
          permissions: { issues: "write", metadata: "read", contents: "read", checks: "write", pull_requests: "read" },
          repository_selection: "all",
        },
      };
    }
    // The app's installations (JWT): one, holding every repository of the stand-in, for the scheduled jobs.
    if (method === "GET" && pathname === "/app/installations") {
      if (!/^bearer ey/i.test(String(request.headers.authorization ?? "")))
        return { status: 401, body: { message: "A JSON web token could not be decoded", documentation_url: "https://docs.github.com/rest" } };
      const owner = [...this.repos.values()][0]?.owner ?? "acme";
      // This operation's description takes the account as an enterprise or null (not a user): null, which the app never reads.
      return { status: 200, body: [{ ...installationShape(this.baseUrl, 1, owner), account: null }] };
    }
    // The app itself (JWT): the app learns its own bot account, `slug[bot]`, from its slug.
    if (method === "GET" && pathname === "/app") {
      if (!/^bearer ey/i.test(String(request.headers.authorization ?? "")))
        return { status: 401, body: { message: "A JSON web token could not be decoded", documentation_url: "https://docs.github.com/rest" } };
      return {
        status: 200,
        body: {
          id: 1,
          slug: APP_LOGIN.replace(/\[bot\]$/, ""),
          node_id: "A_1",
          name: "postmortem-bot",
          owner: userShape(this.baseUrl, { login: "acme", id: 1, type: "Organization" }),
          description: null,
          external_url: "https://example.com",
          html_url: "https://github.com/apps/postmortem-bot",
          created_at: "2026-01-01T00:00:00Z",
          updated_at: "2026-01-01T00:00:00Z",
          permissions: {},
          events: [],
        },
      };
    }
    if (method === "GET" && pathname === "/installation/repositories") {
      const all = [...this.repos.values()].map((repo) => this.repoJson(repo));
      const { page, headers } = this.paginate(all, url, request);
      return { status: 200, body: { total_count: all.length, repository_selection: "all", repositories: page }, headers };
    }

    if (!(match = pathname.match(/^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/))) return NOT_FOUND;
    const [, owner, name, rest = ""] = match as [string, string, string, string?];
    const repo = this.repos.get(`${owner}/${name}`.toLowerCase());

    if (method === "GET" && (match = rest.match(/^\/contents\/(.+)$/))) {
      const text = repo?.files.get(match[1]!);
      if (text === undefined) return NOT_FOUND;
      // As GitHub: a validator tied to the token and the media type, `max-age=60`, and a 304 (no body) when it still holds.
      const accept = String(request.headers.accept ?? "");
      const etag = `W/"${createHash("sha1")
        .update(`${request.headers.authorization ?? ""}\n${accept}\n${text}`)
        .digest("hex")}"`;
      const caching = { etag, "cache-control": "private, max-age=60, s-maxage=60", vary: "Accept, Authorization, Cookie, X-GitHub-OTP" };
      if (request.headers["if-none-match"] === etag) return { status: 304, headers: caching };
      if (/raw/.test(accept)) return { status: 200, body: text, headers: { "content-type": "text/plain; charset=utf-8", ...caching } };
      return {
        status: 200,
        body: fileShape(this.baseUrl, owner, name, match[1]!, text),
        headers: caching,
      };
    }
    if (!repo) return NOT_FOUND;

    if (method === "GET" && rest === "") return { status: 200, body: this.repoJson(repo) };
    if (method === "GET" && rest === "/installation") {
      return { status: 200, body: installationShape(this.baseUrl, 1, repo.owner) };
    }
    if (method === "GET" && rest === "/issues") return this.listIssues(repo, url, request);
    if (method === "POST" && rest === "/issues") return this.createIssue(repo, body);
    if ((match = rest.match(/^\/issues\/(\d+)$/))) {
      const issue = repo.issues.get(Number(match[1]));
      if (!issue) return NOT_FOUND;
      if (method === "GET") return { status: 200, body: this.issueJson(issue) };
      if (method === "PATCH") return this.updateIssue(repo, issue, body);
    }
    if ((match = rest.match(/^\/issues\/(\d+)\/comments$/))) {
      const issue = repo.issues.get(Number(match[1]));
      if (!issue) return NOT_FOUND;
      if (method === "GET") {
        const since = url.searchParams.get("since");
        const comments = (repo.comments.get(issue.number) ?? []).filter((comment) => !since || Date.parse(comment.updated_at) >= Date.parse(since));
        const { page, headers } = this.paginate(
          comments.map((comment) => commentShape(this.baseUrl, repo.owner, repo.name, comment)),
          url,
          request,
        );
        return { status: 200, body: page, headers };
      }
      if (method === "POST") {
        if (typeof body.body !== "string" || body.body === "") return validationFailed("body", "missing_field");
        const now = new Date().toISOString();
        const id = this.nextCommentId++;
        const comment: StoredComment = {
          id,
          node_id: `IC_${id}`,
          body: body.body,
          user: { ...APP_USER },
          created_at: now,
          updated_at: now,
          html_url: `${issue.html_url}#issuecomment-${id}`,
          issue_url: issue.url,
        };
        const list = repo.comments.get(issue.number) ?? [];
        list.push(comment);
        repo.comments.set(issue.number, list);
        issue.comments = list.length;
        issue.updated_at = now;
        return { status: 201, body: commentShape(this.baseUrl, repo.owner, repo.name, comment) };
      }
    }
    if (method === "PATCH" && (match = rest.match(/^\/issues\/comments\/(\d+)$/))) {
      const id = Number(match[1]);
      for (const [number, list] of repo.comments) {
        const comment = list.find((candidate) => candidate.id === id);
        if (!comment) continue;
        comment.body = String(body.body ?? comment.body);
        comment.updated_at = new Date().toISOString();
        repo.issues.get(number)!.updated_at = comment.updated_at;
        return { status: 200, body: commentShape(this.baseUrl, repo.owner, repo.name, comment) };
      }
      return NOT_FOUND;
    }
    if ((match = rest.match(/^\/issues\/(\d+)\/labels(?:\/(.+))?$/))) {
      const issue = repo.issues.get(Number(match[1]));
      if (!issue) return NOT_FOUND;
      if (method === "POST" && match[2] === undefined) {
        const names: string[] = (Array.isArray(body) ? body : (body.labels ?? [])).map((label: string | { name: string }) => (typeof label === "string" ? label : label.name));
        for (const name of names) if (!issue.labels.some((label) => label.name.toLowerCase() === name.toLowerCase())) issue.labels.push(this.label(name));
        issue.updated_at = new Date().toISOString();
        return { status: 200, body: issue.labels.map((label) => labelShape(this.baseUrl, repo.owner, repo.name, label)) };
      }
      if (method === "DELETE" && match[2] !== undefined) {
        const name = match[2];
        const index = issue.labels.findIndex((label) => label.name.toLowerCase() === name.toLowerCase());
        if (index < 0) return { status: 404, body: { message: "Label does not exist" } };
        issue.labels.splice(index, 1);
        issue.updated_at = new Date().toISOString();
        return { status: 200, body: issue.labels.map((label) => labelShape(this.baseUrl, repo.owner, repo.name, label)) };
      }
    }
    if (method === "POST" && (match = rest.match(/^\/issues\/(\d+)\/sub_issues$/))) {
      const parent = repo.issues.get(Number(match[1]));
      if (!parent) return NOT_FOUND;
      const childId = Number(body.sub_issue_id);
      const child = [...this.repos.values()].flatMap((candidate) => [...candidate.issues.values()]).find((candidate) => candidate.id === childId);
      if (!child) return validationFailed("sub_issue_id", "invalid");
      if (parent.sub_issue_ids.includes(childId))
        return {
          status: 422,
          body: {
            message: "Validation Failed",
            errors: [{ resource: "Issue", code: "custom", field: "sub_issue_id", message: "Issue may not contain duplicate sub-issues" }],
            documentation_url: "https://docs.github.com/rest/issues/sub-issues#add-sub-issue",
          },
        };
      parent.sub_issue_ids.push(childId);
      parent.updated_at = new Date().toISOString();
      return { status: 201, body: this.issueJson(parent) };
    }
    if (method === "GET" && (match = rest.match(/^\/collaborators\/([^/]+)\/permission$/))) {
      const login = match[1]!;
      const role = repo.permissions.get(login.toLowerCase()) ?? "read";
      const permission = role === "maintain" ? "write" : role === "triage" ? "read" : role;
      return { status: 200, body: { permission, role_name: role, user: { ...userShape(this.baseUrl, { login, type: "User" }), role_name: role } } };
    }
    if (method === "POST" && rest === "/check-runs") {
      if (!body.name || !body.head_sha) return validationFailed("name", "missing_field");
      return { status: 201, body: checkRunShape(this.baseUrl, repo.owner, repo.name, this.nextCheckRunId++, body) };
    }
    if (method === "GET" && (match = rest.match(/^\/pulls\/(\d+)\/files$/))) {
      const files = repo.pullFiles.get(Number(match[1]));
      if (!files) return NOT_FOUND;
      const { page, headers } = this.paginate(
        files.map((file) => pullFileShape(this.baseUrl, repo.owner, repo.name, file)),
        url,
        request,
      );
      return { status: 200, body: page, headers };
    }
    return NOT_FOUND;
  }

  private hookDeliveriesRoute(record: RecordedRequest, request: IncomingMessage, url: URL): Answer {
    return this.hooks.route(record, request, url);
  }

  /**
   * GraphQL, executed against GitHub's published schema over the stored issues (see
   * fake-github-graphql.ts): a document GitHub would refuse (schema, pagination bounds, node
   * limit) is refused with GitHub's errors, and search stops at 1,000 results as GitHub's does.
   * Mutations and root fields other than `repository`, `search` and `rateLimit` are not modelled.
   */
  private graphql(body: Record<string, any>): Answer {
    const query = String(body.query ?? "");
    if (/query IssueState\b/.test(query)) return this.issueState((body.variables ?? {}) as Record<string, unknown>);
    if (!this.modelled(query)) return { status: 200, body: { data: null, errors: [{ type: "UNSUPPORTED", message: "The stand-in does not answer this query" }] } };
    const graph = new FakeGitHubGraphql(() => ({
      issues: [...this.repos.values()].flatMap((repo) => [...repo.issues.values()].map((issue) => this.fakeIssue(repo, issue))),
      repositories: [...this.repos.values()].map((repo) => ({ nameWithOwner: `${repo.owner}/${repo.name}`, isPrivate: repo.private })),
    }));
    const answer = graph.answer(body);
    this.searchQueries.push(...graph.searchQueries);
    return { status: 200, body: answer };
  }

  /** The app's `IssueState` query: an issue with its comments, 100 a page, in GraphQL's shape (a bot's login without `[bot]`). */
  private issueState(variables: Record<string, unknown>): Answer {
    const repo = this.repos.get(`${String(variables.owner)}/${String(variables.repo)}`.toLowerCase());
    const issue = repo?.issues.get(Number(variables.number));
    if (!repo) return { status: 200, body: { data: { repository: null }, errors: [{ type: "NOT_FOUND", path: ["repository"], message: "Could not resolve to a Repository" }] } };
    if (!issue)
      return {
        status: 200,
        body: { data: { repository: { issue: null } }, errors: [{ type: "NOT_FOUND", path: ["repository", "issue"], message: "Could not resolve to an Issue" }] },
      };
    const author = (user: User) => (user.type === "Bot" ? { __typename: "Bot", login: user.login.replace(/\[bot\]$/, "") } : { __typename: "User", login: user.login });
    const all = repo.comments.get(issue.number) ?? [];
    const start = typeof variables.after === "string" ? Number(variables.after) : 0;
    const page = all.slice(start, start + 100);
    const next = start + 100 < all.length;
    return {
      status: 200,
      body: {
        data: {
          repository: {
            issue: {
              databaseId: issue.id,
              id: issue.node_id,
              number: issue.number,
              title: issue.title,
              body: issue.body ?? "",
              url: issue.html_url,
              state: issue.state === "closed" ? "CLOSED" : "OPEN",
              stateReason: issue.state_reason ? issue.state_reason.toUpperCase() : null,
              createdAt: issue.created_at,
              updatedAt: issue.updated_at,
              closedAt: issue.closed_at,
              author: author(issue.user),
              labels: { nodes: issue.labels.slice(0, 100).map((label) => ({ name: label.name })) },
              assignees: { nodes: issue.assignees.slice(0, 10).map((assignee) => ({ login: assignee.login })) },
              comments: {
                pageInfo: { hasNextPage: next, endCursor: next ? String(start + 100) : null },
                nodes: page.map((comment) => ({ databaseId: comment.id, body: comment.body, author: author(comment.user) })),
              },
            },
          },
        },
      },
    };
  }

  private modelled(query: string): boolean {
    try {
      return parse(query).definitions.every(
        (definition) =>
          definition.kind !== Kind.OPERATION_DEFINITION ||
          ((definition as OperationDefinitionNode).operation === "query" &&
            (definition as OperationDefinitionNode).selectionSet.selections.every(
              (selection) => selection.kind !== Kind.FIELD || ["repository", "search", "rateLimit"].includes(selection.name.value),
            )),
      );
    } catch {
      return true; // a syntax error: the fake refuses it as GitHub does
    }
  }

  private fakeIssue(repo: StoredRepo, issue: StoredIssue): FakeIssue {
    return {
      repo: `${repo.owner}/${repo.name}`,
      number: issue.number,
      databaseId: issue.id,
      title: issue.title,
      body: issue.body ?? "",
      state: issue.state === "closed" ? "CLOSED" : "OPEN",
      stateReason: issue.state_reason ? issue.state_reason.toUpperCase() : null,
      createdAt: issue.created_at,
      closedAt: issue.closed_at,
      updatedAt: issue.updated_at,
      author: { login: issue.user.login, type: issue.user.type === "Bot" ? "Bot" : "User" },
      labels: issue.labels.map((label) => label.name),
      assignees: issue.assignees.map((assignee) => assignee.login),
      closer: null,
      comments: (repo.comments.get(issue.number) ?? []).map((comment) => ({
        id: comment.id,
        body: comment.body,
        author: { login: comment.user.login, type: comment.user.type === "Bot" ? "Bot" : "User" },
        createdAt: comment.created_at,
      })),
    };
  }

  private listIssues(repo: StoredRepo, url: URL, request: IncomingMessage): Answer {
    const params = url.searchParams;
    const labels = (params.get("labels") ?? "")
      .split(",")
      .map((label) => label.trim().toLowerCase())
      .filter(Boolean);
    const state = params.get("state") ?? "open";
    const since = params.get("since");
    const sort = params.get("sort") ?? "created";
    const direction = params.get("direction") ?? "desc";
    const matching = [...repo.issues.values()].filter(
      (issue) =>
        labels.every((wanted) => issue.labels.some((label) => label.name.toLowerCase() === wanted)) &&
        (state === "all" || issue.state === state) &&
        (!since || Date.parse(issue.updated_at) >= Date.parse(since)),
    );
    const key = (issue: StoredIssue) => (sort === "updated" ? Date.parse(issue.updated_at) : sort === "comments" ? issue.comments : Date.parse(issue.created_at));
    matching.sort((a, b) => (key(a) - key(b) || a.number - b.number) * (direction === "asc" ? 1 : -1));
    const { page, headers } = this.paginate(
      matching.map((issue) => this.issueJson(issue)),
      url,
      request,
    );
    return { status: 200, body: page, headers };
  }

  private createIssue(repo: StoredRepo, body: Record<string, any>): Answer {
    if (typeof body.title !== "string" || body.title === "") return validationFailed("title", "missing_field");
    const issue = this.newIssue(repo, {
      title: body.title,
      body: typeof body.body === "string" ? body.body : null,
      labels: ((body.labels ?? []) as (string | { name: string })[]).map((label) => (typeof label === "string" ? label : label.name)),
      assignees: (body.assignees ?? []) as string[],
      user: { ...APP_USER },
      createdAt: new Date().toISOString(),
    });
    return { status: 201, body: this.issueJson(issue) };
  }

  private updateIssue(repo: StoredRepo, issue: StoredIssue, body: Record<string, any>): Answer {
    const now = new Date().toISOString();
    if (typeof body.title === "string") issue.title = body.title;
    if (typeof body.body === "string" || body.body === null) issue.body = body.body;
    if (Array.isArray(body.labels)) issue.labels = body.labels.map((label: string | { name: string }) => this.label(typeof label === "string" ? label : label.name));
    if (Array.isArray(body.assignees)) {
      issue.assignees = body.assignees.map((login: string) => ({ login }));
      issue.assignee = issue.assignees[0] ?? null;
    }
    if (body.state === "closed" && issue.state !== "closed") {
      issue.state = "closed";
      issue.closed_at = now;
      issue.state_reason = body.state_reason ?? "completed";
    } else if (body.state === "open" && issue.state !== "open") {
      issue.state = "open";
      issue.closed_at = null;
      issue.state_reason = "reopened";
    } else if (body.state_reason !== undefined && issue.state === "closed") {
      issue.state_reason = body.state_reason;
    }
    issue.updated_at = now;
    void repo;
    return { status: 200, body: this.issueJson(issue) };
  }

  private newIssue(repo: StoredRepo, fields: { title: string; body: string | null; labels: string[]; assignees: string[]; user: User; createdAt: string }): StoredIssue {
    const number = repo.nextNumber++;
    const id = this.nextIssueId++;
    const assignees = fields.assignees.map((login) => ({ login }));
    const issue: StoredIssue = {
      id,
      node_id: `I_kw${id}`,
      number,
      title: fields.title,
      body: fields.body,
      state: "open",
      state_reason: null,
      labels: fields.labels.map((name) => this.label(name)),
      assignees,
      assignee: assignees[0] ?? null,
      user: fields.user,
      created_at: fields.createdAt,
      updated_at: fields.createdAt,
      closed_at: null,
      html_url: `https://github.com/${repo.owner}/${repo.name}/issues/${number}`,
      url: `${this.baseUrl}/repos/${repo.owner}/${repo.name}/issues/${number}`,
      comments: 0,
      sub_issue_ids: [],
    };
    repo.issues.set(number, issue);
    return issue;
  }

  /** An issue as GitHub answers it (github-shapes.ts), its sub-issue summary counted from the store. */
  private issueJson(issue: StoredIssue) {
    const [, owner, name] = /^https:\/\/github\.com\/([^/]+)\/([^/]+)\/issues\/\d+$/.exec(issue.html_url)!;
    const children = [...this.repos.values()].flatMap((repo) => [...repo.issues.values()]).filter((child) => issue.sub_issue_ids.includes(child.id));
    return issueShape(this.baseUrl, owner!, name!, { ...structuredClone(issue), sub_issues_completed: children.filter((child) => child.state === "closed").length });
  }

  private repoJson(repo: StoredRepo) {
    return repoShape(this.baseUrl, repo);
  }

  private label(name: string): StoredLabel {
    let hash = 0;
    for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
    return { id: 10_000 + (hash % 1_000_000), name };
  }

  /**
   * GitHub's paging: `per_page` (default 30, cut to 100), `page`, and `link` with `next` and `last`.
   * Page numbers from GITHUB_LIMITS.firstRefusedPage on are refused, so there the `next` link
   * carries a cursor (`after`) instead, as GitHub's links do, and no `last`.
   */
  private paginate<T>(items: T[], url: URL, request: IncomingMessage): { page: T[]; headers: Record<string, string> } {
    const perPage = Math.min(Math.max(Number(url.searchParams.get("per_page") ?? 30) || 30, 1), GITHUB_LIMITS.perPage);
    const page = Math.max(Number(url.searchParams.get("page") ?? 1) || 1, 1);
    const after = url.searchParams.get("after");
    const offset = after ? Number(Buffer.from(after, "base64url").toString().replace("offset:", "")) || 0 : (page - 1) * perPage;
    const slice = items.slice(offset, offset + perPage);
    const headers: Record<string, string> = {};
    const next = offset + perPage;
    if (next < items.length) {
      const origin = `http://${request.headers.host ?? this.host}`;
      const link = (set: (params: URLSearchParams) => void) => {
        const target = new URL(url.toString(), origin);
        set(target.searchParams);
        return `${origin}${target.pathname}${target.search}`;
      };
      const nextPage = next / perPage + 1;
      if (!after && Number.isInteger(nextPage) && nextPage < GITHUB_LIMITS.firstRefusedPage) {
        const last = Math.ceil(items.length / perPage);
        headers.link = `<${link((params) => params.set("page", String(nextPage)))}>; rel="next"`;
        if (last < GITHUB_LIMITS.firstRefusedPage) headers.link += `, <${link((params) => params.set("page", String(last)))}>; rel="last"`;
      } else {
        headers.link = `<${link((params) => (params.delete("page"), params.set("after", Buffer.from(`offset:${next}`).toString("base64url"))))}>; rel="next"`;
      }
    }
    return { page: slice, headers };
  }
}

// ---- webhook deliveries: GitHub sending events to the app, and the app's /app/hook/deliveries ----
// (issue 9, redelivery and graceful shutdown). The stand-in delivers events the test gives it to
// the app's webhook URL, signed, records every attempt as GitHub does (answered 2xx, a failure
// status, or no answer at all), lists them to the app's JWT, and redelivers one on request.

/** One attempt at delivering an event, with the fields of `GET /app/hook/deliveries`. */
export interface HookDeliveryRecord {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  duration: number;
  status: string;
  status_code: number;
  event: string;
  action: string | null;
  installation_id: number | null;
  repository_id: number | null;
  throttled_at: null;
}

interface StoredHookDelivery extends HookDeliveryRecord {
  /** The body as sent: a redelivery sends the same bytes (signed anew). */
  payload: string;
  deliveredAtMs: number;
}

/** GitHub redelivers deliveries of the last 3 days only (github.com). */
const HOOK_REDELIVERY_WINDOW_MS = 3 * 24 * 3_600_000;

export class HookDeliveries {
  /** Where the app listens, and the secret it checks signatures with. */
  target: { url: string; secret: string } | undefined;
  private readonly stored: StoredHookDelivery[] = [];
  private readonly sending = new Set<Promise<unknown>>();
  private nextId = 70_000_000;

  /** Delivers an event as GitHub does (a new guid unless given), and records the attempt. */
  send(event: string, payload: unknown, guid: string = randomUUID()): Promise<HookDeliveryRecord> {
    return this.track(this.attempt(event, JSON.stringify(payload), guid, false));
  }

  /** Every attempt, oldest first, as the app would list it. */
  all(): HookDeliveryRecord[] {
    return this.stored.map(listed);
  }

  ofGuid(guid: string): HookDeliveryRecord[] {
    return this.all().filter((delivery) => delivery.guid === guid);
  }

  /** Resolves once every delivery under way (redeliveries included) has been answered or has failed. */
  async settled(): Promise<void> {
    while (this.sending.size > 0) await Promise.allSettled([...this.sending]);
  }

  route(record: RecordedRequest, request: IncomingMessage, url: URL): Answer {
    // These endpoints answer the app's JWT only, never an installation token.
    if (!isAppJwt(record.authorization)) {
      return { status: 401, body: { message: "A JSON web token could not be decoded", documentation_url: "https://docs.github.com/rest" } };
    }
    if (record.method === "GET" && record.pathname === "/app/hook/deliveries") return this.list(url, request);
    const match = /^\/app\/hook\/deliveries\/(\d+)\/attempts$/.exec(record.pathname);
    if (record.method === "POST" && match) {
      const original = this.stored.find((delivery) => delivery.id === Number(match[1]));
      if (!original) return NOT_FOUND;
      // Unverified: GitHub's exact refusal of a delivery past the window (its description lists 422).
      if (Date.now() - original.deliveredAtMs > HOOK_REDELIVERY_WINDOW_MS) return validationFailed("delivery_id", "custom");
      // GitHub answers at once and delivers afterwards.
      this.track(new Promise((resolve) => setTimeout(resolve, 5)).then(() => this.attempt(original.event, original.payload, original.guid, true)));
      return { status: 202, body: {} };
    }
    return NOT_FOUND;
  }

  /** Newest first; `per_page` (default 30, at most 100); an opaque `cursor` in the `Link` header; `status` by GitHub's code ranges. */
  private list(url: URL, request: IncomingMessage): Answer {
    const params = url.searchParams;
    const perPage = Math.min(Math.max(Number(params.get("per_page") ?? 30) || 30, 1), 100);
    const filter = params.get("status");
    const newestFirst = [...this.stored]
      .sort((a, b) => b.deliveredAtMs - a.deliveredAtMs || b.id - a.id)
      .filter((delivery) => filter !== "success" || (delivery.status_code >= 200 && delivery.status_code <= 399))
      .filter((delivery) => filter !== "failure" || (delivery.status_code >= 400 && delivery.status_code <= 599));
    const cursor = params.get("cursor");
    const after = cursor ? newestFirst.findIndex((delivery) => `v1_${delivery.id}` === cursor) : -1;
    if (cursor && after < 0) return { status: 400, body: { message: "Invalid cursor", documentation_url: "https://docs.github.com/rest" } };
    const page = newestFirst.slice(after + 1, after + 1 + perPage);
    const headers: Record<string, string> = {};
    if (after + 1 + perPage < newestFirst.length) {
      const next = new URL(url.toString(), `http://${request.headers.host}`);
      next.searchParams.set("cursor", `v1_${page.at(-1)!.id}`);
      headers.link = `<http://${request.headers.host}${next.pathname}${next.search}>; rel="next"`;
    }
    return { status: 200, body: page.map(listed), headers };
  }

  private track<T>(sending: Promise<T>): Promise<T> {
    this.sending.add(sending);
    void sending.finally(() => this.sending.delete(sending)).catch(() => undefined);
    return sending;
  }

  private async attempt(event: string, payload: string, guid: string, redelivery: boolean): Promise<HookDeliveryRecord> {
    const target = this.target;
    if (!target) throw new Error("the stand-in has no webhook target");
    const startedAt = Date.now();
    let statusCode = 0;
    let status: string;
    try {
      // GitHub gives up after 10 s and records a failure.
      const response = await fetch(target.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "GitHub-Hookshot/stand-in",
          "x-github-event": event,
          "x-github-delivery": guid,
          "x-hub-signature-256": `sha256=${createHmac("sha256", target.secret).update(payload).digest("hex")}`,
        },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      await response.text();
      statusCode = response.status;
      // GitHub's words for a 200 and a failure; for a 202 (Probot still processing) unverified.
      status = statusCode === 200 ? "OK" : statusCode === 202 ? "Accepted" : `Invalid HTTP Response: ${statusCode}`;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      status = (error as Error).name === "TimeoutError" ? "timed out" : cause === "ECONNREFUSED" ? "failed to connect" : "connection closed before a response";
    }
    const fields = JSON.parse(payload) as { action?: string; installation?: { id?: number }; repository?: { id?: number } };
    const stored: StoredHookDelivery = {
      id: this.nextId++,
      guid,
      delivered_at: new Date(startedAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
      redelivery,
      duration: (Date.now() - startedAt) / 1000,
      status,
      status_code: statusCode,
      event,
      action: fields.action ?? null,
      installation_id: fields.installation?.id ?? null,
      repository_id: fields.repository?.id ?? null,
      throttled_at: null,
      payload,
      deliveredAtMs: startedAt,
    };
    this.stored.push(stored);
    return listed(stored);
  }
}

function listed(delivery: StoredHookDelivery): HookDeliveryRecord {
  const { payload: _payload, deliveredAtMs: _at, ...fields } = delivery;
  return { ...fields };
}

/** `bearer <header>.<claims>.<signature>` whose claims name an issuer and have not expired. */
function isAppJwt(authorization: string | undefined): boolean {
  const match = /^bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/i.exec(authorization ?? "");
  if (!match) return false;
  try {
    const claims = JSON.parse(Buffer.from(match[2]!, "base64url").toString("utf8")) as { iss?: unknown; exp?: unknown };
    return claims.iss !== undefined && typeof claims.exp === "number" && claims.exp * 1000 > Date.now();
  } catch {
    return false;
  }
}

export function isWrite(request: RecordedRequest): boolean {
  if (request.method === "GET" || request.method === "HEAD") return false;
  if (request.pathname === "/api/graphql") return false;
  return !/^\/app\/installations\/\d+\/access_tokens$/.test(request.pathname);
}

function validationFailed(field: string, code: string): Answer {
  return { status: 422, body: { message: "Validation Failed", errors: [{ resource: "Issue", field, code }], documentation_url: "https://docs.github.com/rest" } };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
