import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  validate,
  ValidationContext,
  ValidationRule,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity } from 'graphql-query-complexity';
import { costContext, defaultCost, ListBounds } from './query-cost';

export interface QueryLimits {
  /** Highest cost (see query-cost.ts) one operation may have. */
  maxCost: number;
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  /** Top-level fields of one mutation operation: each may write, so a request cannot carry thousands. */
  maxMutations: number;
  bounds: ListBounds;
}

/** The playground asks for the schema once; nobody needs it many times in one request, and each copy is large. */
const MAX_INTROSPECTION_ROOTS = 2;
/** graphql-query-complexity gives up past this many selections: a hostile fragment tree cannot make it slow. */
const MAX_QUERY_NODES = 20_000;

export const queryTooComplex = (message: string, extensions: Record<string, unknown> = {}) =>
  new GraphQLError(message, {
    extensions: { code: 'QUERY_TOO_COMPLEX', ...extensions, http: { status: 400 } },
  });

/** graphql-armor's depth, alias and directive rules, reporting with our code instead of BAD_USER_INPUT. */
export function armorRules(limits: QueryLimits): ValidationRule[] {
  const report = [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(queryTooComplex(error.message)),
  ];
  const rule = { propagateOnRejection: false, onReject: report };
  return new ApolloArmor({
    costLimit: { enabled: false }, // graphql-query-complexity below, with list bounds from configuration
    maxTokens: { enabled: false }, // Apollo's parseOptions.maxTokens: refused while parsing, before all this
    blockFieldSuggestion: { enabled: false },
    maxDepth: { ...rule, n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { ...rule, n: limits.maxAliases },
    maxDirectives: { ...rule, n: limits.maxDirectives },
  }).protect().validationRules as ValidationRule[];
}

/** graphql-armor's plugin that masks "Did you mean …?" hints: they spell out a hidden schema. */
export function fieldSuggestionBlocker() {
  return new ApolloArmor({
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    maxDepth: { enabled: false },
    maxAliases: { enabled: false },
    maxDirectives: { enabled: false },
  }).protect().plugins;
}

function operationOf(document: DocumentNode, name: string | undefined): OperationDefinitionNode | undefined {
  return document.definitions.find(
    (d): d is OperationDefinitionNode =>
      d.kind === Kind.OPERATION_DEFINITION && (name === undefined || d.name?.value === name),
  );
}

/** The root fields an operation runs, through fragments, in document order (aliases count once each). */
export function rootFields(document: DocumentNode, operation: OperationDefinitionNode): string[] {
  const names: string[] = [];
  const visit = (set: SelectionSetNode, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) names.push(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value)) {
        const fragment = document.definitions.find(
          (d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value,
        );
        if (fragment?.kind === Kind.FRAGMENT_DEFINITION)
          visit(fragment.selectionSet, new Set([...seen, fragment.name.value]));
      }
    }
  };
  visit(operation.selectionSet, new Set());
  return names;
}

/** The cost of one operation of a valid document: what the limit compares with QUERY_MAX_COST. */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  bounds: ListBounds,
  variables: Record<string, unknown> = {},
  operationName?: string,
): number {
  return getComplexity({
    schema,
    query: document,
    variables,
    operationName,
    estimators: [fieldExtensionsEstimator(), defaultCost],
    context: costContext(bounds),
    maxQueryNodes: MAX_QUERY_NODES,
  });
}

/**
 * The reason to refuse an operation before any resolver runs, or null. Runs after validation (the document is
 * known to be valid) and needs the variables: a page size or a default value in a variable counts.
 */
export function queryLimitViolation(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: QueryLimits,
  variables: Record<string, unknown> = {},
  operationName?: string,
  rules: ValidationRule[] = armorRules(limits),
): GraphQLError | null {
  const [armor] = validate(schema, document, rules);
  if (armor) return armor;
  const operation = operationOf(document, operationName ?? undefined);
  if (!operation) return null;
  const roots = rootFields(document, operation);
  if (roots.filter((name) => name === '__schema' || name === '__type').length > MAX_INTROSPECTION_ROOTS) {
    return queryTooComplex(`At most ${MAX_INTROSPECTION_ROOTS} __schema or __type fields per request`);
  }
  if (operation.operation === 'mutation') {
    const mutations = roots.filter((name) => !name.startsWith('__')).length;
    if (mutations > limits.maxMutations) {
      return new GraphQLError(
        `A request may run at most ${limits.maxMutations} mutations; this one has ${mutations}. None ran.`,
        { extensions: { code: 'TOO_MANY_MUTATIONS', http: { status: 400 } } },
      );
    }
  }
  let cost: number;
  try {
    cost = queryCost(schema, document, limits.bounds, variables, operation.name?.value);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    if (/maximum allowed number of nodes/.test(error.message)) return queryTooComplex(error.message);
    // Variables that do not fit their types: what execution would have said, said earlier.
    return new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
  }
  if (!(cost <= limits.maxCost)) {
    return queryTooComplex(
      `Query cost ${cost} exceeds the maximum of ${limits.maxCost}; ask for smaller pages or fewer nested lists`,
      { cost, maxCost: limits.maxCost },
    );
  }
  return null;
}
