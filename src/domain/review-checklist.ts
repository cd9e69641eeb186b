import { marker } from "./markers.js";
import { fitBody } from "./render-template.js";

export function renderChecklistComment(checklist: string): string {
  return fitBody(`${marker("checklist")}\n${checklist.trim()}\n`);
}

/**
 * Required items still unticked in the checklist comment. Every task-list item is required
 * unless its text ends with "(optional)".
 */
export function uncheckedRequiredItems(commentBody: string): string[] {
  const items: string[] = [];
  for (const line of commentBody.split(/\r?\n/)) {
    const match = /^\s*[-*+]\s+\[ \]\s+(.+?)\s*$/.exec(line);
    if (match?.[1] && !/\(optional\)\s*$/i.test(match[1])) items.push(match[1]);
  }
  return items;
}
