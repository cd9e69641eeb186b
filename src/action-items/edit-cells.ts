import { COLUMNS, type ActionTable, type ColumnName, type TableRow } from "./action-table.js";

export interface CellEdit {
  row: TableRow;
  column: ColumnName;
  value: string;
}

/** A value as a table cell holds it: one line, every pipe escaped once (an escaped one stays escaped). */
export function cellText(value: string): string {
  return value
    .replace(/\r?\n|\r/g, " ")
    .replace(/\\?\|/g, "\\|")
    .trim();
}

/**
 * Writes values into cells by replacing only their source ranges, so every other character of
 * the body (a person's wording, spacing, other sections) stays exactly as it was. A row shorter
 * than the table gets the missing cells appended.
 */
export function editCells(markdown: string, table: ActionTable, edits: readonly CellEdit[]): string {
  const splices: { start: number; end: number; text: string }[] = [];
  const appended = new Map<TableRow, Map<number, string>>();
  // Two edits of one cell: the last wins, so no two splices ever overlap.
  const lastEdits = new Map<string, CellEdit>();
  for (const edit of edits) lastEdits.set(`${edit.row.position}:${edit.column}`, edit);
  for (const edit of lastEdits.values()) {
    const index = table.columns[edit.column];
    if (index === undefined) continue;
    const cell = edit.row.cells[edit.column];
    if (cell) splices.push({ start: cell.start, end: cell.end, text: ` ${cellText(edit.value)} ` });
    else {
      const values = appended.get(edit.row) ?? new Map<number, string>();
      values.set(index, cellText(edit.value));
      appended.set(edit.row, values);
    }
  }
  for (const [row, values] of appended) {
    const last = Math.max(...values.keys());
    let text = row.closed ? "" : " |";
    for (let index = row.cellCount; index <= last; index++) text += ` ${values.get(index) ?? ""} |`;
    splices.push({ start: row.end, end: row.end, text });
  }
  splices.sort((a, b) => b.start - a.start);
  let result = markdown;
  for (const splice of splices) result = result.slice(0, splice.start) + splice.text + result.slice(splice.end);
  return result;
}

/** A new row at the end of the table, cells in the table's own column order. */
export function appendRow(markdown: string, table: ActionTable, values: Partial<Record<ColumnName, string>>): string {
  const cells: string[] = Array.from({ length: table.columnCount }, () => "");
  for (const name of COLUMNS) {
    const index = table.columns[name];
    if (index !== undefined && values[name] !== undefined) cells[index] = cellText(values[name]!);
  }
  const row = `| ${cells.join(" | ")} |`;
  return `${markdown.slice(0, table.end)}\n${row}${markdown.slice(table.end)}`;
}
