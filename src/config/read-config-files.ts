import { parse } from "yaml";
import type { FileRef } from "./config-cache.js";
import type { StoredFile } from "./config-store.js";
import { CONFIG_FILE_NAME } from "./schema.js";

export const CONFIG_FILE_PATH = `.github/${CONFIG_FILE_NAME}`;

/** The prefix of every error that is the file's fault (Probot's config plugin words them so too). */
export const FILE_ERROR_PREFIX = "[@probot/octokit-plugin-config]";

export interface ConfigFile {
  file: FileRef;
  answer: StoredFile;
  /** The file's settings, `_extends` taken out; null when there is no file. */
  config: Readonly<Record<string, unknown>> | null;
}

/** Probot's `_extends` grammar: `repo`, `owner/repo`, either with `:path/file.yml`. */
const EXTENDS = /^(?:([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})\/)?([-_.\w\d]+)(?::([-_./\w\d]+\.ya?ml))?$/i;

/**
 * The files a repository's configuration is made of, nearest first, exactly as Probot's
 * `context.config` finds them: the repository's own file, else the owner's `.github` repository's,
 * then each `_extends` in turn. Each file comes from `read` (the cache); a file that cannot be
 * used (bad YAML, a directory, a bad or circular `_extends`) throws an error with
 * FILE_ERROR_PREFIX, which is the user's to fix; GitHub failing to answer throws as it came.
 */
export async function readConfigFiles(read: (file: FileRef) => Promise<StoredFile>, base: FileRef, url: (file: FileRef) => string): Promise<ConfigFile[]> {
  const load = async (file: FileRef): Promise<ConfigFile> => {
    const answer = await read(file);
    return { file, answer, config: configOf(answer, () => url(file)) };
  };
  const files = [await load(base)];
  if (!files[0]!.config) {
    if (base.repo === ".github") return files;
    files.push(await load({ ...base, repo: ".github" }));
  }
  let last = files.at(-1)!;
  while (last.config?._extends) {
    const target = extendsTarget(base, last.config._extends, url(last.file));
    last.config = withoutExtends(last.config);
    if (files.some(({ file }) => file.owner === target.owner && file.repo === target.repo && file.path === target.path)) {
      throw new Error(`${FILE_ERROR_PREFIX} Recursion detected. Ignoring "_extends" from ${url(last.file)} because ${url(target)} was already loaded.`);
    }
    last = await load(target);
    files.push(last);
  }
  return files;
}

function extendsTarget(base: FileRef, value: unknown, from: string): FileRef {
  if (typeof value !== "string") throw new Error(`${FILE_ERROR_PREFIX} Invalid value ${JSON.stringify(value)} for _extends in ${from}`);
  const match = EXTENDS.exec(value);
  if (!match) throw new Error(`${FILE_ERROR_PREFIX} Invalid value "${value}" for _extends in ${from}`);
  return { owner: match[1] || base.owner, repo: match[2]!, path: match[3] || base.path };
}

function withoutExtends(config: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const { _extends: _ignored, ...rest } = config;
  return rest;
}

function configOf(answer: StoredFile, url: () => string): Readonly<Record<string, unknown>> | null {
  if (answer.kind === "absent") return null;
  if (answer.kind === "not-a-file") throw new Error(`${FILE_ERROR_PREFIX} ${url()} exists, but is either a directory or a submodule. Ignoring.`);
  const parsed = parseYaml(answer.text ?? "");
  if ("error" in parsed) throw new Error(`${FILE_ERROR_PREFIX} Configuration could not be parsed from ${url()} (invalid YAML)`, { cause: parsed.error });
  if (typeof parsed.value === "string") throw new Error(`${FILE_ERROR_PREFIX} Configuration could not be parsed from ${url()} (YAML is not an object)`);
  return parsed.value as Readonly<Record<string, unknown>>;
}

type Parsed = { value: unknown } | { error: unknown };
const parsedTexts = new Map<string, Parsed>();
const MAX_PARSED_TEXTS = 1_000;

/** YAML parsed once per text: the same file answers every delivery with the same text. Frozen, since it is shared. */
function parseYaml(text: string): Parsed {
  let parsed = parsedTexts.get(text);
  if (!parsed) {
    try {
      parsed = { value: deepFreeze(parse(text, { logLevel: "error" }) || {}) };
    } catch (error) {
      parsed = { error };
    }
    if (parsedTexts.size >= MAX_PARSED_TEXTS) parsedTexts.delete(parsedTexts.keys().next().value!);
    parsedTexts.set(text, parsed);
  }
  return parsed;
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
