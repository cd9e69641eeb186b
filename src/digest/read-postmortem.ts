import type { Heading, Table } from "mdast";
import { toString as plainText } from "mdast-util-to-string";
import { TZDate } from "@date-fns/tz";
import { parseMarkdown } from "../markdown/parse.js";
import { readIssueCell } from "../action-items/read-rows.js";
import { formatIssueRef } from "../domain/issue-ref.js";

export interface TimelineMoments {
  impactStartedAt: string | null;
  detectedAt: string | null;
  mitigatedAt: string | null;
}

const MOMENTS: [keyof TimelineMoments, RegExp][] = [
  ["impactStartedAt", /impact (began|started)|incident (began|started)|^start/i],
  ["detectedAt", /detect/i],
  ["mitigatedAt", /mitigat|service restored/i],
];

/**
 * When the impact began, was detected and was mitigated, read from the postmortem's timeline table
 * (a table with Time and Event columns; times `YYYY-MM-DD HH:MM` in the configured time zone).
 * Rows still holding the template's `HH:MM` are not yet written and count as unknown.
 */
export function readTimeline(body: string, timeZone: string): TimelineMoments {
  const moments: TimelineMoments = { impactStartedAt: null, detectedAt: null, mitigatedAt: null };
  for (const node of parseMarkdown(body).children) {
    if (node.type !== "table") continue;
    const [header, ...rows] = (node as Table).children;
    const names = header?.children.map((cell) => plainText(cell).trim().toLowerCase()) ?? [];
    const time = names.findIndex((name) => name.startsWith("time"));
    const event = names.indexOf("event");
    if (time < 0 || event < 0) continue;
    for (const row of rows) {
      const at = parseLocalTime(plainText(row.children[time] ?? { type: "text", value: "" }).trim(), timeZone);
      const text = plainText(row.children[event] ?? { type: "text", value: "" }).trim();
      const moment = MOMENTS.find(([, pattern]) => pattern.test(text))?.[0];
      if (at && moment && !moments[moment]) moments[moment] = at;
    }
    break;
  }
  return moments;
}

function parseLocalTime(text: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute] = match.map(Number) as number[];
  const date = new TZDate(year!, month! - 1, day!, hour!, minute!, timeZone);
  return Number.isNaN(date.getTime()) ? null : new Date(date.getTime()).toISOString();
}

/** Issues the postmortem's "Related incidents" section names (`#12`, `owner/repo#12`, issue URLs). */
export function readRelatedIncidents(body: string, repo: { owner: string; repo: string }): string[] {
  const tree = parseMarkdown(body);
  const found = new Set<string>();
  let depth: number | undefined;
  for (const node of tree.children) {
    if (node.type === "heading") {
      const heading = node as Heading;
      if (depth !== undefined && heading.depth <= depth) break;
      if (depth === undefined && /related incidents?/i.test(plainText(heading))) depth = heading.depth;
      continue;
    }
    if (depth === undefined) continue;
    for (const match of plainText(node).matchAll(/(?:https:\/\/\S+\/issues\/\d+|[A-Za-z0-9-]+\/[A-Za-z0-9._-]+#\d+|#\d+)/g)) {
      const ref = readIssueCell(match[0], repo);
      if (ref) found.add(formatIssueRef(ref));
    }
  }
  return [...found];
}
