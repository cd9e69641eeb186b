import { taskItems } from "../markdown/task-items.js";
import { marker } from "./markers.js";
import { fitBody } from "./render-template.js";

export function renderChecklistComment(checklist: string): string {
  return fitBody(`${marker("checklist")}\n${checklist.trim()}\n`);
}

/**
 * Required items still unticked in the checklist comment: its GFM task list items, numbered,
 * nested or quoted ones too, but never a `- [ ]` inside a code block. Every item is required
 * unless its text ends with "(optional)".
 */
export function uncheckedRequiredItems(commentBody: string): string[] {
  return taskItems(commentBody)
    .filter((item) => !item.checked && item.text !== "" && !/\(optional\)$/i.test(item.text))
    .map((item) => item.text);
}
