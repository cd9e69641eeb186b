import merge from "deepmerge";
import type { Context } from "probot";
import type { z } from "zod";
import { configCacheFor, type FileRef } from "./config-cache.js";
import { CONFIG_FILE_PATH, deepFreeze, FILE_ERROR_PREFIX, readConfigFiles, type ConfigFile } from "./read-config-files.js";
import { DEFAULT_CONFIG, configSchema, type PostmortemConfig } from "./schema.js";

export interface LoadedConfig {
  config: PostmortemConfig;
  /** What is wrong with the file, one line per problem; empty when the file is valid or absent. */
  problems: string[];
}

/** Arrays in a repository's file replace the shared (`_extends`) ones instead of being concatenated. */
const replaceArrays = { arrayMerge: (_base: unknown[], override: unknown[]) => override };

/**
 * Reads `.github/postmortem.yml` (repository, then the owner's `.github` repository, with `_extends`,
 * as Probot's `context.config` does) and validates it. GitHub's answers come from the app's config
 * cache (per installation; see config-cache.ts), so an unchanged file costs no request for 60 s and
 * a 304 after. An unreadable or invalid file yields the defaults plus the problems, never a throw:
 * the caller tells the user and goes on. GitHub failing to answer is thrown.
 */
export async function loadConfig(context: Pick<Context, "octokit" | "payload" | "repo">): Promise<LoadedConfig> {
  const { owner, repo } = context.repo();
  const installation = String((context.payload as { installation?: { id?: number } }).installation?.id ?? "none");
  const cache = configCacheFor(context.octokit);
  let files: ConfigFile[];
  try {
    files = await readConfigFiles(
      (file) => cache.read(context.octokit, installation, file),
      { owner, repo, path: CONFIG_FILE_PATH },
      (file) => fileUrl(context.octokit, file),
    );
  } catch (error) {
    // Only a file that cannot be used is the user's to fix; GitHub failing to answer is not.
    if (!(error instanceof Error) || !error.message.startsWith(FILE_ERROR_PREFIX)) throw error;
    return { config: DEFAULT_CONFIG, problems: [describeReadError(error)] };
  }
  return composeConfig(files.flatMap((file) => (file.config ? [file] : [])));
}

const composed = new Map<string, LoadedConfig>();
const MAX_COMPOSED = 1_000;

/** The files merged (nearest wins) and validated, once per distinct content: the config is shared, so frozen. */
function composeConfig(files: ConfigFile[]): LoadedConfig {
  // The texts decide the result (a file without settings adds nothing): they are the key.
  const key = files.map((file) => file.answer.text ?? "").join("\u0000");
  let loaded = composed.get(key);
  if (!loaded) {
    const raw = merge.all([{}, ...files.map((file) => file.config!).reverse()], replaceArrays);
    loaded = parseConfig(raw);
    deepFreeze(loaded.config);
    if (composed.size >= MAX_COMPOSED) composed.delete(composed.keys().next().value!);
    composed.set(key, loaded);
  }
  // The problems are the caller's to add to (a missing template, say): a list of its own.
  return { config: loaded.config, problems: [...loaded.problems] };
}

/** The API URL of a file, as Probot's config plugin names it in its messages. */
function fileUrl(octokit: Context["octokit"], file: FileRef): string {
  return octokit.request.endpoint({ method: "GET", url: "/repos/{owner}/{repo}/contents/{path}", ...file, mediaType: { format: "raw" } }).url;
}

export function parseConfig(raw: unknown): LoadedConfig {
  const result = configSchema.safeParse(raw);
  if (result.success) return { config: result.data, problems: [] };
  return { config: DEFAULT_CONFIG, problems: result.error.issues.flatMap(describeIssue) };
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  // A misspelt key would otherwise be dropped without a word: name each one at its own path.
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => `\`${formatPath([...issue.path, key])}\`: unknown setting (check its spelling and indentation)`);
  }
  const key = issue.path.length === 0 ? "(top level)" : formatPath(issue.path);
  return [`\`${key}\`: ${issue.message}`];
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((part, index) => (typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`)).join("");
}

function describeReadError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message.split("\n")[0]}` : "";
  return `${message.replace(`${FILE_ERROR_PREFIX} `, "")}${cause}`;
}
