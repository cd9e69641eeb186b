import { marker } from "../domain/markers.js";
import { taskItems } from "../markdown/task-items.js";

const START = marker("tracked");

/**
 * Where GitHub has no sub-issues API, the action items are linked from the postmortem as a task
 * list at its end, which GitHub renders with each issue's state. An issue already listed as a
 * task anywhere in the body (`- [x]`, `* [X]`, `1. [ ]`, followed by a note or not) is not added
 * again; one that is only named inside a code block is.
 */
export function addTrackedTasks(body: string, mentions: readonly string[]): string {
  const listed = new Set(taskItems(body).map((item) => item.text.split(" ")[0]!.toLowerCase()));
  const missing = mentions.filter((mention) => !listed.has(mention.toLowerCase()));
  if (missing.length === 0) return body;
  const tasks = missing.map((mention) => `- [ ] ${mention}\n`).join("");
  const at = body.indexOf(START);
  if (at >= 0) {
    const lineEnd = body.indexOf("\n", at);
    if (lineEnd < 0) return `${body}\n${tasks}`;
    return body.slice(0, lineEnd + 1) + tasks + body.slice(lineEnd + 1);
  }
  return `${body.trimEnd()}\n\n### Tracked action items\n\n${START}\n${tasks}`;
}
