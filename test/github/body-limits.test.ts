import { describe, expect, it } from "vitest";
import { checkConfigText, fitCheckSummary } from "../../src/config/check-config-text.js";
import { comment } from "../helpers/github-responses.js";
import { github, useRecordingClient } from "../helpers/probot-harness.js";
import { OWNER, REPO } from "../helpers/webhook-payloads.js";
import { GITHUB_LIMITS } from "../e2e/github-limits.js";

const ISSUES = `/repos/${OWNER}/${REPO}/issues`;
const CHECK_RUN_SUMMARY = 65_535;
const SUMMARY_NOTE = "\n\n… (cut here: GitHub keeps 65,535 characters of a check run's summary)";

describe("comments go to GitHub within its body limit", () => {
  const recording = useRecordingClient();
  const long = `<!-- postmortem-bot:x {} -->\n${"- a line of a long list\n".repeat(4000)}`; // 96,029 characters

  it("a comment longer than GitHub allows is cut at a line, marker kept, and said", async () => {
    let sent = "";
    // The interceptor refuses what GitHub refuses: a body over 65,536 characters does not match.
    const scope = github()
      .post(`${ISSUES}/2/comments`, (body) => ((sent = body.body), body.body.length <= GITHUB_LIMITS.bodyCharacters))
      .reply(201, () => comment(70, sent));
    await recording.client.createComment({ owner: OWNER, repo: REPO, number: 2 }, long);
    expect(scope.isDone()).toBe(true);
    expect(sent.length).toBeLessThanOrEqual(GITHUB_LIMITS.bodyCharacters);
    expect(sent.startsWith("<!-- postmortem-bot:x {} -->\n- a line")).toBe(true);
    expect(sent.endsWith("this text was longer than GitHub allows in one issue body.")).toBe(true);
  });

  it("an updated comment is cut the same way", async () => {
    let sent = "";
    const scope = github()
      .patch(`/repos/${OWNER}/${REPO}/issues/comments/70`, (body) => ((sent = body.body), body.body.length <= GITHUB_LIMITS.bodyCharacters))
      .reply(200, () => comment(70, sent));
    await recording.client.updateComment({ owner: OWNER, repo: REPO }, 70, long);
    expect(scope.isDone()).toBe(true);
    expect(sent.length).toBeLessThanOrEqual(GITHUB_LIMITS.bodyCharacters);
  });
});

describe("check-run summaries within GitHub's 65,535 characters", () => {
  it.each([
    ["short", "ok", "ok"],
    ["exactly at the limit", "x".repeat(CHECK_RUN_SUMMARY), "x".repeat(CHECK_RUN_SUMMARY)],
    ["one over, one line", "x".repeat(CHECK_RUN_SUMMARY + 1), `${"x".repeat(CHECK_RUN_SUMMARY - SUMMARY_NOTE.length)}${SUMMARY_NOTE}`],
    // The note is 71 characters: room 65,464; the last "\n" at or before it ends line 654 (653 * 100 + 99).
    ["over, lines of 100", `${"y".repeat(99)}\n`.repeat(656), `${`${"y".repeat(99)}\n`.repeat(653)}${"y".repeat(99)}${SUMMARY_NOTE}`],
  ])("%s", (_name, summary, expected) => {
    const fitted = fitCheckSummary(summary);
    expect(fitted).toBe(expected);
    expect(fitted.length).toBeLessThanOrEqual(CHECK_RUN_SUMMARY);
  });

  it("a config file with thousands of problems: the failing check run's summary is cut at a line and says so", () => {
    const text = `severities:\n${Array.from({ length: 3000 }, (_, index) => `  - name: SEV${index}\n    label: ""\n    postmortem: sometimes\n`).join("")}`;
    const outcome = checkConfigText(text);
    expect(outcome.conclusion).toBe("failure");
    expect(outcome.summary.length).toBeGreaterThan(60_000);
    expect(outcome.summary.length).toBeLessThanOrEqual(CHECK_RUN_SUMMARY);
    expect(outcome.summary.endsWith(SUMMARY_NOTE)).toBe(true);
    expect(outcome.summary.startsWith("postmortem-bot cannot use `.github/postmortem.yml` as this pull request leaves it:")).toBe(true);
  });
});
