/** A duration for people: `40 min`, `1 h 20 min`, `2 h`, then `3 d 4 h` from two days on; `–` when unknown. */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return "–";
  const rounded = Math.round(minutes);
  if (rounded < 60) return `${rounded} min`;
  const hours = Math.floor(rounded / 60);
  if (hours < 48) return `${hours} h${rounded % 60 ? ` ${rounded % 60} min` : ""}`;
  return `${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ""}`;
}
