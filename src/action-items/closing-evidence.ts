import type { IssueRef } from "../domain/issue-ref.js";
import type { GitHubClient } from "../github/github-client.js";

/** What closed an action item, from its timeline: evidence of a change, or a hand. */
export type Closing =
  | { outcome: "implemented"; by: { kind: "pull-request"; ref: IssueRef } | { kind: "commit"; sha: string; url: string } }
  | { outcome: "done" }
  | { outcome: "dropped" };

interface TimelineNode {
  __typename: string;
  createdAt?: string;
  stateReason?: string | null;
  closer?: {
    __typename: string;
    number?: number;
    merged?: boolean;
    repository?: { nameWithOwner: string };
    abbreviatedOid?: string;
    url?: string;
  } | null;
}

interface TimelineAnswer {
  repository: { issue: { stateReason: string | null; timelineItems: { nodes: TimelineNode[] } } | null } | null;
}

export interface ClosingHistory {
  lastClosing: Closing | undefined;
  lastReopenedAt: string | undefined;
}

/** The last closing of an issue and when it was last reopened: one GraphQL request. */
export async function readClosingHistory(github: GitHubClient, issue: IssueRef): Promise<ClosingHistory> {
  const data = await github.graphql<TimelineAnswer>(
    `query($owner: String!, $repo: String!, $number: Int!) {
      repository(owner: $owner, name: $repo) {
        issue(number: $number) {
          stateReason
          timelineItems(itemTypes: [CLOSED_EVENT, REOPENED_EVENT], last: 10) {
            nodes {
              __typename
              ... on ClosedEvent { createdAt stateReason closer { __typename ... on PullRequest { number merged repository { nameWithOwner } } ... on Commit { abbreviatedOid url } } }
              ... on ReopenedEvent { createdAt }
            }
          }
        }
      }
    }`,
    { owner: issue.owner, repo: issue.repo, number: issue.number },
  );
  const nodes = data.repository?.issue?.timelineItems.nodes ?? [];
  const lastClosed = nodes.filter((node) => node.__typename === "ClosedEvent").at(-1);
  const lastReopened = nodes.filter((node) => node.__typename === "ReopenedEvent").at(-1);
  return { lastClosing: lastClosed ? closingOf(lastClosed) : undefined, lastReopenedAt: lastReopened?.createdAt };
}

/** Implemented when a merged pull request or a commit closed it; dropped when closed as not planned; else done. */
export function closingOf(event: TimelineNode): Closing {
  if (event.stateReason === "NOT_PLANNED") return { outcome: "dropped" };
  const closer = event.closer;
  if (closer?.__typename === "PullRequest" && closer.merged && closer.repository && closer.number) {
    const [owner, repo] = closer.repository.nameWithOwner.split("/") as [string, string];
    return { outcome: "implemented", by: { kind: "pull-request", ref: { owner, repo, number: closer.number } } };
  }
  if (closer?.__typename === "Commit" && closer.abbreviatedOid) {
    return { outcome: "implemented", by: { kind: "commit", sha: closer.abbreviatedOid, url: closer.url ?? "" } };
  }
  return { outcome: "done" };
}

/** The Status cell: `implemented (#12)`, `implemented (abc1234)`, `done`, `dropped`. */
export function closingStatus(closing: Closing, mention: (ref: IssueRef) => string): string {
  if (closing.outcome !== "implemented") return closing.outcome;
  return closing.by.kind === "pull-request" ? `implemented (${mention(closing.by.ref)})` : `implemented (${closing.by.sha})`;
}
