import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  SelectionSetNode,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination.args';

export const MAX_QUERY_DEPTH = 12;
export const MAX_QUERY_COST = 50_000;
/** What an unpaged list (an order's items, an item's history) is assumed to hold. */
export const UNPAGED_LIST_SIZE = 10;

interface Measure {
  depth: number;
  cost: number;
}

class TooComplex extends Error {}
/** The playground asks for the schema once; nobody needs it many times in one request, and each copy is large. */
const MAX_INTROSPECTION_ROOTS = 2;

/**
 * Walks one operation against the schema. A field costs 1; a paged field (one with `first`) multiplies what it
 * selects by its page size, clamped to 1…MAX_PAGE_SIZE; the `nodes`/`edges` of a connection are already counted
 * by that; any other list multiplies by UNPAGED_LIST_SIZE. Introspection is counted like anything else but does not
 * count towards depth (the playground's schema query is deep by nature). Fragments are measured once per type, and
 * the walk stops as soon as the budget is spent, so a hostile document cannot make the check itself expensive.
 */
class Measurer {
  private readonly fragmentCache = new Map<string, Measure>();
  private spent = 0;
  private introspectionRoots = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Record<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
  ) {}

  measure(
    selectionSet: SelectionSetNode | undefined,
    parent: GraphQLNamedType | undefined,
    seen: string[],
  ): Measure {
    let depth = 0;
    let cost = 0;
    for (const selection of selectionSet?.selections ?? []) {
      let inner: Measure;
      if (selection.kind === Kind.FIELD) {
        inner = this.field(selection, parent, seen);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition
          ? this.schema.getType(selection.typeCondition.name.value)
          : parent;
        inner = this.measure(selection.selectionSet, type ?? undefined, seen);
      } else {
        inner = this.fragment(selection.name.value, seen);
      }
      depth = Math.max(depth, inner.depth);
      cost += inner.cost;
    }
    return { depth, cost };
  }

  private field(node: FieldNode, parent: GraphQLNamedType | undefined, seen: string[]): Measure {
    this.spent += 1;
    if (this.spent > MAX_QUERY_COST) throw new TooComplex();
    const definition = this.definition(node.name.value, parent);
    if (node.name.value === '__schema' || node.name.value === '__type') {
      if (++this.introspectionRoots > MAX_INTROSPECTION_ROOTS) {
        throw new TooComplex(`At most ${MAX_INTROSPECTION_ROOTS} __schema or __type fields per request`);
      }
    }
    if (!node.selectionSet) return { depth: 1, cost: 1 };
    const type = definition ? getNamedType(definition.type) : undefined;
    const child = this.measure(node.selectionSet, type, seen);
    const introspection = node.name.value.startsWith('__');
    return {
      depth: introspection ? 0 : child.depth + 1,
      cost: 1 + child.cost * this.multiplier(node, definition, parent),
    };
  }

  private fragment(name: string, seen: string[]): Measure {
    if (seen.includes(name)) return { depth: 0, cost: 0 }; // a cycle; GraphQL validation reports it
    const cached = this.fragmentCache.get(name);
    if (cached) {
      this.spent += cached.cost;
      if (this.spent > MAX_QUERY_COST) throw new TooComplex();
      return cached;
    }
    const fragment = this.fragments[name];
    if (!fragment) return { depth: 0, cost: 0 };
    const measured = this.measure(
      fragment.selectionSet,
      this.schema.getType(fragment.typeCondition.name.value) ?? undefined,
      [...seen, name],
    );
    this.fragmentCache.set(name, measured);
    return measured;
  }

  private definition(
    name: string,
    parent: GraphQLNamedType | undefined,
  ): GraphQLField<unknown, unknown> | undefined {
    if (name === '__typename') return TypeNameMetaFieldDef;
    if (name === '__schema') return SchemaMetaFieldDef;
    if (name === '__type') return TypeMetaFieldDef;
    if (parent && (isObjectType(parent) || isInterfaceType(parent))) return parent.getFields()[name];
    return undefined;
  }

  private multiplier(
    node: FieldNode,
    definition: GraphQLField<unknown, unknown> | undefined,
    parent: GraphQLNamedType | undefined,
  ): number {
    const first = node.arguments?.find((a) => a.name.value === 'first');
    if (first || definition?.args.some((a) => a.name === 'first')) return this.pageSize(first?.value);
    const isList = definition ? isListType(getNullableType(definition.type)) : false;
    // Introspection lists are as long as the schema is: bounded, and counted once (the root fields are capped).
    if (!isList || parent?.name.startsWith('__')) return 1;
    const inConnection =
      parent !== undefined && isCompositeType(parent) && parent.name.endsWith('Connection');
    return inConnection ? 1 : UNPAGED_LIST_SIZE;
  }

  private pageSize(value: ValueNode | undefined): number {
    let size: unknown = DEFAULT_PAGE_SIZE;
    if (value?.kind === Kind.INT) size = Number(value.value);
    else if (value?.kind === Kind.VARIABLE) size = this.variables[value.name.value] ?? DEFAULT_PAGE_SIZE;
    return typeof size === 'number' && Number.isFinite(size)
      ? Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(size)))
      : DEFAULT_PAGE_SIZE;
  }
}

const tooComplex = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });

/** The reason to refuse a document before any resolver runs, or null when it is within the limits. */
export function queryLimitViolation(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> = {},
): GraphQLError | null {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const root =
      definition.operation === 'mutation'
        ? schema.getMutationType()
        : definition.operation === 'subscription'
          ? schema.getSubscriptionType()
          : schema.getQueryType();
    let measured: Measure;
    try {
      measured = new Measurer(schema, fragments, variables).measure(
        definition.selectionSet,
        root ?? undefined,
        [],
      );
    } catch (error) {
      if (error instanceof TooComplex) {
        return tooComplex(
          error.message ||
            `Query cost exceeds the maximum of ${MAX_QUERY_COST}; ask for smaller pages or fewer fields`,
        );
      }
      throw error;
    }
    if (measured.depth > MAX_QUERY_DEPTH) {
      return tooComplex(`Query is nested ${measured.depth} levels deep; the maximum is ${MAX_QUERY_DEPTH}`);
    }
    if (measured.cost > MAX_QUERY_COST) {
      return tooComplex(
        `Query cost ${measured.cost} exceeds the maximum of ${MAX_QUERY_COST}; ask for smaller pages or fewer fields`,
      );
    }
  }
  return null;
}

/** Apollo plugin: the limits need the request's variables, so they run once the operation is resolved. */
export const queryLimitsPlugin: ApolloServerPlugin<BaseContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, request, schema }) {
        const violation = queryLimitViolation(schema, document, request.variables ?? {});
        if (violation) throw violation;
      },
    };
  },
};
