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

/** The JSON Schema of `.github/postmortem.yml`, derived from the zod schema (never written by hand). */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
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
  visit(configJsonSchema() as JsonSchemaNode, "");
  const severities = stringify({ severities: DEFAULT_SEVERITIES }).trimEnd();
  return `${rows.join("\n")}\n\nThe default severities, as you would write them in the file:\n\n\`\`\`yaml\n${severities}\n\`\`\``;
}

function formatDefault(value: unknown): string {
  if (value === undefined) return "_required_";
  if (Array.isArray(value) && value.length > 0 && typeof value[0] === "object") return "see below";
  return `\`${JSON.stringify(value)}\``;
}
