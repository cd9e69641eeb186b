import type { PostmortemConfig, SeverityLevel } from "../config/schema.js";

export function severityForLabel(config: PostmortemConfig, label: string | undefined): SeverityLevel | undefined {
  if (!label) return undefined;
  return config.severities.find((level) => level.label.toLowerCase() === label.toLowerCase());
}

/**
 * The incident's severity from its labels. When an issue carries several severity labels
 * (during a flip from one to another), the label just added wins, else the most severe.
 */
export function currentSeverity(
  config: PostmortemConfig,
  labels: readonly string[],
  justAdded?: string,
): SeverityLevel | undefined {
  const added = severityForLabel(config, justAdded);
  if (added && labels.some((label) => label.toLowerCase() === added.label.toLowerCase())) return added;
  return config.severities.find((level) => labels.some((label) => label.toLowerCase() === level.label.toLowerCase()));
}

