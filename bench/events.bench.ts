// Requests and in-process time per event kind: the real app through probot.receive, GitHub stood
// in by an in-memory fake behind nock (so the time is the app's own work plus nock's).
import nock from "nock";
import { Probot } from "probot";
import postmortemBot from "../src/index.js";
import type { RecordedRequest } from "../test/helpers/github-rest-description.js";
import { postmortemWithRows } from "../test/helpers/postmortem-fixtures.js";
import { recordingOctokit } from "../test/helpers/probot-harness.js";
import { actionItemEvent, commentCreated, issueClosed, issueEdited, issueLabeled, OWNER, REPO } from "../test/helpers/webhook-payloads.js";
import { FakeGitHub } from "./fake-github.js";

const RUNS = 40;

interface Scenario {
  name: string;
  /** Brings the fake to the state before the event (untimed); returns the event to time. */
  prepare: (fake: FakeGitHub, receive: (name: string, payload: object) => Promise<void>) => Promise<{ name: string; payload: object }>;
}

const scenarios: Scenario[] = [
  { name: "label that is not a severity", prepare: async () => ({ name: "issues", payload: issueLabeled("bug") }) },
  { name: "SEV1 label: opens the postmortem", prepare: async () => ({ name: "issues", payload: issueLabeled("incident:sev1") }) },
  {
    name: "SEV1 label redelivered",
    prepare: async (_fake, receive) => {
      await receive("issues", issueLabeled("incident:sev1"));
      return { name: "issues", payload: issueLabeled("incident:sev1") };
    },
  },
  { name: "SEV3 label: optional notice", prepare: async () => ({ name: "issues", payload: issueLabeled("incident:sev3") }) },
  {
    name: "incident closed: review deadline",
    prepare: async (_fake, receive) => {
      await receive("issues", issueLabeled("incident:sev1"));
      return { name: "issues", payload: issueClosed({ labels: ["incident:sev1"], closedAt: "2026-11-27T16:00:00Z" }) };
    },
  },
  {
    name: "/postmortem by a reader: refused",
    prepare: async (fake) => {
      fake.role = "read";
      return { name: "issue_comment", payload: commentCreated("/postmortem", { labels: ["incident:sev3"] }) };
    },
  },
  {
    name: "postmortem edited: one new action item",
    prepare: async (fake) => {
      const body = postmortemWithRows(["| Add an alert | detection | @dana | P1 | | |"]);
      const number = fake.add({ body, labels: ["postmortem"] });
      return { name: "issues", payload: issueEdited(postmortemWithRows([]), { number, body, labels: ["postmortem"], authorType: "Bot", createdAt: "2026-11-23T09:05:00Z" }) };
    },
  },
  {
    name: "action item closed: Status cell updated",
    prepare: async (fake, receive) => {
      const body = postmortemWithRows(["| Add an alert | detection | @dana | P1 | | | open |"]).replace(
        "| Action | Type | Owner | Priority | Due | Issue |\n|--------|------|-------|----------|-----|-------|\n| _Describe a specific, measurable action_ | prevention | @owner | P1 | | |",
        "| Action | Type | Owner | Priority | Due | Issue | Status |\n|---|---|---|---|---|---|---|",
      );
      const postmortem = fake.add({ body, labels: ["postmortem"] });
      await receive("issues", issueEdited(postmortemWithRows([]), { number: postmortem, body, labels: ["postmortem"], authorType: "Bot", createdAt: "2026-11-23T09:05:00Z" }));
      const item = [...fake.issues.values()].find((issue) => issue.labels.some((label) => label.name === "action-item"))!;
      return { name: "issues", payload: actionItemEvent("closed", { number: item.number, body: item.body, labels: ["action-item", "priority:P1"], assignees: ["dana"], closedAt: "2026-12-01T09:00:00Z" }) };
    },
  },
];

export interface EventFigure {
  event: string;
  requests: number;
  writes: number;
  medianMs: number;
  p99Ms: number;
}

export async function eventFigures(): Promise<EventFigure[]> {
  const figures: EventFigure[] = [];
  for (const scenario of scenarios) {
    const times: number[] = [];
    let counted: RecordedRequest[] = [];
    for (let run = 0; run < RUNS; run++) {
      const requests: RecordedRequest[] = [];
      const fake = new FakeGitHub(OWNER, REPO);
      fake.intercept();
      const probot = new Probot({ githubToken: "bench", Octokit: recordingOctokit(requests), logLevel: "fatal" });
      await probot.load(postmortemBot);
      let delivery = 0;
      const receive = (name: string, payload: object) => probot.receive({ id: `d${++delivery}`, name, payload } as Parameters<Probot["receive"]>[0]);
      const event = await scenario.prepare(fake, receive);
      const before = requests.length;
      const started = performance.now();
      await receive(event.name, event.payload);
      times.push(performance.now() - started);
      counted = requests.slice(before);
      nock.cleanAll();
    }
    times.sort((a, b) => a - b);
    figures.push({
      event: scenario.name,
      requests: counted.length,
      writes: counted.filter((request) => request.method !== "GET" && !request.path.endsWith("/graphql")).length,
      medianMs: round(times[Math.floor(RUNS / 2)]!),
      p99Ms: round(times[Math.min(RUNS - 1, Math.ceil(RUNS * 0.99) - 1)]!),
    });
  }
  return figures;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
