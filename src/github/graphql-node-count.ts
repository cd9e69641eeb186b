import { Kind, parse, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode, type ValueNode } from "graphql";

/** GitHub refuses a call that could return more nodes than this. */
export const NODE_LIMIT = 500_000;

/** What one GraphQL document may cost on GitHub, by GitHub's published formulas. */
export interface GraphqlCost {
  /** Nodes the document may return: each connection's `first`/`last` multiplied by those of the connections above it, summed. */
  nodes: number;
  /** Requests GitHub needs to fulfil it: each connection is fetched once per possible parent (the product of the `first`/`last` above it), summed. */
  requests: number;
  /** Rate-limit points: requests ÷ 100, rounded, at least 1. */
  points: number;
}

/**
 * The node count and point cost of a document, computed as GitHub's "Rate limits and query limits
 * for the GraphQL API" describes them (its worked examples: 550 and 22,060 nodes, 5,101 requests
 * or 51 points). A connection is a field with a `first` or `last` argument; a `first` given as a
 * variable is read from `variables`.
 */
export function graphqlCost(document: string | DocumentNode, variables: Record<string, unknown> = {}): GraphqlCost {
  const tree = typeof document === "string" ? parse(document) : document;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of tree.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const total = { nodes: 0, requests: 0 };
  const walk = (selectionSet: SelectionSetNode | undefined, parents: number, seen: ReadonlySet<string>): void => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet, parents, seen);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        // A fragment that spreads itself is invalid GraphQL; stop rather than loop.
        if (!seen.has(name)) walk(fragments.get(name)?.selectionSet, parents, new Set([...seen, name]));
      } else {
        const size = pageSize(selection, variables);
        if (size === undefined) walk(selection.selectionSet, parents, seen);
        else {
          total.requests += parents;
          total.nodes += parents * size;
          walk(selection.selectionSet, parents * size, seen);
        }
      }
    }
  };
  for (const definition of tree.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) walk(definition.selectionSet, 1, new Set());
  }
  return { ...total, points: Math.max(1, Math.round(total.requests / 100)) };
}

/** The `first` (or `last`) of a connection field, or undefined for a field that is not a connection. */
function pageSize(field: FieldNode, variables: Record<string, unknown>): number | undefined {
  const argument = field.arguments?.find((candidate) => candidate.name.value === "first") ?? field.arguments?.find((candidate) => candidate.name.value === "last");
  return argument ? Number(literalValue(argument.value, variables) ?? 0) : undefined;
}

function literalValue(value: ValueNode, variables: Record<string, unknown>): unknown {
  if (value.kind === Kind.VARIABLE) return variables[value.name.value];
  if (value.kind === Kind.INT || value.kind === Kind.FLOAT) return Number(value.value);
  return undefined;
}
