import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderConfigTable } from "../src/config/config-docs.js";
import { configSection } from "../scripts/config-section.js";

describe("the README's settings table", () => {
  it("is the one generated from the zod schema (run `npm run docs:config` after changing the schema)", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    expect(configSection(readme)).toBe(renderConfigTable());
  });

  it("lists every key of the schema, with a description", () => {
    const table = renderConfigTable();
    for (const key of ["severities", "severities[].reviewBusinessDays", "postmortem.repository", "postmortem.template", "timeZone", "holidays"]) {
      expect(table).toContain(`| \`${key}\` |`);
    }
    expect(table).not.toMatch(/\|\s*\|$/m);
  });
});
