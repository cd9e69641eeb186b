import { marker } from "../domain/markers.js";

const START = marker("tracked");

/**
 * Where GitHub has no sub-issues API, the action items are linked from the postmortem as a task
 * list at its end, which GitHub renders with each issue's state.
 */
export function addTrackedTasks(body: string, mentions: readonly string[]): string {
  const missing = mentions.filter((mention) => !body.includes(`- [ ] ${mention}\n`) && !body.includes(`- [x] ${mention}\n`));
  if (missing.length === 0) return body;
  const tasks = missing.map((mention) => `- [ ] ${mention}\n`).join("");
  const at = body.indexOf(START);
  if (at >= 0) {
    const insertAt = body.indexOf("\n", at) + 1;
    return body.slice(0, insertAt) + tasks + body.slice(insertAt);
  }
  return `${body.trimEnd()}\n\n### Tracked action items\n\n${START}\n${tasks}`;
}
