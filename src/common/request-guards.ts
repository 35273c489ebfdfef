import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import { armorRules, queryLimitViolation, QueryLimits, rootFields } from './query-limits';
import type { MutationRateLimiter } from './rate-limits';
import type { RequestContext } from './request-context';

/**
 * Refuses an operation once it is parsed, validated and its variables are known, before any resolver runs: first
 * the cheap checks of the document (size, cost, mutation count), then the rate limit, which costs a database round
 * trip and must not count requests that were refused anyway. One plugin, because Apollo runs the
 * `didResolveOperation` hooks of several plugins at the same time.
 */
export function requestGuardsPlugin(
  limits: QueryLimits,
  rateLimiter: MutationRateLimiter | null,
): ApolloServerPlugin<RequestContext> {
  const rules = armorRules(limits);
  // Apollo hands the same DocumentNode for the same query text (its document cache); a client's page query passes
  // the same checks with the same variables every time, so a pass is remembered (0.15 ms per history page).
  // Queries only: a mutation's variables differ every time (and hold addresses nobody should keep around).
  const passed = new WeakMap<DocumentNode, Set<string>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, schema, operation, contextValue }) {
          if (!operation) return; // Apollo answers a request without a matching operation itself
          const key =
            operation.operation === 'query'
              ? `${operation.name?.value ?? ''}|${JSON.stringify(request.variables ?? {})}`
              : null;
          let passes = passed.get(document);
          if (key === null || !passes?.has(key)) {
            const violation = queryLimitViolation(
              schema,
              document,
              limits,
              request.variables ?? {},
              operation.name?.value,
              rules,
            );
            if (violation) throw violation;
            if (key !== null) {
              if (!passes || passes.size >= 100) passed.set(document, (passes = new Set()));
              passes.add(key);
            }
          }
          if (rateLimiter && operation.operation === 'mutation') {
            const mutations = rootFields(document, operation as OperationDefinitionNode).filter(
              (name) => !name.startsWith('__'),
            );
            const refusal = await rateLimiter.check(
              contextValue.viewer,
              contextValue.clientIp ?? 'unknown',
              mutations,
            );
            if (refusal) throw refusal;
          }
        },
      };
    },
  };
}
