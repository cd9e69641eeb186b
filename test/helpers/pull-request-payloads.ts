import { createRequire } from "node:module";
import { OWNER, REPO } from "./webhook-payloads.js";

/**
 * `pull_request` webhook payloads built from GitHub's published examples
 * (@octokit/webhooks-examples), changed only where a test needs it: the number, the head commit
 * and, for a pull request from a fork, the head repository.
 */
interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as ExampleGroup[];

function example(action: string): Record<string, any> {
  const found = examples.find((group) => group.name === "pull_request")?.examples.find((payload) => payload.action === action);
  if (!found) throw new Error(`no pull_request.${action} example`);
  return structuredClone(found) as Record<string, any>;
}

export const HEAD_SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
export const BEFORE_SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";

export interface PullRequestShape {
  number?: number;
  headSha?: string;
  /** The login of the fork's owner when the pull request comes from a fork. */
  forkOwner?: string;
  /** The fork was deleted since: GitHub sends `head.repo: null`. */
  headRepoDeleted?: boolean;
}

export function pullRequestEvent(action: "opened" | "synchronize" | "reopened", shape: PullRequestShape = {}): Record<string, any> {
  const payload = example(action);
  const number = shape.number ?? 2;
  const headSha = shape.headSha ?? HEAD_SHA;
  const pullRequest = payload.pull_request;
  payload.number = number;
  pullRequest.number = number;
  pullRequest.url = `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${number}`;
  pullRequest.html_url = `https://github.com/${OWNER}/${REPO}/pull/${number}`;
  pullRequest.head.sha = headSha;
  if (action === "synchronize") {
    payload.before = BEFORE_SHA;
    payload.after = headSha;
  }
  if (shape.forkOwner) {
    const fork = pullRequest.head.repo;
    fork.id = 186853999;
    fork.name = REPO;
    fork.full_name = `${shape.forkOwner}/${REPO}`;
    fork.owner = { ...fork.owner, login: shape.forkOwner, id: 583231 };
    fork.fork = true;
    pullRequest.head.label = `${shape.forkOwner}:changes`;
    pullRequest.head.user = { ...pullRequest.head.user, login: shape.forkOwner, id: 583231 };
  }
  if (shape.headRepoDeleted) pullRequest.head.repo = null;
  payload.installation = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  return payload;
}

/** An entry of `GET /repos/{owner}/{repo}/pulls/{pull_number}/files`, with the fields GitHub always sends. */
export function changedFile(filename: string, status: "added" | "removed" | "modified" | "renamed" = "modified", previousFilename?: string) {
  return {
    sha: "bbcd538c8e72b8c175046e27cc8f907076331401",
    filename,
    status,
    additions: status === "removed" ? 0 : 3,
    deletions: status === "added" ? 0 : 1,
    changes: 4,
    blob_url: `https://github.com/${OWNER}/${REPO}/blob/${HEAD_SHA}/${filename}`,
    raw_url: `https://github.com/${OWNER}/${REPO}/raw/${HEAD_SHA}/${filename}`,
    contents_url: `https://api.github.com/repos/${OWNER}/${REPO}/contents/${filename}?ref=${HEAD_SHA}`,
    ...(previousFilename ? { previous_filename: previousFilename } : {}),
  };
}
