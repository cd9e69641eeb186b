/**
 * What GitHub refuses, in one place (sources in shared/GITHUB-FACTS.md and GitHub's REST
 * description, `@octokit/openapi`). Lengths are counted in UTF-16 code units (JS `length`).
 */
export const GITHUB_LIMITS = {
  /** Issue and comment bodies: longer ones are refused with 422 "body is too long (maximum is 65536 characters)". */
  bodyCharacters: 65_536,
  /** A check run's `output.summary` (and `output.text`): "Maximum length: 65535 characters". GitHub documents no limit on `output.title`. */
  checkRunSummaryCharacters: 65_535,
  /** Assignees on one issue (free-plan private repositories allow 1, answered with a 422 like any unassignable owner). */
  assigneesPerIssue: 10,
  labelsPerIssue: 100,
  /** Sub-issues under one parent, closed ones included. */
  subIssuesPerParent: 100,
} as const;
