import nock from "nock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli.js";
import { OWNER, REPO } from "../helpers/webhook-payloads.js";
import { renderActionItemBody } from "../../src/action-items/action-item-body.js";
import { issue } from "../helpers/github-responses.js";
import { FakeGitHubGraphql } from "../helpers/fake-github-graphql.js";
import { hookDelivery } from "./hook-deliveries.js";
import { testPrivateKey } from "../e2e/server-process.js";

const ISSUES = `/repos/${OWNER}/${REPO}/issues`;

describe("postmortem-bot sweep (command line)", () => {
  const env = { ...process.env };
  let printed: string[];
  beforeEach(() => {
    nock.disableNetConnect();
    printed = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => void printed.push(line));
    vi.spyOn(console, "error").mockImplementation((line: string) => void printed.push(line));
    vi.useFakeTimers({ now: new Date("2026-12-10T08:00:00Z"), toFake: ["Date"] });
    process.env.GITHUB_TOKEN = "test-token";
    process.env.LOG_LEVEL = "fatal";
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    process.env = { ...env };
    nock.cleanAll();
  });

  it("--dry-run prints the reminders it would post and writes nothing", async () => {
    const body = renderActionItemBody(
      {
        postmortem: { owner: OWNER, repo: REPO, number: 2 },
        incident: null,
        key: "k",
        priority: "P1",
        type: "prevention",
        due: "2026-12-09",
        dueSource: "derived",
        filedAt: "2026-11-25T10:00:00Z",
        reminded: null,
      },
      { action: "Fix it", postmortemMention: "#2", incidentMention: null, owners: ["bob"], unassignable: [] },
    );
    const scope = nock("https://api.github.com")
      .get(`/repos/${OWNER}/${REPO}/contents/.github%2Fpostmortem.yml`)
      .reply(404)
      .get(`/repos/${OWNER}/.github/contents/.github%2Fpostmortem.yml`)
      .reply(404);
    // The catch-up first: incidents of each severity updated in the last 7 days, the open postmortems (none: nothing to reconcile).
    for (const label of ["incident:sev1", "incident:sev2", "incident:sev3", "incident:sev4"]) {
      scope.get(ISSUES).query({ labels: label, state: "all", since: "2026-12-03T08:00:00.000Z", sort: "created", direction: "asc", per_page: "100" }).reply(200, []);
    }
    scope
      .get(ISSUES)
      .query({ labels: "postmortem", state: "open", per_page: "100" })
      .reply(200, [])
      .get(ISSUES)
      .query({ labels: "action-item", state: "open", per_page: "100" })
      .reply(200, [{ ...issue({ number: 6, body, labels: ["action-item"] }), assignees: [{ login: "bob" }] }])
      .get(ISSUES)
      .query({ labels: "effectiveness-review", state: "all", per_page: "100" })
      .reply(200, [])
      .get(ISSUES)
      .query({ labels: "postmortem", state: "open", per_page: "100" })
      .reply(200, []);

    expect(await main(["sweep", "--repo", `${OWNER}/${REPO}`, "--dry-run"])).toBe(0);

    expect(scope.isDone()).toBe(true);
    const output = printed.join("\n");
    expect(output).toContain(`[dry run] comment on ${OWNER}/${REPO}#6:\n@bob this P1 action item was due on **2026-12-09** and is overdue.`);
    expect(output).toContain(`[dry run] label ${OWNER}/${REPO}#6: overdue`);
    expect(JSON.parse(printed.at(-1)!)).toMatchObject({ repository: `${OWNER}/${REPO}`, openItems: 1, reminders: { overdue: 1 } });
  });

  it("digest --week prints a past week's digest with --dry-run", async () => {
    const scope = nock("https://api.github.com")
      .get(`/repos/${OWNER}/${REPO}/contents/.github%2Fpostmortem.yml`)
      .reply(200, "timeZone: Europe/Berlin\n", { "content-type": "text/plain; charset=utf-8" })
      .get(ISSUES)
      .query(true)
      .reply(200, [])
      // One probe: the repository (public) has nothing labelled in the window.
      .post("/graphql")
      .reply(200, (_uri, body) => FakeGitHubGraphql.over([], [{ nameWithOwner: `${OWNER}/${REPO}`, isPrivate: false }]).answer(body as never));
    expect(await main(["digest", "--repo", `${OWNER}/${REPO}`, "--week", "2026-W40", "--dry-run"])).toBe(0);
    expect(scope.isDone()).toBe(true);
    expect(printed.join("\n")).toContain("# Incident digest: week 2026-W40\n\n<!-- postmortem-bot:digest");
    expect(printed.join("\n")).toContain("2026-09-28 to 2026-10-04 (Europe/Berlin)");
  });

  describe("redeliver", () => {
    it("with a token is refused: GitHub lists an app's deliveries only to the app", async () => {
      await expect(main(["redeliver"])).rejects.toThrow("redeliver needs the app's credentials (APP_ID and PRIVATE_KEY or PRIVATE_KEY_PATH), not GITHUB_TOKEN");
    });

    it("--dry-run, with the app's credentials: lists the deliveries with the app's JWT and prints what it would redeliver", async () => {
      delete process.env.GITHUB_TOKEN;
      process.env.APP_ID = "1";
      process.env.PRIVATE_KEY = testPrivateKey();
      const now = new Date();
      const failed = hookDelivery("guid-failed", now, 30, 502);
      const scope = nock("https://api.github.com")
        .get("/app/hook/deliveries")
        .query({ per_page: "100" })
        .matchHeader("authorization", /^bearer [\w-]+\.[\w-]+\.[\w-]+$/)
        .reply(200, [hookDelivery("guid-ok", now, 10, 200), failed]);

      expect(await main(["redeliver", "--dry-run"])).toBe(0);

      expect(scope.isDone()).toBe(true);
      expect(printed[0]).toBe(`[dry run] redeliver delivery ${failed.id} (issues.labeled, guid guid-failed, last attempt ${failed.delivered_at}: Invalid HTTP Response: 502)\n`);
      expect(JSON.parse(printed.at(-1)!)).toEqual({ pages: 1, deliveries: 2, events: 2, succeeded: 1, redelivered: 1, refused: 0 });
    });

    it("takes no repository: the deliveries are the app's", async () => {
      expect(await main(["redeliver", "--repo", `${OWNER}/${REPO}`])).toBe(2);
      expect(printed.join("\n")).toContain("postmortem-bot redeliver [--dry-run]");
    });
  });

  it("without a repository, prints the usage and fails", async () => {
    expect(await main(["sweep"])).toBe(2);
    expect(printed.join("\n")).toContain("Usage: postmortem-bot sweep");
  });
});
