import type { Context } from "probot";
import { configCacheFor, type FileRef } from "./config-cache.js";
import { CONFIG_FILE_PATH } from "./read-config-files.js";

/** GitHub lists at most this many commits in a push payload; a longer push may touch files it does not list. */
const LISTED_COMMITS = 2048;

/**
 * A change to the config on the default branch applies at once, not after the cache's 60 s: a
 * push that touches `.github/postmortem.yml` (or another YAML file, which an `_extends` may name),
 * and a merged pull request, mark the cached answers stale. The next delivery asks GitHub again,
 * conditionally: an unchanged file is a 304. Nothing is read here.
 */
export async function configChanged(context: Context<"push" | "pull_request.closed">): Promise<void> {
  const files = changedConfigFiles(context.payload);
  if (files.length === 0) return;
  const installation = String(context.payload.installation?.id ?? "none");
  const cache = configCacheFor(context.octokit);
  for (const file of files) await cache.invalidate(installation, file);
  context.log.debug({ files: files.map((file) => `${file.owner}/${file.repo}:${file.path}`) }, "config cache invalidated");
}

type Payload = Context<"push" | "pull_request.closed">["payload"];

/** The files whose cached answers a delivery makes stale: pure, for the tests. */
export function changedConfigFiles(payload: Payload): FileRef[] {
  const repository = payload.repository;
  const owner = repository.owner?.login;
  if (!owner) return [];
  const at = (path: string): FileRef => ({ owner, repo: repository.name, path });
  if ("pull_request" in payload) {
    // A merge is a push to the base branch; the files it changed are one more request away, so the config is simply re-checked.
    const merged = payload.pull_request.merged && payload.pull_request.base.ref === repository.default_branch;
    return merged ? [at(CONFIG_FILE_PATH)] : [];
  }
  if (payload.ref !== `refs/heads/${repository.default_branch}`) return [];
  const commits = payload.commits ?? [];
  const touched = new Set(commits.flatMap((commit) => [...(commit.added ?? []), ...(commit.modified ?? []), ...(commit.removed ?? [])]));
  const paths = [...touched].filter((path) => /\.ya?ml$/i.test(path));
  // A forced push, or one whose commits are not all listed, may have changed the file unseen.
  const unlisted = payload.forced || commits.length === 0 || commits.length >= LISTED_COMMITS;
  if (unlisted && !touched.has(CONFIG_FILE_PATH)) paths.push(CONFIG_FILE_PATH);
  return paths.map(at);
}
