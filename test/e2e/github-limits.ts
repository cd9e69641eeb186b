import { loadRestDescription, validateAnswerAgainstRestDescription } from "../helpers/github-rest-description.js";

/**
 * What GitHub refuses that a hand-written stand-in would accept, for `GitHubStandIn` (facts and
 * sources in shared/GITHUB-FACTS.md). Kept apart from the stand-in's routes: the stand-in asks
 * `refusal` before it routes a request, tells `observe` what it answered, and checks every answer
 * with `drift` before sending it.
 */
export const GITHUB_LIMITS = {
  /** Content creation (issues, comments, sub-issue links) per installation: a secondary limit. */
  contentPerMinute: 80,
  contentPerHour: 500,
  /**
   * List endpoints refuse page numbers this high with a 422 and hand out cursors (`after`) in
   * their `link` header instead. Reports of the refusal name page=100 (python-github-backup,
   * go-github), so 100 is refused: the app must follow links, never build page numbers.
   */
  firstRefusedPage: 100,
  /** A larger `per_page` is quietly cut to this (GitHub does not refuse it). */
  perPage: 100,
  subIssuesPerParent: 100,
  assigneesPerIssue: 10,
  labelsPerIssue: 100,
  /**
   * Issue and comment bodies. GitHub says characters; counted here in UTF-16 code units (JS
   * `length`), the stricter reading, which is also what the app's fitBody counts.
   */
  bodyCharacters: 65_536,
} as const;

export interface LimitedRequest {
  method: string;
  path: string;
  pathname: string;
  query: Record<string, string>;
  body: unknown;
  authorization?: string;
}

export interface LimitAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What the limits need to know of the stand-in's store. */
export interface LimitedStore {
  issueOf(owner: string, repo: string, number: number): { labels: unknown[]; sub_issue_ids: number[] } | undefined;
}

const SECONDARY_LIMIT = {
  message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
  documentation_url: "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits",
};
const CONTENT_CREATING = [/^\/repos\/[^/]+\/[^/]+\/issues$/, /^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/, /^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/sub_issues$/];
const MINUTE = 60_000;
const HOUR = 3_600_000;

export class GitHubLimits {
  /** The clock the content budget is counted on: a test may move it. */
  now: () => number = () => Date.now();
  /** Installation of each token the stand-in handed out (`token ghs_…` → installation id). */
  private readonly installations = new Map<string, string>();
  /** When each installation's accepted content creations happened, oldest first. */
  private readonly created = new Map<string, number[]>();
  /** Every drifting answer, as `METHOD path: problem`. */
  readonly drifted: string[] = [];

  /** Loads GitHub's REST description for `drift` (seconds of parsing), so the first answer is not held up. */
  prepare(): void {
    loadRestDescription();
  }

  /** GitHub's refusal of this request, if GitHub would refuse it. */
  refusal(request: LimitedRequest, store: LimitedStore): LimitAnswer | undefined {
    if (isContentCreation(request)) {
      const wait = this.contentWait(this.installationOf(request));
      if (wait !== undefined) return { status: 403, body: SECONDARY_LIMIT, headers: { "retry-after": String(wait) } };
    }
    if (request.method === "GET" && Number(request.query.page ?? 1) >= GITHUB_LIMITS.firstRefusedPage) {
      return refused("Pagination with the page parameter is not supported for large datasets, please use cursor based pagination (after/before)");
    }
    const body = (typeof request.body === "object" && request.body !== null ? request.body : {}) as Record<string, unknown>;
    const issue = /^\/repos\/([^/]+)\/([^/]+)\/issues(?:\/(\d+))?(\/comments|\/labels|\/sub_issues)?$/.exec(request.pathname);
    const comment = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/\d+$/.test(request.pathname);
    if (!issue && !comment) return undefined;
    if (!["POST", "PATCH"].includes(request.method)) return undefined;
    const [, owner, repo, number, tail] = issue ?? [];
    if (typeof body.body === "string" && body.body.length > GITHUB_LIMITS.bodyCharacters) {
      return invalid(comment || tail === "/comments" ? "IssueComment" : "Issue", "body", `body is too long (maximum is ${GITHUB_LIMITS.bodyCharacters} characters)`);
    }
    if (tail === undefined && Array.isArray(body.assignees) && body.assignees.length > GITHUB_LIMITS.assigneesPerIssue) {
      return invalid("Issue", "assignees", `an issue can have at most ${GITHUB_LIMITS.assigneesPerIssue} assignees`);
    }
    if (tail === undefined && Array.isArray(body.labels) && body.labels.length > GITHUB_LIMITS.labelsPerIssue) {
      return invalid("Issue", "labels", `an issue can have at most ${GITHUB_LIMITS.labelsPerIssue} labels`);
    }
    const stored = number !== undefined && owner && repo ? store.issueOf(owner, repo, Number(number)) : undefined;
    if (tail === "/labels" && request.method === "POST" && stored) {
      const adding = Array.isArray(request.body) ? request.body : Array.isArray(body.labels) ? body.labels : [];
      if (stored.labels.length + adding.length > GITHUB_LIMITS.labelsPerIssue)
        return invalid("Issue", "labels", `an issue can have at most ${GITHUB_LIMITS.labelsPerIssue} labels`);
    }
    if (tail === "/sub_issues" && request.method === "POST" && stored && stored.sub_issue_ids.length >= GITHUB_LIMITS.subIssuesPerParent) {
      return refused(`An error occurred while adding the sub-issue to the parent issue. Parent cannot have more than ${GITHUB_LIMITS.subIssuesPerParent} sub-issues`);
    }
    return undefined;
  }

  /** Counts what GitHub counts: accepted content creations, and which installation a token is for. */
  observe(request: LimitedRequest, answer: LimitAnswer): void {
    const exchange = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(request.pathname);
    const token = (answer.body as { token?: unknown } | undefined)?.token;
    if (request.method === "POST" && exchange && answer.status === 201 && typeof token === "string") this.installations.set(`token ${token}`, exchange[1]!);
    if (isContentCreation(request) && answer.status >= 200 && answer.status < 300) {
      const who = this.installationOf(request);
      this.created.set(who, [...(this.created.get(who) ?? []), this.now()]);
    }
  }

  /**
   * Problems of an answer by GitHub's REST description (status, and body shape for JSON); each is
   * also kept in `drifted`. The stand-in answers a 500 naming them rather than a drifted answer.
   */
  drift(request: LimitedRequest, answer: LimitAnswer): string[] {
    const problems = validateAnswerAgainstRestDescription({ method: request.method, path: request.path, status: answer.status, body: answer.body });
    this.drifted.push(...problems.map((problem) => `${request.method} ${request.pathname}: ${problem}`));
    return problems;
  }

  private installationOf(request: LimitedRequest): string {
    const authorization = request.authorization ?? "anonymous";
    return this.installations.get(authorization) ?? authorization;
  }

  /** Seconds until this installation may create content again, or undefined if it may now. */
  private contentWait(installation: string): number | undefined {
    const now = this.now();
    const times = (this.created.get(installation) ?? []).filter((time) => time > now - HOUR);
    this.created.set(installation, times);
    const inMinute = times.filter((time) => time > now - MINUTE);
    const waits: number[] = [];
    if (inMinute.length >= GITHUB_LIMITS.contentPerMinute) waits.push(inMinute[inMinute.length - GITHUB_LIMITS.contentPerMinute]! + MINUTE - now);
    if (times.length >= GITHUB_LIMITS.contentPerHour) waits.push(times[times.length - GITHUB_LIMITS.contentPerHour]! + HOUR - now);
    return waits.length > 0 ? Math.ceil(Math.max(...waits) / 1000) : undefined;
  }
}

function isContentCreation(request: LimitedRequest): boolean {
  return request.method === "POST" && CONTENT_CREATING.some((route) => route.test(request.pathname));
}

function refused(message: string): LimitAnswer {
  return { status: 422, body: { message, documentation_url: "https://docs.github.com/rest", status: "422" } };
}

function invalid(resource: string, field: string, message: string): LimitAnswer {
  return {
    status: 422,
    body: { message: "Validation Failed", errors: [{ resource, code: "custom", field, message }], documentation_url: "https://docs.github.com/rest", status: "422" },
  };
}
