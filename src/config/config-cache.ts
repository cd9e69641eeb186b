import type { Octokit } from "../github/github-client.js";
import { MemoryConfigStore, type ConfigStore, type StoredFile } from "./config-store.js";

/** GitHub's own `max-age` for contents answers, and the longest an answer is used unasked. */
export const FRESH_MS = 60_000;
/** A 404 carries no validator: it is kept this long, then read again in full. */
export const ABSENT_TTL_MS = 60_000;
/** An ETag is tied to the token that read it, and installation tokens last an hour. */
const KEEP_MS = 60 * 60_000;

export interface FileRef {
  owner: string;
  repo: string;
  path: string;
}

interface Revalidation {
  answer: Promise<StoredFile>;
  /** Set when a push changed the file while the read was under way: its answer is not kept as fresh. */
  invalidated: boolean;
}

/**
 * GitHub's answers for config files, per installation: used as they are for `max-age` (60 s),
 * then revalidated with `If-None-Match` (a 304 does not count against the rate limit). A 404 is
 * kept for ABSENT_TTL_MS. A stale entry is revalidated by one request, whatever the number of
 * deliveries waiting for it. A fresh answer is served with no request at all, so it never waits
 * in Octokit's throttle or retry queues.
 */
export class ConfigCache {
  private readonly revalidations = new Map<string, Revalidation>();

  constructor(private readonly store: ConfigStore = new MemoryConfigStore()) {}

  async read(octokit: Octokit, installation: string, file: FileRef): Promise<StoredFile> {
    const key = fileKey(installation, file);
    const stored = await this.store.get(key);
    if (stored && Date.now() < stored.freshUntil) return stored;
    let revalidation = this.revalidations.get(key);
    if (!revalidation) {
      const started = { invalidated: false } as Revalidation;
      started.answer = this.revalidate(octokit, key, file, stored, started).finally(() => {
        if (this.revalidations.get(key) === started) this.revalidations.delete(key);
      });
      this.revalidations.set(key, started);
      revalidation = started;
    }
    return revalidation.answer;
  }

  /** The file changed (a push, a merged pull request): the next read asks GitHub, conditionally if it can. */
  async invalidate(installation: string, file: FileRef): Promise<void> {
    const key = fileKey(installation, file);
    const running = this.revalidations.get(key);
    if (running) {
      running.invalidated = true;
      this.revalidations.delete(key);
    }
    const stored = await this.store.get(key);
    if (stored?.etag) await this.store.set(key, { ...stored, freshUntil: 0 }, KEEP_MS);
    else if (stored) await this.store.delete(key);
  }

  private async revalidate(octokit: Octokit, key: string, file: FileRef, stored: StoredFile | undefined, self: Revalidation): Promise<StoredFile> {
    let answer: StoredFile;
    try {
      const response = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
        ...file,
        mediaType: { format: "raw" },
        ...(stored?.etag ? { headers: { "if-none-match": stored.etag } } : {}),
      });
      const headers = response.headers as Record<string, string | undefined>;
      const listing = typeof response.data !== "string" || String(headers["content-type"] ?? "").startsWith("application/json");
      // A 200 to a conditional request: the file changed, or the token did (ETags are tied to it).
      answer = {
        kind: listing ? "not-a-file" : "file",
        ...(listing ? {} : { text: response.data as unknown as string }),
        ...(headers.etag ? { etag: headers.etag } : {}),
        freshUntil: Date.now() + freshFor(headers["cache-control"]),
      };
    } catch (error) {
      const { status, response } = error as { status?: number; response?: { headers?: Record<string, string | undefined> } };
      if (status === 304 && stored) answer = { ...stored, freshUntil: Date.now() + freshFor(response?.headers?.["cache-control"]) };
      else if (status === 404) answer = { kind: "absent", freshUntil: Date.now() + ABSENT_TTL_MS };
      // GitHub failing to answer is not an answer: nothing is kept, the caller fails.
      else throw error;
    }
    // Read while a push changed the file: good enough for the deliveries that were waiting, not fresh for later ones.
    if (self.invalidated) {
      if (answer.etag) await this.store.set(key, { ...answer, freshUntil: 0 }, KEEP_MS);
    } else await this.store.set(key, answer, KEEP_MS);
    return answer;
  }
}

/** Owner and repository names are case-insensitive on GitHub; paths are not. */
function fileKey(installation: string, file: FileRef): string {
  return `${installation}\n${file.owner.toLowerCase()}/${file.repo.toLowerCase()}\n${file.path}`;
}

/** GitHub's `max-age`, never longer than FRESH_MS: the README promises a change applies within that. */
function freshFor(cacheControl: string | undefined): number {
  const maxAge = /(?:^|[,\s])max-age=(\d+)/.exec(cacheControl ?? "")?.[1];
  return maxAge === undefined ? FRESH_MS : Math.min(Number(maxAge) * 1000, FRESH_MS);
}

const caches = new WeakMap<object, ConfigCache>();

/**
 * The cache of the Probot instance an Octokit belongs to. Probot builds one Octokit class per
 * instance (`Octokit.defaults` when it initialises) and makes every client of that instance from
 * it: the app's, each installation's, each delivery's. Keyed by that class, the cache lives and
 * dies with its Probot, and two Probots (two tests, say) never share one.
 */
export function configCacheFor(octokit: Octokit): ConfigCache {
  const owner = (octokit as object).constructor;
  const cache = caches.get(owner) ?? new ConfigCache();
  caches.set(owner, cache);
  return cache;
}
