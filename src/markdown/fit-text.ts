/**
 * Cuts a text to a GitHub limit at a line boundary and says so in `note`, so nothing is cut
 * silently: the one cut for issue bodies, comments and check-run summaries.
 */
export function fitText(text: string, limit: number, note: string): string {
  if (text.length <= limit) return text;
  const room = limit - note.length;
  const cut = text.lastIndexOf("\n", room);
  return `${text.slice(0, cut > 0 ? cut : room)}${note}`;
}
