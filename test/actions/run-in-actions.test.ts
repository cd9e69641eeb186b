import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseJobs, runInActions } from "../../src/actions/run-in-actions.js";
import { expectValidGitHubRequests, type RecordedRequest } from "../helpers/github-rest-description.js";
import { comment, issue, noConfig } from "../helpers/github-responses.js";
import { ISSUES, issueNow, POSTMORTEM_LIST } from "../helpers/github-scenarios.js";
import { describeRequests, github, recordingOctokit } from "../helpers/probot-harness.js";
import { issueLabeled, OWNER, REPO } from "../helpers/webhook-payloads.js";

describe("running inside GitHub Actions", () => {
  let requests: RecordedRequest[];
  beforeEach(() => {
    nock.disableNetConnect();
    requests = [];
  });
  afterEach(() => {
    expectValidGitHubRequests(requests);
    nock.cleanAll();
  });

  async function eventFile(payload: object): Promise<string> {
    const path = join(await mkdtemp(join(tmpdir(), "event-")), "event.json");
    await writeFile(path, JSON.stringify(payload));
    return path;
  }

  it("handles the workflow's issues event with the same handlers, with the workflow's token", async () => {
    const payload = issueLabeled("incident:sev1");
    delete payload.installation; // Actions events carry none
    let created: any;
    const scope = issueNow(noConfig(github()), payload.issue, [])
      .get(ISSUES)
      .query(POSTMORTEM_LIST)
      .reply(200, [])
      .post(ISSUES, (body) => ((created = body), true))
      .reply(201, () => issue({ number: 2, body: created.body }))
      .get(ISSUES)
      .query(POSTMORTEM_LIST)
      .reply(200, () => [issue({ number: 2, body: created.body })])
      .post(`${ISSUES}/2/comments`)
      .reply(201, comment(11, "checklist"))
      .post(`${ISSUES}/1/comments`)
      .reply(201, comment(12, "link"));
    const summary = await runInActions(
      {
        GITHUB_TOKEN: "ghs_workflow",
        GITHUB_EVENT_NAME: "issues",
        GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
        GITHUB_EVENT_PATH: await eventFile(payload),
        GITHUB_RUN_ID: "77",
        LOG_LEVEL: "fatal",
      },
      { Octokit: recordingOctokit(requests) },
    );
    expect(scope.isDone()).toBe(true);
    expect(summary).toBe("handled issues.labeled");
    expect(
      describeRequests(requests)
        .calls()
        .filter((call) => call === `POST ${ISSUES}`),
    ).toHaveLength(1);
  });

  it("a schedule runs the sweep (and the digests the repository enables) for the workflow's repository", async () => {
    const scope = noConfig(github());
    // The catch-up first: incidents of each severity changed within the look-back window, the open postmortems.
    for (const label of ["incident:sev1", "incident:sev2", "incident:sev3", "incident:sev4"]) {
      scope
        .get(ISSUES)
        .query((query) => query.labels === label && query.state === "all" && typeof query.since === "string")
        .reply(200, []);
    }
    scope
      .get(ISSUES)
      .query({ labels: "postmortem", state: "open", per_page: "100" })
      .reply(200, [])
      .get(ISSUES)
      .query({ labels: "action-item", state: "open", per_page: "100" })
      .reply(200, [])
      .get(ISSUES)
      .query({ labels: "effectiveness-review", state: "all", per_page: "100" })
      .reply(200, [])
      .get(ISSUES)
      .query({ labels: "postmortem", state: "open", per_page: "100" })
      .reply(200, []);
    const summary = await runInActions(
      { GITHUB_TOKEN: "ghs_workflow", GITHUB_EVENT_NAME: "schedule", GITHUB_REPOSITORY: `${OWNER}/${REPO}`, GITHUB_ACTIONS: "true", LOG_LEVEL: "fatal" },
      { Octokit: recordingOctokit(requests) },
    );
    expect(scope.isDone()).toBe(true);
    expect(summary).toBe(`ran sweep, digest-weekly, digest-monthly for ${OWNER}/${REPO}`);
    expect(requests.filter((request) => request.method !== "GET")).toEqual([]);
  });

  it("a handler that fails makes the run fail", async () => {
    nock("https://api.github.com").get(/.*/).reply(500, { message: "boom" }).persist();
    await expect(
      runInActions(
        {
          GITHUB_TOKEN: "t",
          GITHUB_EVENT_NAME: "issues",
          GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
          GITHUB_EVENT_PATH: await eventFile(issueLabeled("incident:sev1")),
          LOG_LEVEL: "fatal",
        },
        { Octokit: recordingOctokit(requests) },
      ),
    ).rejects.toThrow();
  });

  it.each([
    ["", ["sweep", "digest-weekly", "digest-monthly"]],
    ["sweep", ["sweep"]],
    ["digest-weekly, sweep", ["digest-weekly", "sweep"]],
  ])("jobs %j → %j", (text, jobs) => {
    expect(parseJobs(text)).toEqual(jobs);
  });

  it("an unknown job is refused", () => {
    expect(() => parseJobs("digest")).toThrow("unknown job digest");
  });
});
