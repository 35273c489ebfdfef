import type { ApolloServerPlugin } from '@apollo/server';
import { graphqlDuration, graphqlErrors } from './metrics';

// Operation names come from clients: bounded, so a client cannot grow the metric without limit.
const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
const MAX_NAMES = 500;
const seen = new Set<string>();

function label(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (!NAME.test(name)) return 'invalid';
  if (!seen.has(name)) {
    if (seen.size >= MAX_NAMES) return 'other';
    seen.add(name);
  }
  return name;
}

/** Request duration by operation name and type, and every error by its code. */
export const graphqlMetricsPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    const end = graphqlDuration.startTimer();
    let operation = 'unparsed';
    let type = 'unknown';
    return {
      async didResolveOperation({ operationName, operation: document }) {
        operation = label(operationName);
        type = document?.operation ?? 'unknown';
      },
      async didEncounterErrors({ errors }) {
        for (const error of errors) {
          const code = error.extensions?.code;
          graphqlErrors.inc({ code: typeof code === 'string' ? code.slice(0, 64) : 'INTERNAL_SERVER_ERROR' });
        }
      },
      async willSendResponse() {
        end({ operation, type });
      },
    };
  },
};
