import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { HookDelivery } from "../../src/github/app-deliveries.js";

/**
 * `GET /app/hook/deliveries` items as GitHub answers them, checked against GitHub's REST
 * description (`hook-delivery-item`), so the fixtures of the unit tests and the stand-in's
 * answers cannot drift from what GitHub sends.
 */

let validate: ValidateFunction | undefined;

/** The problems of a `GET /app/hook/deliveries` answer body, against GitHub's schema; [] when valid. */
export function hookDeliveryProblems(body: unknown): string[] {
  if (!validate) {
    // The non-dereferenced description (13 MB): this schema has no references of its own.
    const file = createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json");
    const description = JSON.parse(readFileSync(file, "utf8")) as { components: { schemas: Record<string, object> } };
    const ajv = new Ajv({ strict: false, allErrors: true, formats: { int64: true } });
    addFormatsModule.default(ajv);
    validate = ajv.compile({ type: "array", items: description.components.schemas["hook-delivery-item"] });
  }
  return validate(body) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ""}`);
}

let nextId = 90_000_000;

/** A delivery `minutesAgo` before `now`, answered `statusCode` (0: no answer). */
export function hookDelivery(guid: string, now: Date, minutesAgo: number, statusCode: number, fields: Partial<HookDelivery> = {}): HookDelivery {
  return {
    id: nextId++,
    guid,
    delivered_at: new Date(now.getTime() - minutesAgo * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    redelivery: false,
    duration: statusCode === 0 ? 10 : 0.31,
    status: statusCode === 200 ? "OK" : statusCode === 0 ? "failed to connect" : `Invalid HTTP Response: ${statusCode}`,
    status_code: statusCode,
    event: "issues",
    action: "labeled",
    installation_id: 2,
    repository_id: 1296269,
    ...fields,
  };
}
