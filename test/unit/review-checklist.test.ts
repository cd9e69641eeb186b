import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hasMarker } from "../../src/domain/markers.js";
import { renderChecklistComment, uncheckedRequiredItems } from "../../src/domain/review-checklist.js";
import { taskItems } from "../../src/markdown/task-items.js";

const FENCE = "```";

describe("uncheckedRequiredItems", () => {
  it.each<[string, string, string[]]>([
    ["all unticked", "- [ ] Timeline\n- [ ] Root cause", ["Timeline", "Root cause"]],
    ["ticked [x] and [X] are done", "- [x] Timeline\n- [X] Root cause\n- [ ] Impact", ["Impact"]],
    ["* and + bullets", "* [ ] Star\n+ [ ] Plus\n- [ ] Dash", ["Star", "Plus", "Dash"]],
    ["numbered items, . and )", "1. [ ] First\n2. [x] Second\n3. [ ] Third\n\n1) [ ] Paren", ["First", "Third", "Paren"]],
    ["nested items, under a ticked parent too", "- [x] Parent\n  - [ ] Child\n    1. [ ] Grandchild\n- [ ] Next", ["Child", "Grandchild", "Next"]],
    ["an item's own text, not its nested list's", "- [ ] Outer\n  - [x] Inner", ["Outer"]],
    ["indented up to three spaces", "  - [ ] Two\n   - [ ] Three", ["Two", "Three"]],
    ["quoted items render as checkboxes too", "> - [ ] Quoted", ["Quoted"]],
    ["(optional) items are not required", "- [ ] Metrics (optional)\n- [ ] Metrics (Optional)  \n- [ ] Docs", ["Docs"]],
    ["(optional) in emphasis still ends the text", "- [ ] **Metrics** _(optional)_\n- [ ] Docs", ["Docs"]],
    ["(optional) must end the text", "- [ ] (optional) first\n- [ ] not (optional) yet, really", ["(optional) first", "not (optional) yet, really"]],
    ["surrounding spaces trimmed", "-   [ ]   Spaced out   ", ["Spaced out"]],
    ["markdown removed, lines folded", "- [ ] Root **cause** `agreed`\n  with [the team](https://example.com)", ["Root cause agreed with the team"]],
    ["CRLF line endings", "- [ ] One\r\n- [ ] Two\r\n", ["One", "Two"]],
    ["in a fenced code block: not an item", `${FENCE}md\n- [ ] Example\n${FENCE}\n- [ ] Real`, ["Real"]],
    ["in a tilde fence: not an item", "~~~\n- [ ] Example\n~~~", []],
    ["in an indented code block: not an item", "Text\n\n    - [ ] Example\n\n- [ ] Real", ["Real"]],
    ["a tab indent is code: not an item", "\t* [ ] Tabbed", []],
    ["in an HTML comment: not an item", "<!--\n- [ ] Hidden\n-->\n- [ ] Shown", ["Shown"]],
    ["in raw HTML: not an item", "<div>\n- [ ] Raw\n</div>\n\n- [ ] Shown", ["Shown"]],
    ["markdown inside <details> after a blank line is an item", "<details>\n\n- [ ] Inside\n\n</details>", ["Inside"]],
    ["not task items", "- [] Empty box\n-[ ] No space\n- [ ]\n- [ ] \n- Plain item\nText - [ ] inline\n- [-] Dash\n- [y] Letter", []],
    ["heading and prose around", "### Checklist\n\nTick them.\n\n- [ ] Only one\n\nThanks.", ["Only one"]],
    ["empty", "", []],
  ])("%s", (_name, body, expected) => {
    expect(uncheckedRequiredItems(body)).toEqual(expected);
  });

  it("the checklist comment carries its marker, the trimmed list, and its items all read back", () => {
    const comment = renderChecklistComment("\n\n### Review\n\n- [ ] One\n- [ ] Two (optional)\n\n");
    expect(comment).toBe("<!-- postmortem-bot:checklist {} -->\n### Review\n\n- [ ] One\n- [ ] Two (optional)\n");
    expect(hasMarker(comment, "checklist")).toBe(true);
    expect(uncheckedRequiredItems(comment)).toEqual(["One"]);
  });

  it("the shipped checklist has eleven required items, and none once all are ticked", () => {
    const comment = renderChecklistComment(readFileSync(new URL("../../templates/review-checklist.md", import.meta.url), "utf8"));
    const items = uncheckedRequiredItems(comment);
    expect(items).toHaveLength(11);
    expect(items[0]).toBe("Timeline reconstructed and verified");
    expect(uncheckedRequiredItems(comment.replaceAll("- [ ]", "- [x]"))).toEqual([]);
  });
});

describe("taskItems", () => {
  it.each<[string, string, { checked: boolean; text: string }[]]>([
    [
      "ticked and not, in order",
      "- [x] a\n- [ ] b\n- [X] c",
      [
        { checked: true, text: "a" },
        { checked: false, text: "b" },
        { checked: true, text: "c" },
      ],
    ],
    [
      "nested after their parent",
      "1. [ ] a\n   - [x] b",
      [
        { checked: false, text: "a" },
        { checked: true, text: "b" },
      ],
    ],
    ["plain list items are not tasks", "- a\n- b", []],
    [
      "an issue reference keeps its text",
      "- [ ] #43\n- [x] acme/ops#7 fixed",
      [
        { checked: false, text: "#43" },
        { checked: true, text: "acme/ops#7 fixed" },
      ],
    ],
  ])("%s", (_name, markdown, expected) => {
    expect(taskItems(markdown)).toEqual(expected);
  });
});
