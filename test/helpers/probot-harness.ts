import nock from "nock";
import { afterEach, beforeEach, vi } from "vitest";
import { Probot, ProbotOctokit } from "probot";
import { GitHubClient, type Octokit as GitHubOctokit } from "../../src/github/github-client.js";
import postmortemBot from "../../src/index.js";
import { expectValidGitHubRequests, type RecordedRequest } from "./github-rest-description.js";

export const GITHUB_API = "https://api.github.com";

export interface Harness {
  /** Every request the app sent, in order, as GitHub received it. */
  requests: RecordedRequest[];
  receive(name: string, payload: object): Promise<void>;
  /** `METHOD /path` of each request without its query: the app's API cost, readable in a snapshot. */
  calls(): string[];
  /** The JSON bodies of the requests to one `METHOD /path`. */
  bodiesOf(call: string): Record<string, unknown>[];
}

/**
 * The real app, loaded into a real Probot with a token, its Octokit's retries and throttling off so
 * that a test sees each request once and at once. Every request is recorded and, when the test
 * ends, checked against GitHub's REST description (`verifyRequests`).
 */
export function createHarness(): Harness {
  const requests: RecordedRequest[] = [];
  const probot = new Probot({ githubToken: "test-token", Octokit: recordingOctokit(requests), logLevel: "fatal" });
  probot.load(postmortemBot);
  let delivery = 0;
  return {
    requests,
    receive: (name, payload) => probot.receive({ id: `delivery-${++delivery}`, name, payload } as Parameters<Probot["receive"]>[0]),
    ...describeRequests(requests),
  };
}

/** `calls` and `bodiesOf` over a list of recorded requests. */
export function describeRequests(requests: RecordedRequest[]): Pick<Harness, "calls" | "bodiesOf"> {
  const call = (request: RecordedRequest) => `${request.method} ${decodeURIComponent(request.path.split("?")[0]!)}`;
  return {
    calls: () => requests.map(call),
    bodiesOf: (wanted) => requests.filter((request) => call(request) === wanted).map((request) => request.body as Record<string, unknown>),
  };
}

/** Probot's Octokit, recording every request into `requests`, with retries and throttling off. */
export function recordingOctokit(requests: RecordedRequest[]): typeof ProbotOctokit {
  const recordRequests = (octokit: Parameters<Parameters<typeof ProbotOctokit.plugin>[0]>[0]) => {
    octokit.hook.wrap("request", async (request, options) => {
      const { method, url, body } = octokit.request.endpoint.parse(options as Parameters<typeof octokit.request.endpoint.parse>[0]);
      const parsed = new URL(url);
      requests.push({ method, path: `${parsed.pathname}${parsed.search}`, body: typeof body === "string" && body ? JSON.parse(body) : body });
      return request(options);
    });
  };
  // The function form of defaults: Probot merges its own throttle options over an object form.
  return ProbotOctokit.plugin(recordRequests).defaults((options: Record<string, unknown>) => ({
    ...options,
    retry: { enabled: false },
    throttle: { ...(options.throttle as object), enabled: false },
  })) as typeof ProbotOctokit;
}

export function verifyRequests(harness: Harness): void {
  expectValidGitHubRequests(harness.requests);
}

export function github(): nock.Scope {
  return nock(GITHUB_API);
}

/**
 * A fresh harness for every test of the enclosing `describe`: network off, the clock's date set
 * when `now` is given, and every request checked against GitHub's REST description afterwards.
 */
export function useHarness(now?: string): Harness {
  let current: Harness | undefined;
  beforeEach(() => {
    nock.disableNetConnect();
    if (now) vi.useFakeTimers({ now: new Date(now), toFake: ["Date"] });
    current = createHarness();
  });
  afterEach(() => {
    vi.useRealTimers();
    verifyRequests(current!);
    nock.cleanAll();
  });
  return {
    get requests() {
      return current!.requests;
    },
    receive: (name, payload) => current!.receive(name, payload),
    calls: () => current!.calls(),
    bodiesOf: (call) => current!.bodiesOf(call),
  };
}

/**
 * For jobs that take a GitHubClient (sweep, digest, reminders): a fresh client per test over a
 * recording Octokit, network off, every request checked against GitHub's REST description after.
 */
export function useRecordingClient(): { readonly requests: RecordedRequest[]; readonly client: GitHubClient } {
  const state: { requests: RecordedRequest[]; client?: GitHubClient } = { requests: [] };
  beforeEach(() => {
    nock.disableNetConnect();
    state.requests = [];
    const Octokit = recordingOctokit(state.requests);
    state.client = new GitHubClient(new Octokit({ auth: "test-token" }) as unknown as GitHubOctokit, "postmortem-bot[bot]");
  });
  afterEach(() => {
    expectValidGitHubRequests(state.requests);
    nock.cleanAll();
  });
  return {
    get requests() {
      return state.requests;
    },
    get client() {
      return state.client!;
    },
  };
}
