// npm run bench: API requests and in-process time of filing action items and of the sweep.
// GitHub is an in-memory stand-in behind nock, so the time is the app's own work plus nock's,
// never the network's; the request counts are exact.
import nock from "nock";
import { Probot } from "probot";
import { renderActionItemBody, type ActionItemRecord } from "../src/action-items/action-item-body.js";
import { DEFAULT_CONFIG } from "../src/config/schema.js";
import { GitHubClient, type Octokit } from "../src/github/github-client.js";
import postmortemBot from "../src/index.js";
import { sweepRepository } from "../src/jobs/sweep.js";
import type { RecordedRequest } from "../test/helpers/github-rest-description.js";
import { postmortemWithRows } from "../test/helpers/postmortem-fixtures.js";
import { recordingOctokit } from "../test/helpers/probot-harness.js";
import { issueEdited, OWNER, REPO } from "../test/helpers/webhook-payloads.js";
import { FakeGitHub } from "./fake-github.js";

const RUNS = 5;
nock.disableNetConnect();

interface Figure {
  scenario: string;
  requests: number;
  writes: number;
  medianMs: number;
  /** Notification-triggering writes (issues, comments, sub-issues) spaced 3 s apart by Octokit's throttling in production. */
  pacedSeconds: number;
}

async function measure(scenario: string, run: (requests: RecordedRequest[]) => Promise<void>): Promise<Figure> {
  const times: number[] = [];
  let last: RecordedRequest[] = [];
  for (let index = 0; index < RUNS; index++) {
    const requests: RecordedRequest[] = [];
    const started = performance.now();
    await run(requests);
    times.push(performance.now() - started);
    last = requests;
    nock.cleanAll();
  }
  times.sort((a, b) => a - b);
  // GraphQL requests here are reads (the postmortem's IssueState); no project is configured.
  const writes = last.filter((request) => request.method !== "GET" && !request.path.endsWith("/graphql"));
  const notifying = writes.filter((request) => request.method === "POST" && /\/(issues|comments|sub_issues)$/.test(request.path.split("?")[0]!));
  return { scenario, requests: last.length, writes: writes.length, medianMs: Math.round(times[Math.floor(RUNS / 2)]! * 10) / 10, pacedSeconds: notifying.length * 3 };
}

async function filing(rows: number): Promise<Figure> {
  return measure(`file ${rows} action item${rows === 1 ? "" : "s"} from one edit`, async (requests) => {
    const fake = new FakeGitHub(OWNER, REPO);
    const body = postmortemWithRows(Array.from({ length: rows }, (_, index) => `| Action ${index + 1} | prevention | @dana | P${index % 6} | | |`));
    const number = fake.add({ body, labels: ["postmortem"] });
    fake.intercept();
    const probot = new Probot({ githubToken: "bench", Octokit: recordingOctokit(requests), logLevel: "fatal" });
    await probot.load(postmortemBot);
    await probot.receive({
      id: "bench",
      name: "issues",
      payload: issueEdited("", { number, body, authorType: "Bot", labels: ["postmortem"], createdAt: "2026-11-23T09:05:00Z" }),
    } as never);
  });
}

async function sweep(openItems: number, owed: boolean): Promise<Figure> {
  return measure(`sweep ${openItems} open items${owed ? ", every one owed a reminder" : ", none owed a reminder"}`, async (requests) => {
    const fake = new FakeGitHub(OWNER, REPO);
    for (let index = 0; index < openItems; index++) {
      const record: ActionItemRecord = {
        postmortem: { owner: OWNER, repo: REPO, number: 1 },
        incident: null,
        key: `a${index}`,
        priority: "P2",
        type: "prevention",
        due: owed ? "2026-12-11" : "2027-03-01",
        dueSource: "derived",
        filedAt: "2026-11-26T10:00:00Z",
        reminded: null,
      };
      fake.add({
        body: renderActionItemBody(record, { action: `A${index}`, postmortemMention: "#1", incidentMention: null, owners: ["dana"], unassignable: [] }),
        labels: ["action-item"],
        assignees: ["dana"],
      });
    }
    fake.intercept();
    const Octokit = recordingOctokit(requests);
    await sweepRepository(
      new GitHubClient(new Octokit({ auth: "bench" }) as unknown as Octokit, "postmortem-bot[bot]"),
      { owner: OWNER, repo: REPO },
      DEFAULT_CONFIG,
      new Date("2026-12-10T08:00:00Z"),
    );
  });
}

export async function actionItemFigures(): Promise<Figure[]> {
  return [await filing(1), await filing(10), await filing(50), await sweep(100, false), await sweep(1000, false), await sweep(100, true)];
}
