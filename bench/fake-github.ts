import nock from "nock";
import { bodyAndLabelledAnswer, issueStateAnswer } from "../test/helpers/github-scenarios.js";

/**
 * A small in-memory GitHub behind nock for the benchmarks: enough of the issues API for the
 * filing and sweep paths, answering like GitHub (ids, numbers, pagination Link headers).
 */
export class FakeGitHub {
  private nextNumber = 100;
  private nextComment = 1;
  readonly comments = new Map<number, { id: number; body: string; user: { login: string; type: string } }[]>();
  /** Role answered by the collaborator-permission check. */
  role = "write";
  readonly issues = new Map<
    number,
    {
      number: number;
      id: number;
      node_id: string;
      title: string;
      body: string;
      state: string;
      state_reason?: string | null;
      labels: { name: string }[];
      assignees: { login: string }[];
      created_at: string;
      closed_at: string | null;
      user: { login: string; type: string };
      html_url: string;
    }
  >();

  constructor(
    private readonly owner: string,
    private readonly repo: string,
  ) {}

  /** A new issue, by default opened by the app; `number` puts one a payload names (an incident #1, say). */
  add(fields: { body: string; labels: string[]; assignees?: string[]; createdAt?: string; number?: number; title?: string; user?: { login: string; type: string } }): number {
    const number = fields.number ?? this.nextNumber++;
    this.issues.set(number, {
      number,
      id: 2_000_000 + number,
      node_id: `I_${number}`,
      title: fields.title ?? `Issue ${number}`,
      body: fields.body,
      state: "open",
      labels: fields.labels.map((name) => ({ name })),
      assignees: (fields.assignees ?? []).map((login) => ({ login })),
      created_at: fields.createdAt ?? "2026-11-23T09:05:00Z",
      closed_at: null,
      user: fields.user ?? { login: "postmortem-bot[bot]", type: "Bot" },
      html_url: `https://github.com/${this.owner}/${this.repo}/issues/${number}`,
    });
    return number;
  }

  /** Installs persistent interceptors for the endpoints the app uses. */
  intercept(): nock.Scope {
    const base = `/repos/${this.owner}/${this.repo}`;
    return (
      nock("https://api.github.com")
        .persist()
        .get(/\/contents\//)
        .reply(404, { message: "Not Found" })
        .get(`${base}/issues`)
        .query(true)
        .reply((uri) => this.list(new URL(uri, "https://api.github.com")))
        .get(new RegExp(`^${base}/issues/\\d+$`))
        .reply((uri) => {
          const issue = this.issues.get(Number(uri.split("/").pop()));
          return issue ? [200, issue] : [404, { message: "Not Found" }];
        })
        .post(`${base}/issues`)
        .reply((_uri, body) => {
          const fields = body as { body: string; labels: string[]; assignees: string[] };
          return [201, this.issues.get(this.add(fields))];
        })
        .patch(new RegExp(`^${base}/issues/\\d+$`))
        .reply((uri, body) => {
          const issue = this.issues.get(Number(uri.split("/").pop()))!;
          Object.assign(issue, body as object);
          return [200, issue];
        })
        .get(new RegExp(`^${base}/issues/\\d+/comments`))
        .reply((uri) => [200, this.comments.get(issueNumber(uri)) ?? []])
        .post(new RegExp(`^${base}/issues/\\d+/comments$`))
        .reply((uri, body) => {
          const comment = { id: this.nextComment++, body: (body as { body: string }).body, user: { login: "postmortem-bot[bot]", type: "Bot" } };
          this.comments.set(issueNumber(uri), [...(this.comments.get(issueNumber(uri)) ?? []), comment]);
          return [201, comment];
        })
        .get(base)
        .reply(200, { name: this.repo, full_name: `${this.owner}/${this.repo}`, private: false })
        .get(new RegExp(`^${base}/collaborators/[^/]+/permission$`))
        .reply(() => [200, { permission: this.role, role_name: this.role, user: { login: "alice" } }])
        // The app's read of an issue with its comments (IssueState), its read after filing (the body
        // and the labelled issues, BodyAndLabelledIssues), and an item's closing timeline (none here).
        .post("/graphql")
        .reply((_uri, body) => {
          const request = body as { query: string; variables: { number: number; label: string; after?: string | null } };
          if (/query BodyAndLabelledIssues\b/.test(request.query)) {
            const labelled = [...this.issues.values()].filter((issue) => issue.labels.some((label) => label.name === request.variables.label));
            return [200, bodyAndLabelledAnswer(this.issues.get(request.variables.number)?.body ?? null, labelled, request.variables.after)];
          }
          if (/query IssuesState\b/.test(request.query)) {
            // The catch-up's bulk read: `iN: issue(number: M)` aliases, each answered as IssueState answers one issue.
            const repository: Record<string, unknown> = {};
            for (const [, alias, number] of request.query.matchAll(/(i\d+): issue\(number: (\d+)\)/g)) {
              const issue = this.issues.get(Number(number));
              repository[alias!] = issue ? issueStateAnswer(issue, this.comments.get(Number(number)) ?? []).data.repository.issue : null;
            }
            return [200, { data: { repository } }];
          }
          if (!/query IssueState\b/.test(request.query)) return [200, { data: { repository: { issue: { stateReason: null, timelineItems: { nodes: [] } } } } }];
          const issue = this.issues.get(request.variables.number);
          return [200, issueStateAnswer(issue ?? null, this.comments.get(request.variables.number) ?? [])];
        })
        .post(new RegExp(`^${base}/issues/\\d+/labels$`))
        .reply(200, [])
        .post(new RegExp(`^${base}/issues/\\d+/sub_issues$`))
        .reply(201, {})
    );
  }

  /** Deletes an issue's comments (to replay an event from scratch). */
  forgetComments(): void {
    this.comments.clear();
  }

  private list(url: URL): [number, unknown, Record<string, string>] {
    const label = url.searchParams.get("labels") ?? "";
    const state = url.searchParams.get("state") ?? "open";
    const perPage = Number(url.searchParams.get("per_page") ?? 30);
    const page = Number(url.searchParams.get("page") ?? 1);
    const matching = [...this.issues.values()].filter((issue) => issue.labels.some((candidate) => candidate.name === label) && (state === "all" || issue.state === state));
    const slice = matching.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = {};
    if (page * perPage < matching.length) {
      url.searchParams.set("page", String(page + 1));
      headers.link = `<${url.toString()}>; rel="next"`;
    }
    return [200, slice, headers];
  }
}

function issueNumber(uri: string): number {
  return Number(/\/issues\/(\d+)\//.exec(uri)?.[1]);
}
