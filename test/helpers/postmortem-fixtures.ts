import { DEFAULT_CONFIG, type SeverityLevel } from "../../src/config/schema.js";
import { marker } from "../../src/domain/markers.js";
import { renderSummaryBlock, summarize } from "../../src/domain/postmortem-summary.js";
import { OWNER, REPO } from "./webhook-payloads.js";

export const [SEV1, SEV2, SEV3, SEV4] = DEFAULT_CONFIG.severities as [SeverityLevel, SeverityLevel, SeverityLevel, SeverityLevel];
const UTC = { timeZone: "UTC", holidays: [] };

/** The body of a postmortem the app opened for incident #1, in the state given, as GitHub returns it. */
export function postmortemBody(severity: SeverityLevel, closedAt: string | null = null, humanText = "## Executive summary\n\nWritten by people."): string {
  const facts = {
    ref: { owner: OWNER, repo: REPO, number: 1 },
    url: `https://github.com/${OWNER}/${REPO}/issues/1`,
    createdAt: "2026-11-23T09:00:00Z",
    closedAt,
    state: closedAt ? ("closed" as const) : ("open" as const),
    assignees: [],
  };
  return `${renderSummaryBlock(summarize(facts, severity, UTC), UTC)}\n\n${humanText}`;
}

export const linkMarker = (number = 2) => marker("link", { postmortem: `${OWNER}/${REPO}#${number}` });

export const ACTION_TABLE_HEADER =
  "| Action | Type | Owner | Priority | Due | Issue |\n|--------|------|-------|----------|-----|-------|\n| _Describe a specific, measurable action_ | prevention | @owner | P1 | | |";

/** A postmortem (#2 for incident #1) whose action items table has the given rows after the template's placeholder. */
export function postmortemWithRows(rows: readonly string[], before = "## What went wrong\n\n- The pool was too small."): string {
  return postmortemBody(SEV1, null, `${before}\n\n## Action items\n\n${[ACTION_TABLE_HEADER, ...rows].join("\n")}\n\n## Lessons learned\n\n- Size pools from load tests.`);
}
