/**
 * Text copied from users into bodies the app writes. `@` gets a zero-width joiner so copied
 * mentions never ping; `<`, `>` become entities so no HTML or marker can be injected; `|` is
 * escaped so a table cell stays one cell; line breaks become spaces in inline places.
 */
export function escapeInline(text: string): string {
  return text
    .replace(/\r?\n|\r/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/@/g, "@\u200d")
    .trim();
}

/** A GitHub login as a mention. Logins are [A-Za-z0-9-] (bots add `[bot]`), so nothing else can slip in. */
export function mention(login: string): string {
  return /^[A-Za-z0-9-]+$/.test(login) ? `@${login}` : escapeInline(login);
}
