import { fitText } from "../markdown/fit-text.js";
import { GITHUB_LIMITS } from "../support/github-limits.js";

/**
 * Fills `{{ name }}` placeholders. Unknown names are left as written, so a team's own template
 * can carry placeholders meant for people.
 */
export function fillPlaceholders(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
}

/** GitHub refuses issue and comment bodies over 65,536 characters. */
export const MAX_BODY_LENGTH = GITHUB_LIMITS.bodyCharacters;

/** What an issue the client creates may have: it appends its attempt marker within the last 100 characters. */
export const MAX_CREATED_BODY_LENGTH = MAX_BODY_LENGTH - 100;

const BODY_NOTE = "\n\n> **Truncated by postmortem-bot:** this text was longer than GitHub allows in one issue body.";

/** Cuts a body to GitHub's limit at a line boundary and says so, so nothing is cut silently. */
export function fitBody(body: string, limit: number = MAX_BODY_LENGTH): string {
  return fitText(body, limit, BODY_NOTE);
}
