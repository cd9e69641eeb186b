import Bottleneck from "bottleneck";
import { ProbotOctokit } from "probot";
import { createBudget, type Budget } from "./github-budget.js";
import { requestKind } from "./request-kind.js";

type Connection = Bottleneck.IORedisConnection | Bottleneck.RedisConnection;
type Options = Record<string, unknown> & {
  throttle?: Record<string, unknown> & { id?: string; enabled?: boolean; connection?: Connection };
  request?: Record<string, unknown>;
  auth?: { installationId?: number | string };
};
interface LimitedRequest {
  method: string;
  url: string;
  request: { retryCount: number };
}
interface Logged {
  log: { warn: (message: string) => void };
  request: { endpoint: { parse: (options: never) => { url: string } } };
}

/** Requests waiting longer than this are abandoned (and retried): GitHub answers in seconds. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** Retries after a primary or secondary rate limit before the work fails (and is finished by the next event). */
export const RATE_LIMIT_RETRIES = 3;

/**
 * Octokit as the server runs it, following GitHub's guidance on limits:
 *
 * - Writes are paced to GitHub's budget per installation (github-budget.ts): content creation
 *   (issues, comments, sub-issue links) may burst, then stays under 80 a minute and 500 an hour;
 *   every write is spaced a little; reads, GraphQL queries included, are never held up by writes.
 *   Octokit's throttling plugin still limits concurrency, spaces searches and retries limited
 *   requests, but its own write and notification spacing (1 s and 3 s, with every GraphQL request
 *   counted as a write) is switched off: the budget tells a query from a mutation.
 * - Budgets are per installation (Probot's throttle `id`), so one busy installation never stalls
 *   another; per process, or across processes when Probot hands over its Bottleneck Redis
 *   `connection` (REDIS_URL).
 * - A secondary rate limit is retried after GitHub's `retry-after` (Probot's default only logs it
 *   and gives up), up to RATE_LIMIT_RETRIES times; so is a primary limit that resets soon.
 * - Octokit's retry plugin retries 5xx answers; creations are made safe against a retried POST by
 *   the callers (look-up markers and post-create checks), never by trusting a retry.
 * - Every request has a timeout, so a hung connection fails and is retried instead of holding the
 *   delivery forever.
 */
export const ProductionOctokit = ProbotOctokit.plugin(paceRequests as never).defaults((options: Options) => ({
  ...options,
  request: { ...options.request, fetch: fetchWithTimeout },
  throttle: {
    ...options.throttle,
    // Probot keys the queues by installation only for `app.auth(id)`; a delivery's client is built
    // from the app client's options (whose id would be the app's), so the installation wins here.
    id: options.auth?.installationId !== undefined ? String(options.auth.installationId) : (options.throttle?.id ?? "app"),
    enabled: true,
    // The throttling plugin falls back to Bottleneck's light build, which has no Redis datastore:
    // a Redis `connection` needs the full one (Probot passes it too; a client built here may not).
    ...(options.throttle?.connection ? { Bottleneck } : {}),
    write: UNPACED,
    notifications: UNPACED,
    onRateLimit: (retryAfter: number, request: LimitedRequest, octokit: Logged) => retryLimited("Rate limit", retryAfter, request, octokit, 15 * 60),
    onSecondaryRateLimit: (retryAfter: number, request: LimitedRequest, octokit: Logged) => retryLimited("Secondary rate limit", retryAfter, request, octokit, 5 * 60),
  },
})) as typeof ProbotOctokit;

/** Handed to the throttling plugin in place of its write and notification queues: no limits. */
const UNPACED = new Bottleneck.Group();

const localBudget = createBudget();
const sharedBudgets = new WeakMap<Connection, Budget>();

/** One budget per process, or one per Redis connection, so that processes sharing it share the budget. */
function budgetFor(connection: Connection | undefined): Budget {
  if (!connection) return localBudget;
  const budget = sharedBudgets.get(connection) ?? createBudget({ connection });
  sharedBudgets.set(connection, budget);
  return budget;
}

interface Endpoint {
  method: string;
  url: string;
  query?: unknown;
}
interface Hooked {
  hook: { wrap: (name: "request", wrapper: (request: (options: Endpoint) => Promise<unknown>, options: Endpoint) => Promise<unknown>) => void };
}

/**
 * An Octokit plugin: every request waits for its installation's budget, then goes. Added after
 * Probot's plugins, so its hook is the outermost: a retry (5xx, secondary limit) is not paced again.
 */
function paceRequests(octokit: Hooked, options: Options): void {
  if (options.throttle?.enabled === false) return;
  const budget = budgetFor(options.throttle?.connection);
  const installation = String(options.throttle?.id ?? "no-id");
  octokit.hook.wrap("request", async (request, endpoint) => {
    await budget.pace(requestKind(endpoint), installation);
    return request(endpoint);
  });
}

/** Every request gets its own timeout: a hung connection fails (and is retried) instead of holding the delivery. */
function fetchWithTimeout(url: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const timeout = AbortSignal.timeout(timeoutMs());
  return fetch(url, { ...init, signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
}

function timeoutMs(): number {
  return Number(process.env.GITHUB_REQUEST_TIMEOUT_MS) || REQUEST_TIMEOUT_MS;
}

function retryLimited(kind: string, retryAfter: number, request: LimitedRequest, octokit: Logged, longest: number): boolean {
  const retry = request.request.retryCount < RATE_LIMIT_RETRIES && retryAfter <= longest;
  const url = octokit.request.endpoint.parse(request as never).url;
  octokit.log.warn(`${kind} on ${request.method} ${url}: ${retry ? `retrying in ${retryAfter} s` : "giving up"}`);
  return retry;
}
