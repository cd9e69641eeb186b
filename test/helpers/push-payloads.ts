import { createRequire } from "node:module";
import { OWNER, REPO } from "./webhook-payloads.js";

/**
 * `push` and `pull_request.closed` payloads built from GitHub's published examples
 * (@octokit/webhooks-examples): what tells the app that `.github/postmortem.yml` may have changed.
 */
interface ExampleGroup {
  name: string;
  examples: Record<string, any>[];
}
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as ExampleGroup[];

/** GitHub's published push to the default branch, with one commit touching the given files. */
export function pushEvent(shape: {
  repo?: string;
  ref?: string;
  forced?: boolean;
  commits?: number;
  added?: string[];
  modified?: string[];
  removed?: string[];
}): Record<string, any> {
  const payload = structuredClone(examples.find((group) => group.name === "push")!.examples.find((each) => each.ref === "refs/heads/master" && each.commits.length > 0)!);
  payload.ref = shape.ref ?? `refs/heads/${payload.repository.default_branch}`;
  payload.forced = shape.forced ?? false;
  payload.repository.name = shape.repo ?? REPO;
  payload.repository.full_name = `${OWNER}/${payload.repository.name}`;
  const commit = { ...payload.commits[0], added: shape.added ?? [], modified: shape.modified ?? [], removed: shape.removed ?? [] };
  payload.commits = Array.from({ length: shape.commits ?? 1 }, () => commit);
  payload.installation = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  return payload;
}

export function pullRequestClosed(shape: { merged: boolean; base?: string }): Record<string, any> {
  const payload = structuredClone(examples.find((group) => group.name === "pull_request")!.examples.find((each) => each.action === "closed")!);
  payload.pull_request.merged = shape.merged;
  payload.pull_request.base.ref = shape.base ?? payload.repository.default_branch;
  payload.repository.name = REPO;
  payload.installation = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  return payload;
}
