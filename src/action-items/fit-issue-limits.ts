import { GITHUB_LIMITS } from "../support/github-limits.js";
import type { Linking } from "./messages.js";

/**
 * GitHub refuses an issue with more than 10 assignees: the first 10 owners are assigned, the rest
 * named in the body like owners GitHub cannot assign.
 */
export function fitAssignees(owners: readonly string[]): { assigned: string[]; named: string[] } {
  return { assigned: owners.slice(0, GITHUB_LIMITS.assigneesPerIssue), named: owners.slice(GITHUB_LIMITS.assigneesPerIssue) };
}

/**
 * GitHub refuses an issue with more than 100 labels: the app's own labels first, then as many of
 * the copied service labels as fit (each once, GitHub's names being case-insensitive); the rest
 * are returned to be named.
 */
export function fitLabels(own: readonly string[], copied: readonly string[]): { labels: string[]; uncopied: string[] } {
  const labels: string[] = [];
  const uncopied: string[] = [];
  const seen = new Set<string>();
  for (const [index, label] of [...own, ...copied].entries()) {
    if (seen.has(label.toLowerCase())) continue;
    seen.add(label.toLowerCase());
    if (labels.length < GITHUB_LIMITS.labelsPerIssue) labels.push(label);
    else if (index >= own.length) uncopied.push(label);
  }
  return { labels, uncopied };
}

/** The filing's linking after one more answer of `addSubIssue`: the first refusal decides the task list and its reason. */
export function nextLinking(current: Linking | null, answer: "linked" | "unavailable" | "full"): Linking {
  if (current?.as === "task list") return current;
  return answer === "linked" ? { as: "sub-issues" } : { as: "task list", because: answer };
}
