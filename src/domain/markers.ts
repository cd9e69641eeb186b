/**
 * Hidden markers: HTML comments the app writes into bodies it owns, so that GitHub itself holds
 * the links and state (`<!-- postmortem-bot:link {"postmortem":"o/r#2"} -->`).
 * The JSON is written with `<`, `>` and `&` escaped, so no value can close the comment early.
 */
const PREFIX = "postmortem-bot";

export type MarkerKind =
  | "postmortem"
  | "link"
  | "optional"
  | "checklist"
  | "checklist-incomplete"
  | "config-error"
  | "reply"
  | "summary:start"
  | "summary:end"
  | "action-item:start"
  | "action-item:end"
  | "action-items-filed"
  | "unlisted"
  | "all-closed"
  | "reminder"
  | "unowned"
  | "tracked"
  | "digest"
  | "regression"
  | "recurrence"
  | "attempt"
  | "privacy-refusal";

/** A region of a body the app owns and rewrites whole: its data rides on the start marker. */
export type BlockKind = "summary" | "action-item";

export function marker(kind: MarkerKind, data: Record<string, unknown> = {}): string {
  const json = JSON.stringify(data).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
  return `<!-- ${PREFIX}:${kind} ${json} -->`;
}

/** The data of the first marker of a kind in a text, or undefined when there is none or it is not valid JSON. */
export function readMarker(text: string | null | undefined, kind: MarkerKind): Record<string, unknown> | undefined {
  if (!text) return undefined;
  const pattern = new RegExp(`<!-- ${PREFIX}:${escapeRegExp(kind)} (\\{.*?\\}) -->`);
  const match = pattern.exec(text);
  if (!match?.[1]) return undefined;
  try {
    const data: unknown = JSON.parse(match[1]);
    return typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function hasMarker(text: string | null | undefined, kind: MarkerKind): boolean {
  return readMarker(text, kind) !== undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function block(kind: BlockKind, data: Record<string, unknown>, content: string): string {
  return `${marker(`${kind}:start`, data)}\n${content}\n${marker(`${kind}:end`)}`;
}

export function readBlockData(text: string | null | undefined, kind: BlockKind): Record<string, unknown> | undefined {
  return readMarker(text, `${kind}:start`);
}

/** Replaces a block, or puts it on top of the body when a person deleted it. */
export function replaceBlock(body: string, kind: BlockKind, replacement: string): string {
  const pattern = new RegExp(`<!-- ${PREFIX}:${kind}:start [^\\n]*?-->[\\s\\S]*?<!-- ${PREFIX}:${kind}:end \\{\\} -->`);
  if (pattern.test(body)) return body.replace(pattern, () => replacement);
  return `${replacement}\n\n${body}`;
}
