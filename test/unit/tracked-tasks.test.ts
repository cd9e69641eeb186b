import { describe, expect, it } from "vitest";
import { addTrackedTasks } from "../../src/action-items/tracked-tasks.js";

const START = "<!-- postmortem-bot:tracked {} -->";
const SECTION = `## Lessons learned\n\n- Size pools from load tests.\n\n### Tracked action items\n\n${START}\n`;

describe("addTrackedTasks", () => {
  it.each<[string, string, string[], string]>([
    [
      "first items: a section at the end",
      "## Lessons learned\n\nText.\n\n",
      ["#5", "#6"],
      `## Lessons learned\n\nText.\n\n### Tracked action items\n\n${START}\n- [ ] #5\n- [ ] #6\n`,
    ],
    ["more items: added under the marker", `${SECTION}- [ ] #5\n`, ["#6"], `${SECTION}- [ ] #6\n- [ ] #5\n`],
    ["all listed: the body is unchanged", `${SECTION}- [ ] #5\n- [x] #6\n`, ["#5", "#6"], `${SECTION}- [ ] #5\n- [x] #6\n`],
    ["ticked with a capital X", `${SECTION}- [X] #5\n`, ["#5"], `${SECTION}- [X] #5\n`],
    ["written with * or +", `${SECTION}* [ ] #5\n+ [x] #6\n`, ["#5", "#6"], `${SECTION}* [ ] #5\n+ [x] #6\n`],
    ["numbered", `${SECTION}1. [ ] #5\n2) [x] #6\n`, ["#5", "#6"], `${SECTION}1. [ ] #5\n2) [x] #6\n`],
    ["followed by a note", `${SECTION}- [x] #5 done in the pool PR\n`, ["#5"], `${SECTION}- [x] #5 done in the pool PR\n`],
    ["the last line without a newline", `${SECTION}- [ ] #5`, ["#5"], `${SECTION}- [ ] #5`],
    ["moved elsewhere in the body", `## Follow-up\n\n- [ ] #5\n\n${SECTION}`, ["#5"], `## Follow-up\n\n- [ ] #5\n\n${SECTION}`],
    ["another repository's item, any case", `${SECTION}- [ ] Acme/Ops#5\n`, ["acme/ops#5"], `${SECTION}- [ ] Acme/Ops#5\n`],
    ["#5 does not hide #50", `${SECTION}- [ ] #50\n`, ["#5"], `${SECTION}- [ ] #5\n- [ ] #50\n`],
    ["named in a code block only: added", `${"```"}\n- [ ] #5\n${"```"}\n\n${SECTION}`, ["#5"], `${"```"}\n- [ ] #5\n${"```"}\n\n${SECTION}- [ ] #5\n`],
    ["named in prose only: added", `See #5.\n\n${SECTION}`, ["#5"], `See #5.\n\n${SECTION}- [ ] #5\n`],
    ["the marker as the body's last line", `Text\n\n${START}`, ["#5"], `Text\n\n${START}\n- [ ] #5\n`],
    ["nothing to add", "Body", [], "Body"],
  ])("%s", (_name, body, mentions, expected) => {
    expect(addTrackedTasks(body, mentions)).toBe(expected);
  });

  it("adding what was just added changes nothing", () => {
    const once = addTrackedTasks("Body", ["#5", "acme/ops#6"]);
    expect(addTrackedTasks(once, ["#5", "acme/ops#6"])).toBe(once);
  });
});
