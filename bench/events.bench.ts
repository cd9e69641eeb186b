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

/** Incident #1 as GitHub holds it when its event is delivered: the app reads it, not the payload. */
function incident(fake: FakeGitHub, labels: string[]): void {
  fake.add({
    number: 1,
    title: "Checkout API returns 500 for all users",
    body: "Customers cannot pay.",
    labels,
    createdAt: "2026-11-23T09:00:00Z",
    user: { login: "Codertocat", type: "User" },
  });
}

const scenarios: Scenario[] = [
  {
    name: "label that is not a severity",
    prepare: async (fake) => {
      incident(fake, ["bug"]);
      return { name: "issues", payload: issueLabeled("bug") };
    },
  },
  {
    name: "SEV1 label: opens the postmortem",
    prepare: async (fake) => {
      incident(fake, ["incident:sev1"]);
      return { name: "issues", payload: issueLabeled("incident:sev1") };
    },
  },
  {
    name: "SEV1 label redelivered",
    prepare: async (fake, receive) => {
      incident(fake, ["incident:sev1"]);
      await receive("issues", issueLabeled("incident:sev1"));
      return { name: "issues", payload: issueLabeled("incident:sev1") };
    },
  },
  {
    name: "SEV3 label: optional notice",
    prepare: async (fake) => {
      incident(fake, ["incident:sev3"]);
      return { name: "issues", payload: issueLabeled("incident:sev3") };
    },
  },
  {
    name: "incident closed: review deadline",
    prepare: async (fake, receive) => {
      incident(fake, ["incident:sev1"]);
      await receive("issues", issueLabeled("incident:sev1"));
      Object.assign(fake.issues.get(1)!, { state: "closed", state_reason: "completed", closed_at: "2026-11-27T16:00:00Z" });
      return { name: "issues", payload: issueClosed({ labels: ["incident:sev1"], closedAt: "2026-11-27T16:00:00Z" }) };
    },
  },
  {
    name: "/postmortem by a reader: refused",
    prepare: async (fake) => {
      fake.role = "read";
      incident(fake, ["incident:sev3"]);
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
    name: "action item closed (not the last): Status cell updated",
    prepare: async (fake, receive) => {
      const body = postmortemWithRows(["| Add an alert | detection | @dana | P1 | | | open |", "| Rotate the pager | response | @dana | P2 | | | open |"]).replace(
        "| Action | Type | Owner | Priority | Due | Issue |\n|--------|------|-------|----------|-----|-------|\n| _Describe a specific, measurable action_ | prevention | @owner | P1 | | |",
        "| Action | Type | Owner | Priority | Due | Issue | Status |\n|---|---|---|---|---|---|---|",
      );
      const postmortem = fake.add({ body, labels: ["postmortem"] });
      await receive("issues", issueEdited(postmortemWithRows([]), { number: postmortem, body, labels: ["postmortem"], authorType: "Bot", createdAt: "2026-11-23T09:05:00Z" }));
      // The first item closes (GitHub holds it closed when the delivery arrives); the second stays open.
      const item = [...fake.issues.values()].find((issue) => issue.labels.some((label) => label.name === "action-item"))!;
      Object.assign(item, { state: "closed", state_reason: "completed", closed_at: "2026-12-01T09:00:00Z" });
      return {
        name: "issues",
        payload: actionItemEvent("closed", { number: item.number, body: item.body, labels: ["action-item", "priority:P1"], assignees: ["dana"], closedAt: "2026-12-01T09:00:00Z" }),
      };
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
