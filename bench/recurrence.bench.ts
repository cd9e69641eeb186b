// The recurrence look-up on a new incident: requests and time for a service with 10 and 200 past
// incidents (each with a postmortem and two action items carrying the service's label), in a
// repository whose other services hold 2,000 more incidents that the look-up never reads.
import nock from "nock";
import { renderActionItemBody } from "../src/action-items/action-item-body.js";
import { DEFAULT_CONFIG } from "../src/config/schema.js";
import { GitHubClient, type Octokit } from "../src/github/github-client.js";
import { findHistory } from "../src/postmortem/recurrence.js";
import type { RecordedRequest } from "../test/helpers/github-rest-description.js";
import { recordingOctokit } from "../test/helpers/probot-harness.js";
import { FakeGitHub } from "./fake-github.js";

const OWNER = "acme";
const REPO = "incidents";

export async function recurrenceFigures(): Promise<{ scenario: string; requests: number; found: number; medianMs: number }[]> {
  const figures = [];
  for (const past of [10, 200]) {
    const fake = new FakeGitHub(OWNER, REPO);
    for (let index = 0; index < 2000; index++) fake.add({ body: "", labels: ["incident:sev3", `service:other-${index % 50}`] });
    for (let index = 0; index < past; index++) {
      fake.add({ body: "", labels: ["incident:sev2", "service:checkout"] });
      const item = renderActionItemBody(
        {
          postmortem: { owner: OWNER, repo: REPO, number: 1 },
          incident: null,
          key: `k${index}`,
          priority: "P1",
          type: "prevention",
          due: "2026-11-01",
          dueSource: "derived",
          filedAt: "2026-10-01T00:00:00Z",
          reminded: null,
        },
        { action: "x", postmortemMention: "#1", incidentMention: null, owners: [], unassignable: [] },
      );
      fake.add({ body: item, labels: ["action-item", "service:checkout"] });
      fake.add({ body: item, labels: ["action-item", "service:checkout"] });
    }
    const times: number[] = [];
    let requests: RecordedRequest[] = [];
    let found = 0;
    for (let run = 0; run < 5; run++) {
      requests = [];
      fake.intercept();
      const Octokit = recordingOctokit(requests);
      const client = new GitHubClient(new Octokit({ auth: "bench" }) as unknown as Octokit, "postmortem-bot[bot]");
      const started = performance.now();
      const history = await findHistory(
        client,
        [{ owner: OWNER, repo: REPO }],
        { owner: OWNER, repo: REPO, number: 999_999 },
        ["service:checkout"],
        DEFAULT_CONFIG,
        new Date("2026-11-26T10:00:00Z"),
      );
      times.push(performance.now() - started);
      found = history.incidents.length + history.openItems.length;
      nock.cleanAll();
    }
    times.sort((a, b) => a - b);
    figures.push({
      scenario: `service with ${past} past incidents (and ${past * 2} open action items), 2,000 incidents elsewhere`,
      requests: requests.length,
      found,
      medianMs: Math.round(times[2]! * 10) / 10,
    });
  }
  return figures;
}
