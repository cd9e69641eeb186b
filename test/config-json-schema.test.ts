import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { CONFIG_SCHEMA_URL, configJsonSchema, renderConfigJsonSchema } from "../src/config/config-docs.js";
import { parseConfig } from "../src/config/load-config.js";

const shipped = readFileSync(new URL("../schema/postmortem.schema.json", import.meta.url), "utf8");
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

// Strict: a keyword or format ajv does not know would be a schema editors silently half-apply.
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(shipped));

/** A file's text as the app reads it: Probot parses the YAML, an empty file is no settings. */
function read(text: string): unknown {
  return parse(text, { logLevel: "error" }) ?? {};
}

/** The key paths ajv names, written the way the app's messages write them (`severities[0].postmortem`). */
function ajvKeyPaths(errors: readonly ErrorObject[]): string[] {
  const paths = errors.map((error) => {
    const parts = error.instancePath
      .split("/")
      .slice(1)
      .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
    if (error.keyword === "additionalProperties") parts.push(String(error.params.additionalProperty));
    return parts.map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : `${index === 0 ? "" : "."}${part}`)).join("");
  });
  return [...new Set(paths)].sort();
}

/** The key paths the app's own problem lines (`- \`key\`: reason`) name. */
function zodKeyPaths(raw: unknown): string[] {
  return [...new Set(parseConfig(raw).problems.map((problem) => /^`([^`]+)`/.exec(problem)?.[1] ?? problem))].sort();
}

/** Each ```yaml block of the README's Configuration section. */
function readmeExamples(): string[] {
  const section = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("\n## ", readme.indexOf("## Configuration") + 1));
  return [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

describe("schema/postmortem.schema.json", () => {
  it("is exactly what the generator makes from the zod schema now (run `npm run docs:config` after changing the schema)", () => {
    expect(shipped).toBe(renderConfigJsonSchema());
    expect(JSON.parse(shipped)).toEqual(configJsonSchema());
  });

  it("is a draft 2020-12 schema with an $id, a title, and the `_extends` key Probot reads", () => {
    const schema = JSON.parse(shipped) as { $schema: string; $id: string; title: string; properties: Record<string, { type: string }> };
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toBe(CONFIG_SCHEMA_URL);
    expect(schema.title).toContain(".github/postmortem.yml");
    expect(schema.properties._extends!.type).toBe("string");
  });

  it("is the one the README tells editors to use", () => {
    // Not `toContain`: a miss would print the whole README.
    expect(readme.includes(`# yaml-language-server: $schema=${CONFIG_SCHEMA_URL}\n`)).toBe(true);
    expect(readme.includes("`schema/postmortem.schema.json`")).toBe(true);
  });
});

describe("validating a file with the JSON Schema", () => {
  it("accepts the README's examples, which the app accepts too", () => {
    const examples = readmeExamples();
    expect(examples.length).toBeGreaterThanOrEqual(2);
    expect(examples[0]).toContain("_extends: .github");
    for (const text of examples) {
      const raw = read(text) as Record<string, unknown>;
      expect(validate(raw), JSON.stringify(validate.errors)).toBe(true);
      // Probot strips `_extends` before the app sees the file.
      const { _extends, ...rest } = raw;
      expect(parseConfig(rest).problems).toEqual([]);
    }
  });

  it("accepts an empty file (no settings: the defaults)", () => {
    for (const text of ["", "# nothing set yet\n"]) {
      expect(validate(read(text)), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it.each(["_extends: .github", "_extends: acme/.github", "_extends: shared:incidents/postmortem.yml", "_extends: Acme-Corp/Shared:config/PM.YAML"])(
    "accepts the `_extends` value Probot accepts: %s",
    (text) => {
      expect(validate(read(text)), JSON.stringify(validate.errors)).toBe(true);
    },
  );

  it.each(["_extends: 3", "_extends: acme/shared/more", "_extends: shared:config.json", "_extends: -acme/shared"])("rejects an `_extends` Probot rejects: %s", (text) => {
    expect(validate(read(text))).toBe(false);
    expect(ajvKeyPaths(validate.errors ?? [])).toEqual(["_extends"]);
  });

  const rejected: [string, string, string[]][] = [
    ["a wrong type", "postmortem:\n  reopenWhenChecklistIncomplete: yes please\n", ["postmortem.reopenWhenChecklistIncomplete"]],
    ["a number where a list goes", "holidays: 2026-12-24\nactionItems:\n  escalateAfterDays: soon\n", ["actionItems.escalateAfterDays", "holidays"]],
    ["an unknown key", "holidayz: []\n", ["holidayz"]],
    ["an unknown nested key", "postmortem:\n  labels: [sre]\ndigest:\n  weekley: true\n", ["digest.weekley", "postmortem.labels"]],
    [
      "a bad enum",
      "severities:\n  - name: SEV1\n    label: incident:sev1\n    postmortem: always\n    reviewBusinessDays: 1\nactionItems:\n  defaultPriority: P9\n",
      ["actionItems.defaultPriority", "severities[0].postmortem"],
    ],
    ["a bad pattern", "actionItems:\n  dueIn:\n    P1: two weeks\n", ["actionItems.dueIn.P1"]],
  ];

  it.each(rejected)("rejects %s, naming the key paths the app's own messages name", (_what, text, paths) => {
    const raw = read(text);
    expect(validate(raw)).toBe(false);
    expect(ajvKeyPaths(validate.errors ?? [])).toEqual(paths);
    expect(zodKeyPaths(raw)).toEqual(paths);
  });
});
