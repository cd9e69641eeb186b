/** A slash command on the first non-empty line of a comment: `/postmortem`, `/action text…`. */
export interface SlashCommand {
  name: string;
  argument: string;
}

export function parseSlashCommand(body: string | null | undefined): SlashCommand | undefined {
  const firstLine = (body ?? "")
    .split(/\r?\n/)
    .find((line) => line.trim() !== "")
    ?.trim();
  const match = firstLine ? /^\/([a-z][a-z-]*)(?:\s+(.*))?$/.exec(firstLine) : null;
  if (!match?.[1]) return undefined;
  return { name: match[1], argument: (match[2] ?? "").trim() };
}

/** Roles that may run commands; `read` and outside users may not. */
export const COMMAND_ROLES: ReadonlySet<string> = new Set(["admin", "maintain", "write", "triage"]);
