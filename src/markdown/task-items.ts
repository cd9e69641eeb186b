import type { Nodes } from "mdast";
import { toString as plainText } from "mdast-util-to-string";
import { parseMarkdown } from "./parse.js";

/** A GFM task list item: a checkbox GitHub renders, ticked or not. */
export interface TaskItem {
  checked: boolean;
  /** The text of the item's own paragraph (nested items aside), markdown removed, spaces folded. */
  text: string;
}

/**
 * Every task list item of a text, in order, nested ones included: bulleted or numbered, in a
 * quote or not. A `- [ ]` inside a code block or raw HTML is not one, since GitHub shows no
 * checkbox for it.
 */
export function taskItems(markdown: string): TaskItem[] {
  const items: TaskItem[] = [];
  const visit = (node: Nodes): void => {
    if (node.type === "listItem" && typeof node.checked === "boolean") {
      const [first] = node.children;
      const text = first?.type === "paragraph" ? plainText(first).replace(/\s+/g, " ").trim() : "";
      items.push({ checked: node.checked, text });
    }
    if ("children" in node) for (const child of node.children) visit(child);
  };
  visit(parseMarkdown(markdown));
  return items;
}
