import { z } from "zod";
import { stringify } from "yaml";
import { configSchema, DEFAULT_SEVERITIES } from "./schema.js";

interface JsonSchemaNode {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  enum?: unknown[];
  anyOf?: JsonSchemaNode[];
}

/** Where the published schema lives: its `$id`, and what a file's `# yaml-language-server: $schema=` line names. */
export const CONFIG_SCHEMA_URL = "https://raw.githubusercontent.com/postmortem-bot/postmortem-bot/main/schema/postmortem.schema.json";

/**
 * The values of `_extends` that Probot's config loader (@probot/octokit-plugin-config) accepts:
 * `repo`, `owner/repo`, either with `:path/to/file.yml`. Its own expression, made case-insensitive
 * by hand because JSON Schema patterns have no flags.
 */
export const EXTENDS_PATTERN = "^(?:[a-zA-Z\\d](?:[a-zA-Z\\d]|-(?=[a-zA-Z\\d])){0,38}/)?[-_.\\w]+(?::[-_./\\w]+\\.[yY][aA]?[mM][lL])?$";

const EXTENDS_DESCRIPTION =
  "A shared file this one builds on, read by Probot before validation: `.github` (the owner's `.github` repository), `repo`, `owner/repo`, optionally with `:path/file.yml`. Lists here replace the shared ones.";

/** The zod schema as JSON Schema: what the settings table is generated from. */
function zodJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}

/**
 * The JSON Schema of `.github/postmortem.yml`, derived from the zod schema (never written by hand),
 * as shipped in `schema/postmortem.schema.json` for editors. Besides the zod schema's keys it
 * allows `_extends`, which Probot resolves and strips before the app validates the rest.
 */
export function configJsonSchema(): Record<string, unknown> {
  const { $schema, description, type, properties, ...rest } = zodJsonSchema();
  return {
    $schema,
    $id: CONFIG_SCHEMA_URL,
    title: "postmortem-bot configuration (.github/postmortem.yml)",
    description,
    type,
    properties: {
      _extends: { type: "string", pattern: EXTENDS_PATTERN, description: EXTENDS_DESCRIPTION },
      ...(properties as Record<string, unknown>),
    },
    ...rest,
  };
}

/** `schema/postmortem.schema.json` as `npm run docs:config` writes it. */
export function renderConfigJsonSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

/** The README's table of settings: one row per key, with its default and description from the schema. */
export function renderConfigTable(): string {
  const rows: string[] = ["| Key | Default | Description |", "|---|---|---|"];
  const visit = (node: JsonSchemaNode, path: string) => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const keyPath = path ? `${path}.${key}` : key;
      if (child.properties) {
        visit(child, keyPath);
        continue;
      }
      rows.push(`| \`${keyPath}\` | ${formatDefault(child.default)} | ${(child.description ?? "").replace(/\|/g, "\\|")} |`);
      if (child.items?.properties) visit(child.items, `${keyPath}[]`);
      const objectBranch = child.anyOf?.find((branch) => branch.properties);
      if (objectBranch) visit(objectBranch, keyPath);
    }
  };
  visit(zodJsonSchema() as JsonSchemaNode, "");
  const severities = stringify({ severities: DEFAULT_SEVERITIES }).trimEnd();
  return `${rows.join("\n")}\n\nThe default severities, as you would write them in the file:\n\n\`\`\`yaml\n${severities}\n\`\`\``;
}

function formatDefault(value: unknown): string {
  if (value === undefined) return "_required_";
  if (Array.isArray(value) && value.length > 0 && typeof value[0] === "object") return "see below";
  return `\`${JSON.stringify(value)}\``;
}
