import { ProbotOctokit } from "probot";

type Options = Record<string, unknown> & {
  throttle?: Record<string, unknown>;
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
 * - Throttling stays on (Octokit's defaults space writes 1 s apart and notification-triggering
 *   writes 3 s apart, under the content-creation limits). Probot gives every installation its own
 *   queues (the throttle `id` is the installation id), so one busy installation never stalls another.
 * - A secondary rate limit is retried after GitHub's `retry-after` (Probot's default only logs it
 *   and gives up), up to RATE_LIMIT_RETRIES times; so is a primary limit that resets soon.
 * - Octokit's retry plugin retries 5xx answers; creations are made safe against a retried POST by
 *   the callers (look-up markers and post-create checks), never by trusting a retry.
 * - Every request has a timeout, so a hung connection fails and is retried instead of holding the
 *   delivery forever.
 */
export const ProductionOctokit = ProbotOctokit.defaults((options: Options) => ({
  ...options,
  request: { ...options.request, fetch: fetchWithTimeout },
  throttle: {
    ...options.throttle,
    // Probot keys the queues by installation only for `app.auth(id)`; a delivery's client is built
    // from the app client's options (whose id would be the app's), so the installation wins here.
    id: options.auth?.installationId !== undefined ? String(options.auth.installationId) : (options.throttle?.id ?? "app"),
    enabled: true,
    onRateLimit: (retryAfter: number, request: LimitedRequest, octokit: Logged) => retryLimited("Rate limit", retryAfter, request, octokit, 15 * 60),
    onSecondaryRateLimit: (retryAfter: number, request: LimitedRequest, octokit: Logged) => retryLimited("Secondary rate limit", retryAfter, request, octokit, 5 * 60),
  },
})) as typeof ProbotOctokit;

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
