/**
 * Of racing issues meant to be one (two replicas created the same postmortem, action item or
 * digest), the oldest is kept; every other closes as its duplicate.
 */
export function keptOfRace(created: number, all: readonly { number: number }[]): { kept: "ours" } | { kept: "theirs"; number: number } {
  const oldest = [...all].sort((a, b) => a.number - b.number)[0];
  return oldest && oldest.number < created ? { kept: "theirs", number: oldest.number } : { kept: "ours" };
}
