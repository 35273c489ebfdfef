import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import {
  execute,
  getNamedType,
  GraphQLInputType,
  GraphQLSchema,
  isInputObjectType,
  typeFromAST,
  VariableDefinitionNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import { installGatewayRequestContext } from './gateway-request-context';

type GatewayInterface = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type GatewayExecutor = NonNullable<Awaited<ReturnType<GatewayInterface['load']>>['executor']>;
type ExecutionResult = Awaited<ReturnType<GatewayExecutor>>;

/**
 * Runs operations with graphql-jit instead of graphql-js's interpreter: each distinct operation is compiled once
 * into a function that walks exactly its own selection, which costs far less per field than graphql-js's generic
 * walk (an order-history page resolves about 900 fields).
 *
 * It plugs into Apollo Server through the gateway interface, Apollo's documented hook for bringing one's own
 * executor: parsing, validation, the query limits, persisted queries and every plugin hook but per-field ones run
 * as before (this project has no per-field hooks: see cache-control.ts). The schema and its resolvers are the same.
 *
 * Two gaps of graphql-jit are closed here rather than worked around in the schema:
 * - variables are coerced by graphql-js first, so a bad variable gets graphql-js's error, which Apollo reports as
 *   BAD_USER_INPUT with status 400 exactly as without jit;
 * - graphql-jit does not fill in the default values of input object fields given through variables (OrderSort's
 *   `direction`), so an operation with such a variable is executed by graphql-js instead.
 *
 * Compiled operations are kept in a bounded map keyed by Apollo's query hash and the operation name. Clients send
 * the same few documents over and over, so the map stays small; once full, the oldest entry makes room.
 */
export function jitGateway(schema: GraphQLSchema, maxCompiled = 1000): GatewayInterface {
  // Apollo's copy of each request context for the executor kept every request alive until a full collection
  // (gateway-request-context.ts). Should Apollo's module ever differ, it stays as it is; a test says so.
  installGatewayRequestContext();
  const compiled = new Map<string, CompiledQuery | 'interpreted'>();

  const executor: GatewayExecutor = async (request) => {
    const variableDefinitions = request.operation.variableDefinitions ?? [];
    const variables = request.request.variables ?? {};
    if (variableDefinitions.length) {
      const coerced = getVariableValues(schema, variableDefinitions, variables, { maxErrors: 50 });
      if (coerced.errors) return { errors: coerced.errors };
    }
    const key = `${request.queryHash}:${request.operationName ?? ''}`;
    let operation = compiled.get(key);
    if (!operation) {
      operation = compile(schema, request, variableDefinitions);
      if (compiled.size >= maxCompiled) compiled.delete(compiled.keys().next().value!);
      compiled.set(key, operation);
    }
    if (operation === 'interpreted') {
      return execute({
        schema,
        document: request.document,
        operationName: request.operationName,
        variableValues: variables,
        contextValue: request.context,
      }) as Promise<ExecutionResult>;
    }
    const run = operation.query;
    return run(undefined, request.context, variables);
  };

  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async stop() {},
  };
}

function compile(
  schema: GraphQLSchema,
  request: Parameters<GatewayExecutor>[0],
  variableDefinitions: readonly VariableDefinitionNode[],
): CompiledQuery | 'interpreted' {
  if (variableDefinitions.some((v) => hasInputFieldDefaults(typeFromAST(schema, v.type) as GraphQLInputType)))
    return 'interpreted';
  const result = compileQuery(schema, request.document, request.operationName ?? undefined, {
    // Errors reach clients without stacks anyway; capturing one for every thrown error costs time.
    disablingCapturingStackErrors: true,
  });
  // Apollo has validated the document and chosen the operation, so this does not happen; if it did, graphql-js
  // would answer with its own error.
  return isCompiledQuery(result) ? result : 'interpreted';
}

/** Whether an input type holds, at any depth, an input object field with a default value. */
function hasInputFieldDefaults(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some(
    (field) => field.defaultValue !== undefined || hasInputFieldDefaults(field.type, seen),
  );
}
