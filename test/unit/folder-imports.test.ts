import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

/** Folder → folder → one import that makes the edge, read with TypeScript's own import scanner. */
function folderImports(): Map<string, Map<string, string>> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith(".ts")) files.push(path);
    }
  };
  walk(SRC);
  const folderOf = (path: string) => relative(SRC, dirname(path)) || ".";
  const edges = new Map<string, Map<string, string>>();
  for (const file of files) {
    for (const imported of ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles) {
      if (!imported.fileName.startsWith(".")) continue;
      const from = folderOf(file);
      const to = folderOf(resolve(dirname(file), imported.fileName));
      if (from === to) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      edges.get(from)!.set(to, `${relative(SRC, file)} imports ${imported.fileName}`);
    }
  }
  return edges;
}

describe("the shape of src/", () => {
  it("no folder imports a folder that imports it back", () => {
    const edges = folderImports();
    const cycles: string[] = [];
    for (const [from, targets] of edges) {
      for (const [to, why] of targets) {
        const back = edges.get(to)?.get(from);
        if (back && from < to) cycles.push(`${from} <-> ${to}: ${why}; ${back}`);
      }
    }
    expect(cycles).toEqual([]);
    // The check sees the imports at all: handlers use the GitHub layer.
    expect(edges.get("handlers")?.has("github")).toBe(true);
  });
});
