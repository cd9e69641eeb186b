import type { Context } from "probot";
import type { z } from "zod";
import { CONFIG_FILE_NAME, DEFAULT_CONFIG, configSchema, type PostmortemConfig } from "./schema.js";

export interface LoadedConfig {
  config: PostmortemConfig;
  /** What is wrong with the file, one line per problem; empty when the file is valid or absent. */
  problems: string[];
}

/** Arrays in a repository's file replace the shared (`_extends`) ones instead of being concatenated. */
const replaceArrays = { arrayMerge: (_base: unknown[], override: unknown[]) => override };

/**
 * Reads `.github/postmortem.yml` (repository, then the owner's `.github` repository, with `_extends`)
 * and validates it. An unreadable or invalid file yields the defaults plus the problems, never a throw:
 * the caller tells the user and goes on.
 */
export async function loadConfig(context: Pick<Context, "config">): Promise<LoadedConfig> {
  let raw: unknown;
  try {
    raw = await context.config(CONFIG_FILE_NAME, {}, replaceArrays);
  } catch (error) {
    // Only a file that cannot be parsed is the user's to fix; GitHub failing to answer is not.
    if (!(error instanceof Error) || !error.message.startsWith("[@probot/octokit-plugin-config]")) throw error;
    return { config: DEFAULT_CONFIG, problems: [describeReadError(error)] };
  }
  return parseConfig(raw ?? {});
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
  return path
    .map((part, index) => (typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`))
    .join("");
}

function describeReadError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message.split("\n")[0]}` : "";
  return `${message.replace("[@probot/octokit-plugin-config] ", "")}${cause}`;
}
