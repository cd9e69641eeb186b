import { escapeInline, mention } from "../markdown/escape.js";
import { fillPlaceholders, fitBody } from "./render-template.js";

export interface PostmortemDraft {
  incidentTitle: string;
  incidentRef: string;
  incidentUrl: string;
  /** Local date the incident was opened, YYYY-MM-DD. */
  incidentDate: string;
  severity: string;
  commanders: string[];
  timeZone: string;
  summaryBlock: string;
  titlePrefix: string;
  /** The "Related incidents" section's content (pre-filled from the service's history). */
  related?: string;
}

const MAX_TITLE_LENGTH = 256;

export function renderPostmortemTitle(draft: Pick<PostmortemDraft, "titlePrefix" | "incidentTitle">): string {
  const title = `${draft.titlePrefix}${draft.incidentTitle}`.replace(/\s+/g, " ").trim();
  // Cut by code points, so an emoji at the limit is dropped whole rather than split.
  const characters = Array.from(title);
  return characters.length <= MAX_TITLE_LENGTH ? title : `${characters.slice(0, MAX_TITLE_LENGTH - 1).join("")}…`;
}

/** The postmortem body from a template. The summary block goes where `{{summary}}` is, or on top. */
export function renderPostmortemBody(template: string, draft: PostmortemDraft): string {
  const withSummary = /\{\{\s*summary\s*\}\}/.test(template) ? template : `{{summary}}\n\n${template}`;
  const body = fillPlaceholders(withSummary, {
    "incident.title": escapeInline(draft.incidentTitle),
    "incident.ref": draft.incidentRef,
    "incident.url": draft.incidentUrl,
    "incident.date": draft.incidentDate,
    severity: draft.severity,
    commanders: draft.commanders.length ? draft.commanders.map(mention).join(", ") : "",
    timeZone: draft.timeZone,
    related: draft.related ?? "_None recorded yet._",
    summary: draft.summaryBlock,
  });
  return fitBody(body);
}
