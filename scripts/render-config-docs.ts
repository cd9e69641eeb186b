// Regenerates what is derived from the zod schema: `npm run docs:config`.
// - the settings table in README.md
// - schema/postmortem.schema.json, the JSON Schema editors validate `.github/postmortem.yml` with
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { renderConfigJsonSchema, renderConfigTable } from "../src/config/config-docs.js";
import { replaceConfigSection } from "./config-section.js";

const readmePath = new URL("../README.md", import.meta.url);
writeFileSync(readmePath, replaceConfigSection(readFileSync(readmePath, "utf8"), renderConfigTable()));
console.log("README.md settings table regenerated from src/config/schema.ts");

const schemaDirectory = new URL("../schema/", import.meta.url);
mkdirSync(schemaDirectory, { recursive: true });
writeFileSync(new URL("postmortem.schema.json", schemaDirectory), renderConfigJsonSchema());
console.log("schema/postmortem.schema.json regenerated from src/config/schema.ts");
