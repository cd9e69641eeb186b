import type { Heading, Table, TableCell } from "mdast";
import { toString as plainText } from "mdast-util-to-string";
import { parseMarkdown } from "../markdown/parse.js";

/** Columns of the action items table, matched by name in any order and case. */
export const COLUMNS = ["action", "type", "owner", "priority", "due", "issue", "status"] as const;
export type ColumnName = (typeof COLUMNS)[number];

export interface CellSource {
  /** The cell's text as a reader sees it (markdown removed, `\|` unescaped). */
  text: string;
  /** Offsets of the cell's content between its pipes, spaces included: what an edit replaces. */
  start: number;
  end: number;
}

export interface TableRow {
  /** 1-based position among the table's body rows. */
  position: number;
  cells: Partial<Record<ColumnName, CellSource>>;
  /** Offset just after the row's last character (where missing cells are appended). */
  end: number;
  /** Number of cells the row has in the source. */
  cellCount: number;
  /** Whether the row's source ends with a closing pipe. */
  closed: boolean;
  /** A template's example row: its Action cell is only emphasis (`_Describe…_`) or `[bracketed]`. */
  placeholder: boolean;
}

export interface ActionTable {
  /** Column name → index, for the columns present. */
  columns: Partial<Record<ColumnName, number>>;
  columnCount: number;
  rows: TableRow[];
  /** Offset just after the table's last row, where new rows go. */
  end: number;
}

/**
 * The postmortem's action items table: a table whose header has an Action and an Issue column.
 * One under an "Action items" heading wins over any other; tables in other sections (the
 * timeline, approvals) never match because their headers differ.
 */
export function findActionTable(markdown: string): ActionTable | undefined {
  const tree = parseMarkdown(markdown);
  let heading = "";
  let fallback: ActionTable | undefined;
  for (const node of tree.children) {
    if (node.type === "heading") heading = plainText(node as Heading);
    if (node.type !== "table") continue;
    const table = readTable(markdown, node);
    if (!table) continue;
    if (/action items?/i.test(heading)) return table;
    fallback ??= table;
  }
  return fallback;
}

function readTable(markdown: string, table: Table): ActionTable | undefined {
  const [header, ...body] = table.children;
  if (!header) return undefined;
  const columns: Partial<Record<ColumnName, number>> = {};
  header.children.forEach((cell, index) => {
    const name = plainText(cell)
      .trim()
      .toLowerCase()
      .replace(/\s+date$/, "") as ColumnName;
    if ((COLUMNS as readonly string[]).includes(name) && columns[name] === undefined) columns[name] = index;
  });
  if (columns.action === undefined || columns.issue === undefined) return undefined;

  const rows = body.map((row, rowIndex): TableRow => {
    const cells: Partial<Record<ColumnName, CellSource>> = {};
    for (const [name, index] of Object.entries(columns) as [ColumnName, number][]) {
      const cell = row.children[index];
      if (cell) cells[name] = cellSource(markdown, cell);
    }
    const end = trimEnd(markdown, row.position!.start.offset!, row.position!.end.offset!);
    const actionCell = row.children[columns.action!];
    return {
      position: rowIndex + 1,
      cells,
      end,
      cellCount: row.children.length,
      closed: isPipe(markdown, end - 1),
      placeholder: actionCell !== undefined && isPlaceholder(actionCell),
    };
  });
  return { columns, columnCount: header.children.length, rows, end: table.position!.end.offset! };
}

function isPlaceholder(cell: TableCell): boolean {
  const content = cell.children.filter((child) => !(child.type === "text" && child.value.trim() === ""));
  if (content.length === 1 && content[0]!.type === "emphasis") return true;
  return /^\[.*\]$/.test(plainText(cell).trim());
}

function cellSource(markdown: string, cell: TableCell): CellSource {
  let start = cell.position!.start.offset!;
  let end = trimEnd(markdown, start, cell.position!.end.offset!);
  // mdast's cell range includes its leading pipe, and the closing pipe on the last cell.
  if (isPipe(markdown, start)) start += 1;
  if (end > start && isPipe(markdown, end - 1)) end -= 1;
  return { text: plainText(cell).trim(), start, end };
}

/** The end of a row or cell without the spaces a person left after its closing pipe. */
function trimEnd(markdown: string, start: number, end: number): number {
  let trimmed = end;
  while (trimmed > start && (markdown[trimmed - 1] === " " || markdown[trimmed - 1] === "\t")) trimmed--;
  // Only spaces after a closing pipe are trailing; those after the opening pipe are a cell's content.
  return trimmed - 1 > start && isPipe(markdown, trimmed - 1) ? trimmed : end;
}

/** A cell separator: a `|` not escaped by an odd number of backslashes. */
function isPipe(markdown: string, index: number): boolean {
  if (markdown[index] !== "|") return false;
  let backslashes = 0;
  for (let at = index - 1; at >= 0 && markdown[at] === "\\"; at--) backslashes++;
  return backslashes % 2 === 0;
}
