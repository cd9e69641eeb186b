/**
 * Hidden markers: HTML comments the app writes into bodies it owns, so that GitHub itself holds
 * the links and state (`<!-- postmortem-bot:link {"postmortem":"o/r#2"} -->`).
 * The JSON is written with `<`, `>` and `&` escaped, so no value can close the comment early.
 */
import { z } from "zod";

const PREFIX = "postmortem-bot";

const nothing = z.object({});
const refs = z.array(z.string()).readonly();

/**
 * What each kind of marker carries. The app reads a payload back only through these schemas
 * (`readMarkerData`): one that does not match, forged or of a shape no version wrote, is ignored,
 * never trusted. Keys a schema does not name are dropped, so a later version may add one.
 * A block's start marker carries the block's own record, whose schema lives beside it.
 */
const MARKER_PAYLOADS = {
  /** Not written by this version. */
  postmortem: nothing,
  /** On an incident: its postmortem, `owner/repo#number`. */
  link: z.object({ postmortem: z.string() }),
  optional: z.object({ severity: z.string() }),
  checklist: nothing,
  "checklist-incomplete": z.object({ closedAt: z.string() }),
  "config-error": z.object({ problems: z.number() }),
  /** The id of the comment a command reply answers. */
  reply: z.object({ to: z.number() }),
  "summary:end": nothing,
  "action-item:end": nothing,
  "action-items-filed": z.object({ items: refs }),
  unlisted: nothing,
  "all-closed": z.object({ reviewDue: z.string() }),
  /** Two reminders share the kind: an overdue review's `{ reviewDue, on }`, the effectiveness review's `{ effectivenessReview }`. */
  reminder: z.object({ reviewDue: z.string().optional(), on: z.string().optional(), effectivenessReview: z.string().optional() }),
  unowned: z.object({ items: refs }),
  tracked: nothing,
  digest: z.object({ kind: z.enum(["weekly", "monthly"]), period: z.string() }),
  regression: z.object({ item: z.string(), reopenedAt: z.string() }),
  recurrence: z.object({ incidents: refs, items: refs }),
  /** The creation attempt's own id: tells an issue this process created from a replica's identical one. */
  attempt: z.object({ id: z.string() }),
  "privacy-refusal": nothing,
} satisfies Record<string, z.ZodType<Record<string, unknown>>>;

/** A region of a body the app owns and rewrites whole: its data rides on the start marker. */
export type BlockKind = "summary" | "action-item";
/** A kind whose payload schema is above. */
export type PlainMarkerKind = keyof typeof MARKER_PAYLOADS;
export type MarkerKind = PlainMarkerKind | `${BlockKind}:start`;
export type MarkerData<K extends PlainMarkerKind> = z.output<(typeof MARKER_PAYLOADS)[K]>;

/** The registry seen per kind, so that a kind's reader is typed by its own schema. */
const SCHEMAS: { [K in PlainMarkerKind]: z.ZodType<MarkerData<K>> } = MARKER_PAYLOADS;

type MarkerInput<K extends MarkerKind> = K extends PlainMarkerKind ? z.input<(typeof MARKER_PAYLOADS)[K]> : Record<string, unknown>;

export function marker<K extends MarkerKind>(kind: K, ...[data]: Record<never, never> extends MarkerInput<K> ? [data?: MarkerInput<K>] : [data: MarkerInput<K>]): string {
  const json = JSON.stringify(data ?? {})
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026");
  return `<!-- ${PREFIX}:${kind} ${json} -->`;
}

/**
 * The raw JSON object of the first marker of a kind in a text, unchecked: undefined when there is
 * none or it is not a JSON object. The app reads payloads with `readMarkerData` or `readBlockData`.
 */
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

/** The payload of the first marker of a kind, checked against its schema; undefined when there is none or it does not match. */
export function readMarkerData<K extends PlainMarkerKind>(text: string | null | undefined, kind: K): MarkerData<K> | undefined {
  return parsed(SCHEMAS[kind], readMarker(text, kind));
}

/** Whether a text holds a marker of a kind, whatever its payload. */
export function hasMarker(text: string | null | undefined, kind: MarkerKind): boolean {
  return readMarker(text, kind) !== undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function block(kind: BlockKind, data: Record<string, unknown>, content: string): string {
  return `${marker(`${kind}:start`, data)}\n${content}\n${marker(`${kind}:end`)}`;
}

/** The record on a block's start marker, checked against the block's schema; undefined when there is none or it does not match. */
export function readBlockData<S extends z.ZodType>(text: string | null | undefined, kind: BlockKind, schema: S): z.output<S> | undefined {
  return parsed(schema, readMarker(text, `${kind}:start`));
}

function parsed<S extends z.ZodType>(schema: S, data: Record<string, unknown> | undefined): z.output<S> | undefined {
  if (data === undefined) return undefined;
  const result = schema.safeParse(data);
  return result.success ? result.data : undefined;
}

/** Replaces a block, or puts it on top of the body when a person deleted it. */
export function replaceBlock(body: string, kind: BlockKind, replacement: string): string {
  const pattern = new RegExp(`<!-- ${PREFIX}:${kind}:start [^\\n]*?-->[\\s\\S]*?<!-- ${PREFIX}:${kind}:end \\{\\} -->`);
  if (pattern.test(body)) return body.replace(pattern, () => replacement);
  return `${replacement}\n\n${body}`;
}
