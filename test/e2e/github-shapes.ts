/**
 * GitHub's full answer objects for the stand-in: every property GitHub's REST description marks
 * required, filled the way GitHub fills them (API urls under the stand-in, html urls on
 * github.com), so that the stand-in's answers pass the answer check (github-limits.ts) and read
 * like GitHub's. The stand-in keeps its own smaller records; these only dress them for an answer.
 */

const HTML = "https://github.com";
const EPOCH = "2024-01-15T09:00:00Z";

export interface ShapeUser {
  login: string;
  id?: number;
  type: string;
}

export function userShape(api: string, user: ShapeUser) {
  const id = user.id ?? idOf(user.login);
  const url = `${api}/users/${encodeURIComponent(user.login)}`;
  return {
    login: user.login,
    id,
    node_id: `U_${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: "",
    url,
    html_url: `${HTML}/${user.login.replace(/\[bot\]$/, "")}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: user.type,
    site_admin: false,
  };
}

export interface ShapeRepo {
  owner: string;
  name: string;
  id: number;
  private: boolean;
}

/** The `repository` / `full-repository` object. */
export function repoShape(api: string, repo: ShapeRepo) {
  const full = `${repo.owner}/${repo.name}`;
  const url = `${api}/repos/${full}`;
  const templated = Object.fromEntries(
    [
      ["archive_url", "/{archive_format}{/ref}"],
      ["assignees_url", "/assignees{/user}"],
      ["blobs_url", "/git/blobs{/sha}"],
      ["branches_url", "/branches{/branch}"],
      ["collaborators_url", "/collaborators{/collaborator}"],
      ["comments_url", "/comments{/number}"],
      ["commits_url", "/commits{/sha}"],
      ["compare_url", "/compare/{base}...{head}"],
      ["contents_url", "/contents/{+path}"],
      ["contributors_url", "/contributors"],
      ["deployments_url", "/deployments"],
      ["downloads_url", "/downloads"],
      ["events_url", "/events"],
      ["forks_url", "/forks"],
      ["git_commits_url", "/git/commits{/sha}"],
      ["git_refs_url", "/git/refs{/sha}"],
      ["git_tags_url", "/git/tags{/sha}"],
      ["hooks_url", "/hooks"],
      ["issue_comment_url", "/issues/comments{/number}"],
      ["issue_events_url", "/issues/events{/number}"],
      ["issues_url", "/issues{/number}"],
      ["keys_url", "/keys{/key_id}"],
      ["labels_url", "/labels{/name}"],
      ["languages_url", "/languages"],
      ["merges_url", "/merges"],
      ["milestones_url", "/milestones{/number}"],
      ["notifications_url", "/notifications{?since,all,participating}"],
      ["pulls_url", "/pulls{/number}"],
      ["releases_url", "/releases{/id}"],
      ["stargazers_url", "/stargazers"],
      ["statuses_url", "/statuses/{sha}"],
      ["subscribers_url", "/subscribers"],
      ["subscription_url", "/subscription"],
      ["tags_url", "/tags"],
      ["teams_url", "/teams"],
      ["trees_url", "/git/trees{/sha}"],
    ].map(([key, tail]) => [key, `${url}${tail}`]),
  );
  return {
    id: repo.id,
    node_id: `R_${repo.id}`,
    name: repo.name,
    full_name: full,
    owner: userShape(api, { login: repo.owner, type: "Organization" }),
    private: repo.private,
    visibility: repo.private ? "private" : "public",
    html_url: `${HTML}/${full}`,
    description: null,
    fork: false,
    url,
    ...templated,
    clone_url: `${HTML}/${full}.git`,
    git_url: `git://github.com/${full}.git`,
    ssh_url: `git@github.com:${full}.git`,
    svn_url: `${HTML}/${full}`,
    mirror_url: null,
    homepage: null,
    language: null,
    default_branch: "main",
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    open_issues: 0,
    open_issues_count: 0,
    network_count: 0,
    subscribers_count: 0,
    size: 0,
    has_issues: true,
    has_downloads: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    license: null,
    pushed_at: EPOCH,
    created_at: EPOCH,
    updated_at: EPOCH,
  };
}

export function labelShape(api: string, owner: string, repo: string, label: { id: number; name: string }) {
  return {
    id: label.id,
    node_id: `LA_${label.id}`,
    url: `${api}/repos/${owner}/${repo}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: null,
    color: "ededed",
    default: false,
  };
}

export interface ShapeIssue {
  id: number;
  node_id: string;
  number: number;
  title: string;
  body: string | null;
  state: string;
  state_reason: string | null;
  labels: { id: number; name: string }[];
  assignees: { login: string }[];
  user: ShapeUser;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  comments: number;
  sub_issue_ids: number[];
  sub_issues_completed?: number;
}

export function issueShape(api: string, owner: string, repo: string, issue: ShapeIssue) {
  const url = `${api}/repos/${owner}/${repo}/issues/${issue.number}`;
  const assignees = issue.assignees.map((assignee) => userShape(api, { login: assignee.login, type: "User" }));
  return {
    id: issue.id,
    node_id: issue.node_id,
    url,
    repository_url: `${api}/repos/${owner}/${repo}`,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${HTML}/${owner}/${repo}/issues/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.state_reason,
    title: issue.title,
    body: issue.body,
    user: userShape(api, issue.user),
    labels: issue.labels.map((label) => labelShape(api, owner, repo, label)),
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: issue.comments,
    closed_at: issue.closed_at,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    author_association: issue.user.type === "Bot" ? "NONE" : "MEMBER",
    sub_issues_summary: {
      total: issue.sub_issue_ids.length,
      completed: issue.sub_issues_completed ?? 0,
      percent_completed: issue.sub_issue_ids.length === 0 ? 0 : Math.floor(((issue.sub_issues_completed ?? 0) / issue.sub_issue_ids.length) * 100),
    },
  };
}

export function commentShape(
  api: string,
  owner: string,
  repo: string,
  comment: { id: number; node_id: string; body: string; user: ShapeUser; created_at: string; updated_at: string; html_url: string; issue_url: string },
) {
  return {
    ...comment,
    url: `${api}/repos/${owner}/${repo}/issues/comments/${comment.id}`,
    user: userShape(api, comment.user),
    author_association: comment.user.type === "Bot" ? "NONE" : "MEMBER",
  };
}

export function installationShape(api: string, id: number, account: string) {
  return {
    id,
    app_id: 1,
    app_slug: "postmortem-bot",
    target_id: idOf(account),
    target_type: "Organization",
    account: userShape(api, { login: account, type: "Organization" }),
    repository_selection: "all",
    single_file_name: null,
    access_tokens_url: `${api}/app/installations/${id}/access_tokens`,
    repositories_url: `${api}/installation/repositories`,
    html_url: `${HTML}/organizations/${account}/settings/installations/${id}`,
    events: ["issues", "issue_comment", "pull_request"],
    permissions: { issues: "write", metadata: "read", contents: "read", checks: "write", pull_requests: "read" },
    created_at: EPOCH,
    updated_at: EPOCH,
    suspended_by: null,
    suspended_at: null,
  };
}

export function fileShape(api: string, owner: string, repo: string, path: string, text: string) {
  const url = `${api}/repos/${owner}/${repo}/contents/${path}`;
  const sha = "0".repeat(40);
  const html = `${HTML}/${owner}/${repo}/blob/main/${path}`;
  const git = `${api}/repos/${owner}/${repo}/git/blobs/${sha}`;
  return {
    type: "file",
    encoding: "base64",
    name: path.split("/").pop(),
    path,
    size: Buffer.byteLength(text),
    content: Buffer.from(text).toString("base64"),
    sha,
    url,
    git_url: git,
    html_url: html,
    download_url: `https://raw.githubusercontent.com/${owner}/${repo}/main/${path}`,
    _links: { self: url, git, html },
  };
}

export function checkRunShape(api: string, owner: string, repo: string, id: number, body: Record<string, any>) {
  const now = new Date().toISOString();
  const output = (body.output ?? {}) as Record<string, unknown>;
  return {
    id,
    node_id: `CR_${id}`,
    head_sha: body.head_sha,
    external_id: body.external_id ?? null,
    name: body.name,
    url: `${api}/repos/${owner}/${repo}/check-runs/${id}`,
    html_url: `${HTML}/${owner}/${repo}/runs/${id}`,
    details_url: body.details_url ?? null,
    status: body.status ?? (body.conclusion ? "completed" : "queued"),
    conclusion: body.conclusion ?? null,
    started_at: body.started_at ?? now,
    completed_at: body.completed_at ?? (body.conclusion ? now : null),
    output: {
      title: output.title ?? null,
      summary: output.summary ?? null,
      text: output.text ?? null,
      annotations_count: Array.isArray(output.annotations) ? output.annotations.length : 0,
      annotations_url: `${api}/repos/${owner}/${repo}/check-runs/${id}/annotations`,
    },
    check_suite: { id: id + 1_000_000 },
    app: null,
    pull_requests: [],
  };
}

export function pullFileShape(api: string, owner: string, repo: string, file: { filename: string; status: string; previous_filename?: string }) {
  const sha = "1".repeat(40);
  return {
    sha,
    filename: file.filename,
    status: file.status,
    additions: 1,
    deletions: 0,
    changes: 1,
    blob_url: `${HTML}/${owner}/${repo}/blob/${sha}/${file.filename}`,
    raw_url: `${HTML}/${owner}/${repo}/raw/${sha}/${file.filename}`,
    contents_url: `${api}/repos/${owner}/${repo}/contents/${file.filename}?ref=${sha}`,
    ...(file.previous_filename ? { previous_filename: file.previous_filename } : {}),
  };
}

/** A stable id for a login that has none of its own. */
function idOf(login: string): number {
  let hash = 7;
  for (const char of login) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return 1_000 + (hash % 90_000_000);
}
