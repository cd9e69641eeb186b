import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeSearch } from "../helpers/fake-search.js";
import type { SearchNode } from "../../src/digest/gather-facts.js";

/**
 * An in-memory GitHub (Enterprise Server layout: REST under `/api/v3`, GraphQL at `/api/graphql`)
 * over `node:http` on 127.0.0.1, for running the real server against. It answers the endpoints
 * postmortem-bot uses the way GitHub does (numbers, ids, pagination `link` headers, 404s), records
 * every request it receives, and can be told to fail the next matching request once.
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
  private readonly repos = new Map<string, StoredRepo>();
  private readonly failures: PendingFailure[] = [];
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
    fields: { title?: string; body?: string | null; labels?: string[]; assignees?: string[]; user?: User; createdAt?: string; updatedAt?: string; closedAt?: string | null; stateReason?: string | null },
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
      answer = this.route(record, request, url);
      await new Promise((resolve) => setTimeout(resolve, failure.delayMs));
    } else if (failure) {
      record.injected = `${failure.apply ? "apply then " : ""}${failure.status}${failure.holdUntil ? " (held)" : ""}`;
      if (failure.apply) this.route(record, request, url);
      const holdUntil = failure.holdUntil;
      if (holdUntil) {
        const deadline = Date.now() + 30_000;
        while (!holdUntil() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      answer = { status: failure.status, body: failure.body ?? { message: failure.status >= 500 ? "Server Error" : "Forbidden" }, ...(failure.headers ? { headers: failure.headers } : {}) };
    } else {
      answer = this.route(record, request, url);
    }
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

  private route(record: RecordedRequest, request: IncomingMessage, url: URL): Answer {
    const { method, pathname } = record;
    const body = (record.body ?? {}) as Record<string, any>;
    let match: RegExpMatchArray | null;

    if (method === "POST" && pathname === "/api/graphql") return this.graphql(body);
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
      const etag = `W/"${createHash("sha1").update(`${request.headers.authorization ?? ""}\n${accept}\n${text}`).digest("hex")}"`;
      const caching = { etag, "cache-control": "private, max-age=60, s-maxage=60", vary: "Accept, Authorization, Cookie, X-GitHub-OTP" };
      if (request.headers["if-none-match"] === etag) return { status: 304, headers: caching };
      if (/raw/.test(accept)) return { status: 200, body: text, headers: { "content-type": "text/plain; charset=utf-8", ...caching } };
      return {
        status: 200,
        body: { type: "file", encoding: "base64", name: match[1]!.split("/").pop(), path: match[1], size: Buffer.byteLength(text), content: Buffer.from(text).toString("base64"), sha: "0".repeat(40) },
        headers: caching,
      };
    }
    if (!repo) return NOT_FOUND;

    if (method === "GET" && rest === "") return { status: 200, body: this.repoJson(repo) };
    if (method === "GET" && rest === "/installation") {
      return { status: 200, body: { id: 1, app_id: 1, app_slug: "postmortem-bot", account: { login: repo.owner, type: "Organization" }, target_type: "Organization", repository_selection: "all" } };
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
        const { page, headers } = this.paginate(comments, url, request);
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
        return { status: 201, body: comment };
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
        return { status: 200, body: comment };
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
        return { status: 200, body: issue.labels };
      }
      if (method === "DELETE" && match[2] !== undefined) {
        const name = match[2];
        const index = issue.labels.findIndex((label) => label.name.toLowerCase() === name.toLowerCase());
        if (index < 0) return { status: 404, body: { message: "Label does not exist" } };
        issue.labels.splice(index, 1);
        issue.updated_at = new Date().toISOString();
        return { status: 200, body: issue.labels };
      }
    }
    if (method === "POST" && (match = rest.match(/^\/issues\/(\d+)\/sub_issues$/))) {
      const parent = repo.issues.get(Number(match[1]));
      if (!parent) return NOT_FOUND;
      const childId = Number(body.sub_issue_id);
      const child = [...this.repos.values()].flatMap((candidate) => [...candidate.issues.values()]).find((candidate) => candidate.id === childId);
      if (!child) return validationFailed("sub_issue_id", "invalid");
      if (parent.sub_issue_ids.includes(childId)) return { status: 422, body: { message: "Validation Failed", errors: [{ message: "Issue may not contain duplicate sub-issues" }] } };
      parent.sub_issue_ids.push(childId);
      parent.updated_at = new Date().toISOString();
      return { status: 201, body: this.issueJson(parent) };
    }
    if (method === "GET" && (match = rest.match(/^\/collaborators\/([^/]+)\/permission$/))) {
      const login = match[1]!;
      const role = repo.permissions.get(login.toLowerCase()) ?? "read";
      const permission = role === "maintain" ? "write" : role === "triage" ? "read" : role;
      return { status: 200, body: { permission, role_name: role, user: { login, type: "User" } } };
    }
    if (method === "POST" && rest === "/check-runs") {
      if (!body.name || !body.head_sha) return validationFailed("name", "missing_field");
      return { status: 201, body: { id: this.nextCheckRunId++, ...body } };
    }
    if (method === "GET" && (match = rest.match(/^\/pulls\/(\d+)\/files$/))) {
      const files = repo.pullFiles.get(Number(match[1]));
      if (!files) return NOT_FOUND;
      const { page, headers } = this.paginate(files, url, request);
      return { status: 200, body: page, headers };
    }
    return NOT_FOUND;
  }

  private graphql(body: Record<string, any>): Answer {
    const query = String(body.query ?? "");
    const variables = (body.variables ?? {}) as Record<string, unknown>;
    if (/\bsearch\(/.test(query)) {
      const nodes = [...this.repos.values()].flatMap((repo) => [...repo.issues.values()].map((issue) => this.searchNode(repo, issue)));
      const search = new FakeSearch(nodes);
      const answer = search.answer({ query, variables });
      this.searchQueries.push(...search.queries);
      return { status: 200, body: answer };
    }
    if (/timelineItems/.test(query) && variables.owner && variables.repo && variables.number !== undefined) {
      const issue = this.repos.get(`${String(variables.owner)}/${String(variables.repo)}`.toLowerCase())?.issues.get(Number(variables.number));
      return {
        status: 200,
        body: { data: { repository: { issue: issue ? { stateReason: issue.state_reason?.toUpperCase() ?? null, timelineItems: { nodes: [] } } : null } } },
      };
    }
    return { status: 200, body: { data: null, errors: [{ type: "UNSUPPORTED", message: "The stand-in does not answer this query" }] } };
  }

  private searchNode(repo: StoredRepo, issue: StoredIssue): SearchNode & { updatedAt: string } {
    return {
      number: issue.number,
      title: issue.title,
      url: issue.html_url,
      body: issue.body ?? "",
      state: issue.state === "closed" ? "CLOSED" : "OPEN",
      stateReason: issue.state_reason ? issue.state_reason.toUpperCase() : null,
      createdAt: issue.created_at,
      closedAt: issue.closed_at,
      author: { login: issue.user.login, __typename: issue.user.type === "Bot" ? "Bot" : "User" },
      repository: { nameWithOwner: `${repo.owner}/${repo.name}`, isPrivate: repo.private },
      labels: { nodes: issue.labels.map((label) => ({ name: label.name })) },
      assignees: { nodes: issue.assignees.map((assignee) => ({ login: assignee.login })) },
      timelineItems: { nodes: [] },
      updatedAt: issue.updated_at,
    };
  }

  private listIssues(repo: StoredRepo, url: URL, request: IncomingMessage): Answer {
    const params = url.searchParams;
    const labels = (params.get("labels") ?? "").split(",").map((label) => label.trim().toLowerCase()).filter(Boolean);
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
    const { page, headers } = this.paginate(matching.map((issue) => this.issueJson(issue)), url, request);
    return { status: 200, body: page, headers };
  }

  private createIssue(repo: StoredRepo, body: Record<string, any>): Answer {
    if (typeof body.title !== "string" || body.title === "") return validationFailed("title", "missing_field");
    if (typeof body.body === "string" && body.body.length > 65_536) return validationFailed("body", "custom");
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

  private issueJson(issue: StoredIssue): Omit<StoredIssue, "sub_issue_ids"> {
    const { sub_issue_ids: _subIssues, ...json } = issue;
    return structuredClone(json);
  }

  private repoJson(repo: StoredRepo) {
    return {
      id: repo.id,
      node_id: `R_${repo.id}`,
      name: repo.name,
      full_name: `${repo.owner}/${repo.name}`,
      owner: { login: repo.owner, type: "Organization" },
      private: repo.private,
      visibility: repo.private ? "private" : "public",
      default_branch: "main",
      html_url: `https://github.com/${repo.owner}/${repo.name}`,
    };
  }

  private label(name: string): StoredLabel {
    let hash = 0;
    for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
    return { id: 10_000 + (hash % 1_000_000), name };
  }

  /** GitHub's paging: `per_page` (default 30, at most 100), `page`, and `link` with `next` and `last`. */
  private paginate<T>(items: T[], url: URL, request: IncomingMessage): { page: T[]; headers: Record<string, string> } {
    const perPage = Math.min(Math.max(Number(url.searchParams.get("per_page") ?? 30) || 30, 1), 100);
    const page = Math.max(Number(url.searchParams.get("page") ?? 1) || 1, 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = {};
    const last = Math.max(Math.ceil(items.length / perPage), 1);
    if (page < last) {
      const origin = `http://${request.headers.host ?? this.host}`;
      const link = (to: number) => {
        const next = new URL(url.toString(), origin);
        next.searchParams.set("page", String(to));
        return `${origin}${next.pathname}${next.search}`;
      };
      headers.link = `<${link(page + 1)}>; rel="next", <${link(last)}>; rel="last"`;
    }
    return { page: slice, headers };
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
