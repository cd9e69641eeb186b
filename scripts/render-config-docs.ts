// Rewrites the settings table in README.md from the zod schema: `npm run docs:config`.
import { readFileSync, writeFileSync } from "node:fs";
import { renderConfigTable } from "../src/config/config-docs.js";
import { replaceConfigSection } from "./config-section.js";

const readmePath = new URL("../README.md", import.meta.url);
writeFileSync(readmePath, replaceConfigSection(readFileSync(readmePath, "utf8"), renderConfigTable()));
console.log("README.md settings table regenerated from src/config/schema.ts");
