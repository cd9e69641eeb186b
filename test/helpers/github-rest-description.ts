/**
 * Test helper: checks that requests the app sends to GitHub exist in GitHub's published REST
 * description (@octokit/openapi, dereferenced api.github.com variant) and carry a valid body, and
 * that the answers a stand-in gives in GitHub's place have a status and a body GitHub could give.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { validateGraphqlRequest } from "./graphql-validation.js";

export interface RecordedRequest {
  method: string;
  path: string;
  body?: unknown;
}

type JsonSchema = Record<string, unknown>;

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
}

interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

interface PathTemplate {
  pathTemplate: string;
  /** One matcher per segment: a literal string, or a regex for segments containing `{param}`. */
  segments: (string | RegExp)[];
  /** A trailing `{path}` (contents API) may span several segments. */
  multiSegmentTail: boolean;
  /** Per segment: 2 literal, 1 literal text around a param (`{base}...{head}`), 0 pure param. */
  specificity: number[];
  literalSegments: number;
  operations: Map<string, Operation>;
}

interface RestIndex {
  bySegmentCount: Map<number, PathTemplate[]>;
  multiSegment: PathTemplate[];
}

let index: RestIndex | undefined;

/** Reads the ~70 MB description once per process and indexes its path templates by segment count. */
function restIndex(): RestIndex {
  if (index) return index;
  // The package has no `exports` map, so the JSON file is resolvable as a subpath.
  const file = createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.deref.json");
  const description = JSON.parse(readFileSync(file, "utf8")) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const built: RestIndex = { bySegmentCount: new Map(), multiSegment: [] };
  for (const [pathTemplate, item] of Object.entries(description.paths)) {
    const raw = splitPath(pathTemplate);
    const sharedParameters = (item.parameters as Parameter[] | undefined) ?? [];
    const operations = new Map<string, Operation>();
    for (const [method, op] of Object.entries(item)) {
      if (method === "parameters" || typeof op !== "object" || op === null) continue;
      const operation = op as Operation;
      operations.set(method.toUpperCase(), {
        ...operation,
        parameters: [...sharedParameters, ...(operation.parameters ?? [])],
      });
    }
    const specificity = raw.map((s) => (!s.includes("{") ? 2 : /^\{[^}]+\}$/.test(s) ? 0 : 1));
    const template: PathTemplate = {
      pathTemplate,
      segments: raw.map((s, i) => (specificity[i] === 2 ? s : segmentRegex(s))),
      multiSegmentTail: raw.at(-1) === "{path}",
      specificity,
      literalSegments: specificity.filter((x) => x === 2).length,
      operations,
    };
    const group = built.bySegmentCount.get(raw.length) ?? [];
    group.push(template);
    built.bySegmentCount.set(raw.length, group);
    if (template.multiSegmentTail) built.multiSegment.push(template);
  }
  index = built;
  return index;
}

function splitPath(path: string): string[] {
  return path.slice(1).split("/");
}

/** `{base}...{head}` -> /^(.+)\.\.\.(.+)$/ ; segments never contain "/", so `.+` stays within one. */
function segmentRegex(segment: string): RegExp {
  const source = segment
    .split(/\{[^}]+\}/)
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".+");
  return new RegExp(`^${source}$`);
}

function matches(template: PathTemplate, segments: string[]): boolean {
  const fixed = template.multiSegmentTail ? template.segments.length - 1 : template.segments.length;
  for (let i = 0; i < fixed; i++) {
    const matcher = template.segments[i]!;
    const actual = segments[i]!;
    if (typeof matcher === "string" ? matcher !== actual : !matcher.test(actual)) return false;
  }
  // A `{param}` needs a non-empty segment; a multi-segment `{path}` needs every remaining segment non-empty.
  return segments.slice(fixed).every((s) => s.length > 0);
}

/** Most literal segments first; ties go to the template whose literals come earlier (router-like). */
function compareSpecificity(a: PathTemplate, b: PathTemplate): number {
  if (a.literalSegments !== b.literalSegments) return b.literalSegments - a.literalSegments;
  for (let i = 0; i < Math.min(a.specificity.length, b.specificity.length); i++) {
    const diff = b.specificity[i]! - a.specificity[i]!;
    if (diff !== 0) return diff;
  }
  return b.specificity.length - a.specificity.length;
}

/** Splits "/api/v3/repos/o/r?x=1" into the path GitHub.com would see and its query string. */
function normalise(rawPath: string): { path: string; query: string } {
  const q = rawPath.indexOf("?");
  let path = q === -1 ? rawPath : rawPath.slice(0, q);
  const query = q === -1 ? "" : rawPath.slice(q + 1);
  if (path.startsWith("/api/v3/")) path = path.slice("/api/v3".length);
  // On GitHub Enterprise Server GraphQL lives at /api/graphql (not under /api/v3).
  if (path === "/api/graphql") path = "/graphql";
  return { path, query };
}

/** Templates matching the concrete path (any method), most specific first. */
function matchingTemplates(path: string): PathTemplate[] {
  const { bySegmentCount, multiSegment } = restIndex();
  // Segments are not URL-decoded: an encoded "%2F" stays inside its segment, as on GitHub's router.
  const segments = splitPath(path);
  const candidates = [...(bySegmentCount.get(segments.length) ?? []), ...multiSegment.filter((t) => t.segments.length < segments.length)];
  return candidates.filter((t) => matches(t, segments)).sort(compareSpecificity);
}

function resolve(method: string, rawPath: string) {
  const { path, query } = normalise(rawPath);
  const templates = matchingTemplates(path);
  // Like a router, only templates that accept the method compete.
  const template = templates.find((t) => t.operations.has(method.toUpperCase()));
  const operation = template?.operations.get(method.toUpperCase());
  return { path, query, templates, template, operation };
}

/** Reads and indexes the description now (a few seconds), rather than on the first check. */
export function loadRestDescription(): void {
  restIndex();
}

export function findRestOperation(method: string, path: string): { operationId: string; pathTemplate: string } | undefined {
  const { template, operation } = resolve(method, path);
  return template && operation ? { operationId: operation.operationId, pathTemplate: template.pathTemplate } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Body validation

// ajv-formats is CommonJS: under NodeNext the default import is `module.exports`, whose
// `.default` is the plugin itself (typed and present at runtime).
const addFormats = addFormatsModule.default;

let ajv: Ajv | undefined;
function getAjv(): Ajv {
  if (!ajv) {
    // GitHub uses two non-standard formats; accept any value for them instead of warning.
    ajv = new Ajv({ strict: false, allErrors: true, formats: { "repo.nwo": true, int64: true } });
    addFormats(ajv);
  }
  return ajv;
}

interface BodyValidator {
  validate: ValidateFunction;
  /** Top-level property names the body may use, or undefined when the schema does not restrict them. */
  declared: Set<string> | undefined;
}

const validators = new Map<string, BodyValidator>();

function bodyValidator(operation: Operation, schema: JsonSchema): BodyValidator {
  let validator = validators.get(operation.operationId);
  if (!validator) {
    validator = {
      validate: getAjv().compile(toJsonSchema(schema)),
      declared: declaredProperties(schema),
    };
    validators.set(operation.operationId, validator);
  }
  return validator;
}

const SCHEMA_MAPS = ["properties", "patternProperties"] as const;
const SCHEMA_VALUES = ["items", "additionalProperties", "not"] as const;
const SCHEMA_LISTS = ["oneOf", "anyOf", "allOf"] as const;

/**
 * OpenAPI 3.0 `nullable: true` -> JSON Schema. Ajv's own `nullable` support throws when `type` is
 * missing (GitHub has `{ oneOf: [...], nullable: true }`) and does not add null to `enum`
 * (GitHub has nullable enums such as `state_reason`), so rewrite it explicitly. Returns a copy.
 */
function toJsonSchema(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  for (const key of SCHEMA_MAPS) {
    const map = out[key] as Record<string, JsonSchema> | undefined;
    if (map) out[key] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, toJsonSchema(v)]));
  }
  for (const key of SCHEMA_VALUES) {
    const value = out[key];
    if (typeof value === "object" && value !== null) out[key] = toJsonSchema(value as JsonSchema);
  }
  for (const key of SCHEMA_LISTS) {
    const list = out[key] as JsonSchema[] | undefined;
    if (list) out[key] = list.map(toJsonSchema);
  }
  if (out.nullable !== true) return out;
  delete out.nullable;
  if (typeof out.type !== "string") return { anyOf: [out, { type: "null" }] };
  out.type = [out.type, "null"];
  if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  return out;
}

/**
 * GitHub's object schemas almost never say `additionalProperties: false`, so a misspelt field
 * (`{ text }` instead of `{ body }`) would pass ajv. Collect the declared top-level names
 * (across oneOf/anyOf object branches) so undeclared ones can be reported.
 */
function declaredProperties(schema: JsonSchema): Set<string> | undefined {
  if (schema.additionalProperties !== undefined) return undefined; // explicit: ajv enforces it
  if (schema.properties) return new Set(Object.keys(schema.properties));
  const branches = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (!branches) return undefined;
  const names = new Set<string>();
  for (const branch of branches) {
    if (branch.type !== "object" && !branch.properties) continue; // a plain object can't match it
    const branchNames = declaredProperties(branch);
    if (!branchNames) return undefined; // a free-form object branch accepts anything
    for (const n of branchNames) names.add(n);
  }
  return names.size > 0 ? names : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function validateGraphqlBody(body: unknown): string[] {
  if (!isPlainObject(body) || typeof body.query !== "string") {
    return ["GraphQL body must be an object with a string `query`"];
  }
  const problems: string[] = [];
  if (body.variables !== undefined && !isPlainObject(body.variables)) {
    problems.push("GraphQL `variables` must be an object");
  }
  for (const key of Object.keys(body)) {
    if (!["query", "variables", "operationName"].includes(key)) {
      problems.push(`GraphQL body has unexpected property "${key}"`);
    }
  }
  // What GitHub checks before it runs a document: schema, variables, pagination bounds, node limit.
  return problems.length > 0 ? problems : validateGraphqlRequest(body);
}

export function validateAgainstRestDescription(request: RecordedRequest): string[] {
  const method = request.method.toUpperCase();
  const { path, query, templates, template, operation } = resolve(method, request.path);

  if (path === "/graphql" && method === "POST") return validateGraphqlBody(request.body);

  if (!template || !operation) {
    if (templates.length === 0) return [`no path in GitHub's REST description matches ${path}`];
    const allowed = [...new Set(templates.flatMap((t) => [...t.operations.keys()]))].join(", ");
    return [`${method} is not allowed on ${templates[0]!.pathTemplate} (allowed: ${allowed})`];
  }

  const problems: string[] = [];
  const id = operation.operationId;

  const declaredQuery = new Set((operation.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name));
  // Past the pages GitHub numbers, its own `link` headers page these lists by cursor (`after`,
  // `before`), which the description does not declare.
  if (declaredQuery.has("page")) for (const cursor of ["after", "before"]) declaredQuery.add(cursor);
  for (const key of new Set(new URLSearchParams(query).keys())) {
    if (!declaredQuery.has(key)) problems.push(`query parameter "${key}" is not declared for ${id}`);
  }

  // Octokit sends `""` as the body of PATCH/PUT requests without body parameters.
  const hasBody = request.body !== undefined && request.body !== "";
  if (!operation.requestBody) {
    if (hasBody) problems.push(`a body was sent but ${id} takes no request body`);
    return problems;
  }
  const schema = operation.requestBody.content["application/json"]?.schema;
  if (!schema) return problems; // non-JSON media type (raw markdown, release assets): not checked
  if (!hasBody && !operation.requestBody.required) return problems;

  // A missing required body is checked as `{}`, which reports its missing required fields.
  const body = hasBody ? request.body : {};
  const { validate, declared } = bodyValidator(operation, schema);
  if (!validate(body)) {
    for (const error of validate.errors ?? []) {
      const allowed = error.keyword === "enum" ? ` (${JSON.stringify(error.params.allowedValues)})` : "";
      problems.push(`body${error.instancePath} ${error.message}${allowed}`);
    }
  }
  if (declared && isPlainObject(body)) {
    for (const key of Object.keys(body)) {
      if (!declared.has(key)) problems.push(`body property "${key}" is not declared for ${id}`);
    }
  }
  return problems;
}

export function expectValidGitHubRequests(requests: readonly RecordedRequest[]): void {
  const lines = requests.flatMap((request) => validateAgainstRestDescription(request).map((problem) => `- ${request.method.toUpperCase()} ${request.path}: ${problem}`));
  if (lines.length > 0) {
    throw new Error(`GitHub requests do not match GitHub's REST description:\n${lines.join("\n")}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Answer validation: what a stand-in answers in GitHub's place.

export interface RecordedAnswer {
  method: string;
  /** The path as requested, with its query string. */
  path: string;
  status: number;
  /** The parsed JSON body, a string for a non-JSON answer, or undefined for none. */
  body: unknown;
}

const answerValidators = new Map<string, ValidateFunction>();

/**
 * Problems with an answer, by GitHub's REST description: a success status the operation never
 * answers, or a JSON body that does not match the operation's schema for that status. Error
 * statuses the description does not list for the operation (a secondary rate limit's 403, an
 * injected 502) are GitHub's generic error, `{ message }`. GraphQL answers are not REST: not
 * checked here. A text body (raw media type, an HTML error page) is not checked against a schema.
 */
export function validateAnswerAgainstRestDescription(answer: RecordedAnswer): string[] {
  const method = answer.method.toUpperCase();
  const { path, operation } = resolve(method, answer.path);
  if (path === "/graphql" || !operation) return []; // an unknown operation is the request check's to report
  const id = operation.operationId;
  const listed = operation.responses ?? {};
  const response = listed[String(answer.status)];
  if (!response) {
    if (answer.status >= 400)
      return isPlainObject(answer.body) && typeof answer.body.message === "string" ? [] : [`a ${answer.status} answer without GitHub's error body { message }`];
    return [`${answer.status} is not an answer of ${id} (it answers ${Object.keys(listed).join(", ")})`];
  }
  const schema = response.content?.["application/json"]?.schema;
  const hasBody = answer.body !== undefined && answer.body !== "";
  if (!schema) return hasBody && typeof answer.body !== "string" ? [`${id} answers ${answer.status} without a body, the stand-in sent one`] : [];
  if (typeof answer.body === "string") return [];
  if (!hasBody) return [`${id} answers ${answer.status} with a body, the stand-in sent none`];
  const key = `${id} ${answer.status}`;
  let validate = answerValidators.get(key);
  if (!validate) answerValidators.set(key, (validate = getAjv().compile(toJsonSchema(schema))));
  if (validate(answer.body)) return [];
  return (validate.errors ?? [])
    .slice(0, 10)
    .map((error) => `answer body${error.instancePath} ${error.message}${error.keyword === "enum" ? ` (${JSON.stringify(error.params.allowedValues)})` : ""}`);
}
