import type { PostmortemConfig } from "../config/schema.js";

/** The names of an issue's labels, as webhooks (objects) or lists (objects or strings) give them. */
export function labelNames(issue: { labels?: (string | { name?: string } | null)[] | null }): string[] {
  return (issue.labels ?? []).map((label) => (typeof label === "string" ? label : (label?.name ?? ""))).filter(Boolean);
}

/** Labels that name a service or component (`service:checkout`), by the configured prefixes. */
export function serviceLabels(labels: readonly string[], config: Pick<PostmortemConfig, "servicePrefixes">): string[] {
  return labels.filter((label) => config.servicePrefixes.some((prefix) => label.toLowerCase().startsWith(prefix.toLowerCase())));
}
