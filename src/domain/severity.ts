import type { PostmortemConfig, SeverityLevel } from "../config/schema.js";

export function severityForLabel(config: Pick<PostmortemConfig, "severities">, label: string | undefined): SeverityLevel | undefined {
  if (!label) return undefined;
  return config.severities.find((level) => level.label.toLowerCase() === label.toLowerCase());
}

/**
 * The incident's severity from the labels it carries now. With several severity labels (half-way
 * through a flip from one to another) the most severe wins: a function of the labels alone, so the
 * order in which label events arrive, or a stale one replayed, cannot change it.
 */
export function currentSeverity(config: Pick<PostmortemConfig, "severities">, labels: readonly string[]): SeverityLevel | undefined {
  return config.severities.find((level) => labels.some((label) => label.toLowerCase() === level.label.toLowerCase()));
}
