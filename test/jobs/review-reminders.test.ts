import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";
import { remindOverdueReviews, reviewReminderDue } from "../../src/postmortem/review-reminders.js";
import { comment, issue } from "../helpers/github-responses.js";
import { postmortemBody, SEV1 } from "../helpers/postmortem-fixtures.js";
import { describeRequests, github, useRecordingClient } from "../helpers/probot-harness.js";
import { OWNER, REPO } from "../helpers/webhook-payloads.js";

const ISSUES = `/repos/${OWNER}/${REPO}/issues`;
const OPEN_POSTMORTEMS = { labels: "postmortem", state: "open", per_page: "100" };

describe("reminding overdue reviews", () => {
  it.each([
    ["not yet due", "2026-11-30", "2026-11-30", undefined, 2, false],
    ["the day after the deadline", "2026-11-30", "2026-12-01", undefined, 2, true],
    ["one day after the last reminder", "2026-11-30", "2026-12-02", "2026-12-01", 2, false],
    ["an interval after the last reminder", "2026-11-30", "2026-12-03", "2026-12-01", 2, true],
    ["a daily interval", "2026-11-30", "2026-12-02", "2026-12-01", 1, true],
  ])("%s", (_name, reviewDue, today, last, interval, expected) => {
    expect(reviewReminderDue(reviewDue, today, last, interval)).toBe(expected);
  });

  const recording = useRecordingClient();

  it("across three sweeps: reminds, stays quiet within the interval, reminds again; never twice a day", async () => {
    // SEV1 resolved Friday 2026-11-27 16:00 UTC: review due Monday 2026-11-30.
    const overdue = { ...issue({ number: 2, body: postmortemBody(SEV1, "2026-11-27T16:00:00Z") }), assignees: [{ login: "dana" }] };
    const onTime = issue({ number: 3, body: postmortemBody(SEV1, null) });
    const posted: string[] = [];
    const sweep = async (now: string) => {
      const scope = github()
        .get(ISSUES)
        .query(OPEN_POSTMORTEMS)
        .reply(200, [overdue, onTime])
        .get(`${ISSUES}/2/comments`)
        .query(true)
        .reply(200, () => posted.map((body, index) => comment(100 + index, body)));
      scope
        .post(`${ISSUES}/2/comments`)
        .optionally()
        .reply(201, (_uri, body) => (posted.push((body as { body: string }).body), comment(200, "")));
      return remindOverdueReviews(recording.client, { owner: OWNER, repo: REPO }, DEFAULT_CONFIG, new Date(now));
    };

    expect(await sweep("2026-12-01T09:00:00Z")).toBe(1);
    expect(await sweep("2026-12-01T15:00:00Z")).toBe(0); // a second replica or sweep the same day
    expect(await sweep("2026-12-02T09:00:00Z")).toBe(0); // within the 2-day interval
    expect(await sweep("2026-12-03T09:00:00Z")).toBe(1);

    expect(posted).toHaveLength(2);
    expect(posted[0]).toContain("@dana the review of this postmortem was due on **2026-11-30** (1 day ago).");
    expect(posted[1]).toContain("(3 days ago)");
    expect(
      describeRequests(recording.requests)
        .calls()
        .filter((call) => call === `GET ${ISSUES}/3/comments`),
    ).toEqual([]);
  });
});
