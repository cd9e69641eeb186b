// What a pull request's `.github/postmortem.yml` is worth to the app: the verdict a check run reports.
import { parseDocument, type YAMLError } from "yaml";
import { CONFIG_SCHEMA_URL, EXTENDS_PATTERN } from "./config-docs.js";
import { parseConfig } from "./load-config.js";
import { CONFIG_FILE_NAME, type PostmortemConfig } from "./schema.js";
import { escapeInline } from "../markdown/escape.js";
import { fitText } from "../markdown/fit-text.js";
import { GITHUB_LIMITS } from "../support/github-limits.js";

export const CONFIG_CHECK_NAME = "postmortem-bot config";
export const CONFIG_PATH = `.github/${CONFIG_FILE_NAME}`;

export interface ConfigCheckOutcome {
  conclusion: "success" | "failure";
  /** Plain text: GitHub shows a check run's title without Markdown. */
  title: string;
  /** Markdown. */
  summary: string;
}

/** Whether the pull request touches the config file: changes (adds, modifies, renames to) or removes (deletes, renames away) it. */
export function configChange(files: readonly { filename: string; status: string; previous_filename?: string }[]): "changed" | "removed" | undefined {
  const file = files.find((candidate) => candidate.filename === CONFIG_PATH);
  if (file) return file.status === "removed" ? "removed" : "changed";
  if (files.some((candidate) => candidate.status === "renamed" && candidate.previous_filename === CONFIG_PATH)) return "removed";
  return undefined;
}

/**
 * The verdict on the file's text, read as the app reads it after the merge: YAML as Probot parses
 * it (an empty file is no settings), `_extends` set aside as Probot sets it aside, the rest
 * validated by the app's own `parseConfig`, problems worded as its config-error comment words them.
 */
export function checkConfigText(text: string): ConfigCheckOutcome {
  const document = parseDocument(text, { logLevel: "error" });
  if (document.errors.length > 0) return yamlFailure(document.errors.map(describeYamlError));
  let raw: unknown;
  try {
    raw = document.toJS() || {};
  } catch (error) {
    // An alias without its anchor, or one that expands too far: Probot's parse fails on it too.
    return yamlFailure([escapeInline(error instanceof Error ? error.message : String(error))]);
  }

  let extendsValue: unknown;
  const hasExtends = isPlainObject(raw) && "_extends" in raw;
  if (hasExtends) {
    const { _extends, ...rest } = raw as Record<string, unknown>;
    extendsValue = _extends;
    raw = rest;
  }
  const extendsProblems =
    hasExtends && (typeof extendsValue !== "string" || !new RegExp(EXTENDS_PATTERN).test(extendsValue))
      ? ["`_extends`: must name the shared file: `.github`, `repo` or `owner/repo`, optionally followed by `:path/file.yml`"]
      : [];

  const { config, problems } = parseConfig(raw);
  const all = [...extendsProblems, ...problems];
  if (all.length > 0) return invalidOutcome(all, hasExtends ? extendsValue : undefined);
  return validOutcome(config, raw as Record<string, unknown>, hasExtends ? (extendsValue as string) : undefined);
}

function describeYamlError(error: YAMLError): string {
  const [reason = error.message, excerpt] = error.message.split(/ at line \d+, column \d+:\n\n/);
  const position = error.linePos?.[0];
  const line = `${position ? `line ${position.line}, column ${position.col}: ` : ""}${escapeInline(reason)}`;
  return excerpt?.trim() ? `${line}\n${codeBlock(excerpt.replace(/\n+$/, ""), "  ")}` : line;
}

function yamlFailure(errors: readonly string[]): ConfigCheckOutcome {
  return {
    conclusion: "failure",
    title: `${CONFIG_PATH} is not valid YAML`,
    summary: fitCheckSummary(
      [
        `postmortem-bot cannot read \`${CONFIG_PATH}\` as this pull request leaves it: it is not valid YAML.`,
        "",
        ...errors.map((error) => `- ${error}`),
        "",
        "Merged like this, the app would use its default settings for every event and say on the issues it acts on that the file is invalid YAML.",
      ].join("\n"),
    ),
  };
}

function invalidOutcome(problems: readonly string[], extendsValue: unknown): ConfigCheckOutcome {
  return {
    conclusion: "failure",
    title: `${CONFIG_PATH} has ${problems.length} ${problems.length === 1 ? "problem" : "problems"}`,
    summary: fitCheckSummary(
      [
        `postmortem-bot cannot use \`${CONFIG_PATH}\` as this pull request leaves it:`,
        "",
        ...problems.map((problem) => `- ${problem}`),
        "",
        "Merged like this, the app would use its default settings for every event and list these problems on the issues it acts on.",
        ...(extendsValue === undefined ? [] : ["", extendsNote(extendsValue)]),
        "",
        `Editors point out such problems as you type when the file's first line is \`# yaml-language-server: $schema=${CONFIG_SCHEMA_URL}\`.`,
      ].join("\n"),
    ),
  };
}

function validOutcome(config: PostmortemConfig, raw: Record<string, unknown>, extendsValue: string | undefined): ConfigCheckOutcome {
  const section = (key: string) => (isPlainObject(raw[key]) ? raw[key] : {});
  // Unset here means the default, unless a shared file this one extends sets it.
  const unset = extendsValue === undefined ? "default" : "not set here: the shared file's, or the default";
  const origin = (set: boolean) => (set ? "" : ` (${unset})`);
  const { postmortem, actionItems, digest } = config;

  const digestLine = (() => {
    const periods = [digest.weekly && "weekly", digest.monthly && "monthly"].filter(Boolean).join(" and ");
    if (!periods) return `- Digests: off${origin("weekly" in section("digest") || "monthly" in section("digest"))}`;
    const covered = ["this repository", ...digest.repositories.map(code), ...(digest.topic ? [`every repository with the topic ${code(digest.topic)}`] : [])];
    return `- Digests (${periods}): posted in ${digest.repository ? code(digest.repository) : "this repository"}, covering ${listing(covered)}`;
  })();

  return {
    conclusion: "success",
    title: `${CONFIG_PATH} is valid`,
    summary: fitCheckSummary(
      [
        `\`${CONFIG_PATH}\` is valid: postmortem-bot can use it as this pull request leaves it.`,
        "",
        `**Severities**${origin("severities" in raw)}:`,
        "",
        "| Severity | Label | Postmortem | Review due |",
        "|---|---|---|---|",
        ...config.severities.map((level) => `| ${escapeInline(level.name)} | ${code(level.label)} | ${level.postmortem} | ${reviewDue(level.reviewBusinessDays)} |`),
        "",
        "**Repositories**:",
        "",
        `- Postmortems: opened in ${postmortem.repository ? code(postmortem.repository) : `the incident's own repository${origin("repository" in section("postmortem"))}`}`,
        `- Action items: filed in ${actionItems.repository ? code(actionItems.repository) : `the postmortem's repository${origin("repository" in section("actionItems"))}`}`,
        digestLine,
        ...(extendsValue === undefined ? [] : ["", extendsNote(extendsValue)]),
      ].join("\n"),
    ),
  };
}

function extendsNote(extendsValue: unknown): string {
  const what = typeof extendsValue === "string" ? code(extendsValue) : "a shared file";
  return `This file extends ${what} (\`_extends\`): the shared file it extends is validated where it lives, not here. Its settings apply wherever this file does not set its own.`;
}

export function removedOutcome(): ConfigCheckOutcome {
  return {
    conclusion: "success",
    title: `${CONFIG_PATH} is removed`,
    summary: `The file was removed: defaults apply. Once this pull request is merged, postmortem-bot uses its default settings here (or the owner's shared \`${CONFIG_PATH}\` in its \`.github\` repository, if there is one).`,
  };
}

export function unreadableOutcome(headSha: string): ConfigCheckOutcome {
  return {
    conclusion: "failure",
    title: `${CONFIG_PATH} could not be read`,
    summary: `postmortem-bot could not read \`${CONFIG_PATH}\` at ${headSha}, so it cannot say whether the app can use it. Push again to check it again.`,
  };
}

function reviewDue(days: number | null): string {
  if (days === null) return "no deadline";
  return `${days} business ${days === 1 ? "day" : "days"} after resolution`;
}

/** A value from the file as inline code (a table cell stays one cell). */
function code(text: string): string {
  return text.includes("`") ? escapeInline(text) : `\`${text.replace(/\|/g, "\\|")}\``;
}

function codeBlock(text: string, indent: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return [fence, ...text.split("\n"), fence].map((line) => `${indent}${line}`).join("\n");
}

function listing(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Cuts a summary at a line to GitHub's limit for check runs, saying so. */
export function fitCheckSummary(summary: string): string {
  return fitText(summary, GITHUB_LIMITS.checkRunSummaryCharacters, "\n\n… (cut here: GitHub keeps 65,535 characters of a check run's summary)");
}
