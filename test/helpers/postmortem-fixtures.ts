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
