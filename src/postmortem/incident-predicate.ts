import type { PostmortemConfig } from "../config/schema.js";
import { serviceLabels } from "../domain/labels.js";
import { severityForLabel } from "../domain/severity.js";

/**
 * Whether an issue event can change what should be true of an incident (controller-runtime calls
 * this a predicate): a severity or service label added or removed, or an incident (by the labels
 * the event carried) closed, reopened or reassigned. Anything else costs no read: if the issue
 * becomes an incident later, that change comes with its own event, and the sweep catches up.
 */
export function mayConcernIncident(
  event: { action: string; label?: string | undefined; labels: readonly string[] },
  config: Pick<PostmortemConfig, "severities" | "servicePrefixes">,
): boolean {
  const carriesSeverity = event.labels.some((label) => severityForLabel(config, label) !== undefined);
  if (event.action === "labeled" || event.action === "unlabeled") {
    const label = event.label ?? "";
    return severityForLabel(config, label) !== undefined || (carriesSeverity && serviceLabels([label], config).length > 0);
  }
  return carriesSeverity;
}
