import { createRequire } from "node:module";

/**
 * Webhook payloads built from GitHub's published examples (@octokit/webhooks-examples), changed
 * only where a test needs it. The examples have no `issues.closed`: it is the `labeled` example
 * with the action and state GitHub sends on closing.
 */
interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as ExampleGroup[];

function example(name: string, action: string): Record<string, any> {
  const found = examples.find((group) => group.name === name)?.examples.find((payload) => payload.action === action);
  if (!found) throw new Error(`no ${name}.${action} example`);
  return structuredClone(found) as Record<string, any>;
}

export const OWNER = "Codertocat";
export const REPO = "Hello-World";

export interface IssueShape {
  number?: number;
  title?: string;
  body?: string | null;
  labels?: string[];
  assignees?: string[];
  createdAt?: string;
  closedAt?: string | null;
  repo?: string;
  private?: boolean;
  /** "Bot" for issues an app opened. */
  authorType?: "User" | "Bot";
}

function applyIssue(payload: Record<string, any>, shape: IssueShape): Record<string, any> {
  const repo = shape.repo ?? REPO;
  const number = shape.number ?? 1;
  const issue = payload.issue;
  issue.number = number;
  issue.id = 1_000_000 + number;
  issue.title = shape.title ?? "Checkout API returns 500 for all users";
  issue.body = shape.body === undefined ? "Customers cannot pay." : shape.body;
  issue.labels = (shape.labels ?? []).map((name, index) => ({ id: 100 + index, node_id: `L${index}`, url: "", name, color: "d73a4a", default: false, description: null }));
  const assignees = (shape.assignees ?? []).map((login, index) => ({ ...issue.user, login, id: 500 + index }));
  issue.assignees = assignees;
  issue.assignee = assignees[0] ?? null;
  issue.created_at = shape.createdAt ?? "2026-11-23T09:00:00Z";
  issue.closed_at = shape.closedAt ?? null;
  issue.state = shape.closedAt ? "closed" : "open";
  issue.user = { ...issue.user, type: shape.authorType ?? "User", login: shape.authorType === "Bot" ? "postmortem-bot[bot]" : issue.user.login };
  issue.html_url = `https://github.com/${OWNER}/${repo}/issues/${number}`;
  issue.url = `https://api.github.com/repos/${OWNER}/${repo}/issues/${number}`;
  payload.repository.name = repo;
  payload.repository.full_name = `${OWNER}/${repo}`;
  payload.repository.private = shape.private ?? false;
  payload.repository.id = repo === REPO ? 186853002 : 186853003;
  payload.installation = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  return payload;
}

export function issueLabeled(label: string, shape: IssueShape = {}): Record<string, any> {
  const payload = applyIssue(example("issues", "labeled"), { ...shape, labels: shape.labels ?? [label] });
  payload.label = { ...payload.label, name: label };
  return payload;
}

export function issueUnlabeled(label: string, shape: IssueShape = {}): Record<string, any> {
  const payload = applyIssue(example("issues", "unlabeled"), shape);
  payload.label = { ...(payload.label ?? {}), name: label };
  return payload;
}

export function issueClosed(shape: IssueShape & { closedAt: string }): Record<string, any> {
  const payload = applyIssue(example("issues", "labeled"), shape);
  payload.action = "closed";
  delete payload.label;
  payload.issue.state_reason = "completed";
  return payload;
}

export function issueReopened(shape: IssueShape = {}): Record<string, any> {
  const payload = applyIssue(example("issues", "reopened"), { ...shape, closedAt: null });
  return payload;
}

export function commentCreated(body: string, shape: IssueShape & { login?: string; userType?: "User" | "Bot"; commentId?: number } = {}): Record<string, any> {
  const payload = applyIssue(example("issue_comment", "created"), shape);
  delete payload.issue.pull_request;
  payload.comment.id = shape.commentId ?? 9001;
  payload.comment.body = body;
  payload.comment.user = { ...payload.comment.user, login: shape.login ?? "alice", type: shape.userType ?? "User" };
  return payload;
}

export function issueEdited(previousBody: string, shape: IssueShape & { senderType?: "User" | "Bot" } = {}): Record<string, any> {
  const payload = applyIssue(example("issues", "edited"), shape);
  payload.changes = { body: { from: previousBody } };
  payload.sender = { ...payload.sender, login: shape.senderType === "Bot" ? "postmortem-bot[bot]" : "dana", type: shape.senderType ?? "User" };
  return payload;
}

/** An action-item event (`closed`, `reopened`, `labeled`, `assigned`…) as a person causes it. */
export function actionItemEvent(
  action: "closed" | "reopened" | "labeled" | "unlabeled" | "assigned" | "unassigned",
  shape: IssueShape & { label?: string; stateReason?: "completed" | "not_planned" },
): Record<string, any> {
  const payload = applyIssue(example("issues", "labeled"), { authorType: "Bot", ...shape });
  payload.action = action;
  payload.sender = { ...payload.sender, login: "dana", type: "User" };
  if (action === "labeled" || action === "unlabeled") payload.label = { ...payload.label, name: shape.label };
  else delete payload.label;
  if (action === "closed") payload.issue.state_reason = shape.stateReason ?? "completed";
  if (action === "reopened") payload.issue.state_reason = "reopened";
  return payload;
}
