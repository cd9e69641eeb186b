/**
 * Test helper: checks a GraphQL request the way GitHub does before running it, against GitHub's
 * published schema (@octokit/graphql-schema): the document parses and validates, its variables
 * fit their declarations, every connection has a `first` or `last` within 1..100, and the call
 * stays under the node limit (counted by the app's own function, src/github/graphql-node-count.ts).
 * Any document, not a fixed list: what a test sends is what is checked.
 */
import { readFileSync } from "node:fs";
import {
  buildSchema,
  getNamedType,
  getVariableValues,
  type GraphQLError,
  Kind,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from "graphql";
import { graphqlCost, NODE_LIMIT } from "../../src/github/graphql-node-count.js";

/** A refusal as GitHub words it: `type` is GitHub's error type where it has one. */
export interface GraphqlRefusal {
  type: string;
  message: string;
}

let schema: GraphQLSchema | undefined;

/** GitHub's schema, built once per process (the plain `buildSchema` rejects GitHub's SDL). */
export function githubSchema(): GraphQLSchema {
  // The package's `exports` map only exposes its JSON-parsing index; read the SDL file beside it.
  schema ??= buildSchema(readFileSync(new URL("../../node_modules/@octokit/graphql-schema/schema.graphql", import.meta.url), "utf8"), { assumeValidSDL: true });
  return schema;
}

/** Everything GitHub would refuse in this request body, empty when it would run it. */
export function graphqlRefusals(body: { query?: unknown; variables?: unknown; operationName?: unknown }): GraphqlRefusal[] {
  if (typeof body.query !== "string") return [{ type: "INVALID_REQUEST", message: "A query attribute must be specified and must be a string." }];
  const variables = (body.variables ?? {}) as Record<string, unknown>;
  let document: DocumentNode;
  try {
    document = parse(body.query);
  } catch (error) {
    return [{ type: "PARSE_ERROR", message: (error as GraphQLError).message }];
  }
  const invalid = validate(githubSchema(), document);
  if (invalid.length > 0) return invalid.map((error) => ({ type: "VALIDATION", message: error.message }));
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const operation = typeof body.operationName === "string" ? operations.find((candidate) => candidate.name?.value === body.operationName) : operations[0];
  if (!operation) return [{ type: "VALIDATION", message: `No operation named ${String(body.operationName)}` }];
  const coerced = getVariableValues(githubSchema(), operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return coerced.errors.map((error) => ({ type: "VARIABLE", message: error.message }));
  const refusals = paginationRefusals(document, coerced.coerced);
  const { nodes } = graphqlCost(document, coerced.coerced);
  if (nodes > NODE_LIMIT) {
    refusals.push({
      type: "MAX_NODE_LIMIT_EXCEEDED",
      message: `This query requests up to ${nodes.toLocaleString("en")} possible nodes which exceeds the maximum limit of ${NODE_LIMIT.toLocaleString("en")}.`,
    });
  }
  return refusals;
}

/** Every connection (a field whose type is a `…Connection`) needs `first` or `last`, within 1..100. */
function paginationRefusals(document: DocumentNode, variables: Record<string, unknown>): GraphqlRefusal[] {
  const refusals: GraphqlRefusal[] = [];
  const typeInfo = new TypeInfo(githubSchema());
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(field) {
        const type = typeInfo.getType();
        if (!type || !getNamedType(type).name.endsWith("Connection")) return;
        const name = field.name.value;
        const bounds = (field.arguments ?? []).filter((argument) => argument.name.value === "first" || argument.name.value === "last");
        if (bounds.length === 0) {
          refusals.push({ type: "MISSING_PAGINATION_BOUNDARIES", message: `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.` });
        }
        for (const bound of bounds) {
          const value = literalValue(bound.value, variables);
          if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 100) {
            refusals.push({
              type: "EXCESSIVE_PAGINATION",
              message: `Requesting ${String(value)} records on the \`${name}\` connection is outside the \`${bound.name.value}\` limits of 1 to 100 records.`,
            });
          }
        }
      },
    }),
  );
  return refusals;
}

function literalValue(value: ValueNode, variables: Record<string, unknown>): unknown {
  if (value.kind === Kind.VARIABLE) return variables[value.name.value];
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.NULL) return null;
  return undefined;
}

/** The problems, as lines for a failing test. */
export function validateGraphqlRequest(body: unknown): string[] {
  if (typeof body !== "object" || body === null) return ["GraphQL body must be an object with a string `query`"];
  return graphqlRefusals(body as Record<string, unknown>).map((refusal) => `GraphQL ${refusal.type}: ${refusal.message}`);
}
