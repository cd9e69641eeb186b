import { appComments } from "../github/app-comments.js";
import { parseIssueRef, sameIssue, type IssueRef } from "../domain/issue-ref.js";
import { readMarkerData } from "../domain/markers.js";
import { readSummary } from "../domain/postmortem-summary.js";
import { writtenByApp, type GitHubClient, type IssueComment, type IssueRecord, type RepoRef } from "../github/github-client.js";

export type ListedPostmortem = IssueRecord & { ref: IssueRef };

/** The app's link comment on an incident, and the postmortem it names. */
export function findLinkComment(comments: readonly IssueComment[]): { comment: IssueComment; postmortem: IssueRef } | undefined {
  for (const comment of appComments(comments, "link")) {
    const postmortem = parseIssueRef(readMarkerData(comment.body, "link")?.postmortem);
    if (postmortem) return { comment, postmortem };
  }
  return undefined;
}

/** True when an issue is a postmortem the app opened for this incident (its own marker, written by the app). */
export function isPostmortemOf(issue: IssueRecord, incident: IssueRef): boolean {
  const summary = readSummary(issue.body);
  return writtenByApp(issue.user) && summary !== undefined && sameIssue(summary.incident, incident);
}

/**
 * Every postmortem of an incident, oldest first, read from the postmortem label's list since the
 * incident was opened: bounded by the incident, and consistent the moment an issue is created.
 */
export async function listPostmortemsOf(github: GitHubClient, repo: RepoRef, label: string, incident: IssueRef, incidentCreatedAt: string): Promise<ListedPostmortem[]> {
  const issues = await github.listLabelledIssuesSince(repo, label, incidentCreatedAt);
  return postmortemsOf(
    issues.map((issue) => ({ ...issue, ref: { ...repo, number: issue.number } })),
    incident,
  );
}

/** The incident's postmortems among listed issues, oldest first. */
export function postmortemsOf(issues: readonly ListedPostmortem[], incident: IssueRef): ListedPostmortem[] {
  return issues.filter((issue) => isPostmortemOf(issue, incident)).sort((a, b) => a.number - b.number);
}
