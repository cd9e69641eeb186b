import { findActionTable, type ColumnName } from "./action-table.js";
import { appendRow } from "./edit-cells.js";

/**
 * `/action <text> priority:P1 type:prevention owner:@login due:2026-12-24`: the row it adds to the
 * action items table. Options may stand anywhere; the rest is the action. Values are written as
 * given, so the table's own checks report a bad one like any row a person typed.
 */
export function actionCommandRow(argument: string): Partial<Record<ColumnName, string>> | undefined {
  const values: Partial<Record<ColumnName, string>> = {};
  const text = argument
    .replace(/(?:^|\s)(priority|type|owner|due):(\S+)/gi, (_whole, key: string, value: string) => {
      values[key.toLowerCase() as ColumnName] = value;
      return " ";
    })
    .replace(/\s+/g, " ")
    .trim();
  if (!text) return undefined;
  values.action = text;
  if (values.priority) values.priority = values.priority.toUpperCase();
  if (values.type) values.type = values.type.toLowerCase();
  return values;
}

const EMPTY_TABLE = "| Action | Type | Owner | Priority | Due | Issue | Status |\n|--------|------|-------|----------|-----|-------|--------|";

/** The body with the row added to its action items table; a body without one gets the section. */
export function addActionRow(body: string, values: Partial<Record<ColumnName, string>>): string {
  let withTable = body;
  let table = findActionTable(withTable);
  if (!table) {
    withTable = `${body.trimEnd()}\n\n## Action items\n\n${EMPTY_TABLE}\n`;
    table = findActionTable(withTable)!;
  }
  return appendRow(withTable, table, values);
}
