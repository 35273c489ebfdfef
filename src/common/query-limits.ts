import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLError,
  Kind,
  SelectionSetNode,
  ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from './pagination.args';

export const MAX_QUERY_DEPTH = 12;
export const MAX_QUERY_COST = 20_000;

interface Measure {
  depth: number;
  cost: number;
}

function pageSize(field: FieldNode, variables: Record<string, unknown>): number {
  const arg = field.arguments?.find((a) => a.name.value === 'first');
  if (!arg) return field.arguments?.some((a) => a.name.value === 'after') ? DEFAULT_PAGE_SIZE : 1;
  const value: ValueNode = arg.value;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    return typeof v === 'number' ? v : DEFAULT_PAGE_SIZE;
  }
  return DEFAULT_PAGE_SIZE;
}

function measure(
  selectionSet: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  seen: Set<string>,
): Measure {
  let depth = 0;
  let cost = 0;
  for (const selection of selectionSet?.selections ?? []) {
    let inner: Measure;
    if (selection.kind === Kind.FIELD) {
      // Introspection is bounded by the schema itself; the playground's docs query is deep but cheap.
      if (selection.name.value.startsWith('__')) continue;
      const child = measure(selection.selectionSet, fragments, variables, seen);
      const multiplier = selection.selectionSet ? pageSize(selection, variables) : 1;
      inner = { depth: selection.selectionSet ? child.depth + 1 : 1, cost: 1 + child.cost * multiplier };
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      inner = measure(selection.selectionSet, fragments, variables, seen);
    } else {
      const name = selection.name.value;
      if (seen.has(name)) continue;
      inner = measure(fragments[name]?.selectionSet, fragments, variables, new Set([...seen, name]));
    }
    depth = Math.max(depth, inner.depth);
    cost += inner.cost;
  }
  return { depth, cost };
}

/**
 * Refuses queries nested deeper than MAX_QUERY_DEPTH or costing more than MAX_QUERY_COST, where a field costs 1
 * and a paged field multiplies what it selects by its page size. Checked before any resolver runs.
 */
export function queryLimitViolation(
  document: DocumentNode,
  variables: Record<string, unknown> = {},
): GraphQLError | null {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const { depth, cost } = measure(definition.selectionSet, fragments, variables, new Set());
    const complaint =
      depth > MAX_QUERY_DEPTH
        ? `Query is nested ${depth} levels deep; the maximum is ${MAX_QUERY_DEPTH}`
        : cost > MAX_QUERY_COST
          ? `Query cost ${cost} exceeds the maximum of ${MAX_QUERY_COST}; ask for smaller pages`
          : null;
    if (complaint) {
      return new GraphQLError(complaint, {
        extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
      });
    }
  }
  return null;
}

/** Apollo plugin: the limits need the request's variables, so they run once the operation is resolved. */
export const queryLimitsPlugin: ApolloServerPlugin<BaseContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, request }) {
        const violation = queryLimitViolation(document, request.variables ?? {});
        if (violation) throw violation;
      },
    };
  },
};
