import type http from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, getOperationAST, parse, validate, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Viewer } from '../auth/viewer';
import type { Clock } from '../common/clock';
import type { Logger } from '../common/logger';
import { createFormatError } from '../common/format-error';
import { QueryLimits, queryLimitViolation } from '../common/query-limits';
import type { RequestContext } from '../common/request-context';

/** Subscriptions one connection may hold at once: each costs a read per event (ordersChanged: one per change). */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;

const badRequest = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_REQUEST' } });
const withCode = (error: GraphQLError, code: string) =>
  new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { code },
  });

/** Who a connection is, from its `connection_init` payload; how to refuse it otherwise. */
export type ConnectionVerdict =
  | { viewer: Viewer; expiresAt: Date; stillValid?: () => Promise<boolean> }
  | { refuse: CloseCode.Unauthorized | CloseCode.Forbidden };

export interface SubscriptionServerOptions {
  httpServer: http.Server;
  schema: GraphQLSchema;
  path: string;
  limits: QueryLimits & { maxTokens: number };
  maxPayloadBytes: number;
  /** Open connections one client address may hold; the next upgrade request is answered 429. */
  maxConnectionsPerIp: number;
  logger: Logger;
  clock: Clock;
  authenticate(params: Record<string, unknown>): Promise<ConnectionVerdict>;
  context(viewer: Viewer, clientIp: string | undefined): RequestContext;
}

/**
 * graphql-ws on the API's own HTTP server and URL (Apollo Server's documented express setup): the `ws` server takes
 * the upgrade requests of `path`, and the returned plugin closes every socket when Apollo drains. Only subscription
 * operations run here (queries and mutations go by HTTP, through its guards), under the same depth, alias and
 * cost limits; errors are masked like HTTP's.
 */
export function mountSubscriptions(options: SubscriptionServerOptions): {
  plugin: ApolloServerPlugin<RequestContext>;
} {
  const { schema, limits, logger } = options;
  const formatError = createFormatError(logger);
  const wsServer = new WebSocketServer({
    server: options.httpServer,
    path: options.path,
    maxPayload: options.maxPayloadBytes,
    verifyClient: limitConnectionsPerIp(options.maxConnectionsPerIp),
  });
  const viewers = new WeakMap<
    object,
    { viewer: Viewer; expiresAt: Date; stillValid?: () => Promise<boolean> }
  >();
  /** A connection whose credentials expired is closed (4401) before it is sent anything more. */
  const expired = (ctx: { extra: { socket: { close(code: number, reason: string): void } } }) => {
    const connection = viewers.get(ctx);
    if (!connection || connection.expiresAt > options.clock.now()) return false;
    ctx.extra.socket.close(CloseCode.Unauthorized, 'Token expired');
    return true;
  };
  /** A connection whose credentials were revoked (a guest token) is closed (4403) before it is sent anything. */
  const revoked = async (ctx: { extra: { socket: { close(code: number, reason: string): void } } }) => {
    const stillValid = viewers.get(ctx)?.stillValid;
    if (!stillValid || (await stillValid())) return false;
    ctx.extra.socket.close(CloseCode.Forbidden, 'Forbidden');
    return true;
  };
  const active = new WeakMap<object, Set<string>>();
  const serverCleanup = useServer(
    {
      schema,
      onConnect: async (ctx) => {
        const verdict = await options.authenticate(ctx.connectionParams ?? {});
        if ('refuse' in verdict) {
          // 4403 is what graphql-ws sends for `false`; 4401 has to be sent here (the later 4403 is then ignored).
          if (verdict.refuse === CloseCode.Unauthorized)
            ctx.extra.socket.close(CloseCode.Unauthorized, 'Unauthorized');
          return false;
        }
        viewers.set(ctx, verdict);
        return true;
      },
      onSubscribe: (ctx, id, payload) => {
        if (expired(ctx)) return [badRequest('The token has expired')];
        const ids = active.get(ctx) ?? new Set<string>();
        active.set(ctx, ids);
        if (ids.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
          return [badRequest(`At most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection`)];
        }
        let document;
        try {
          document = parse(payload.query, { maxTokens: limits.maxTokens });
        } catch (error) {
          return [withCode(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
        }
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [badRequest('No operation to run: name one of the document')];
        if (operation.operation !== 'subscription') {
          return [
            badRequest('Only subscriptions run over WebSocket; send queries and mutations by HTTP POST'),
          ];
        }
        const invalid = validate(schema, document);
        if (invalid.length) return invalid.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED'));
        const variables = payload.variables ?? {};
        const violation = queryLimitViolation(
          schema,
          document,
          limits,
          variables,
          payload.operationName ?? undefined,
        );
        if (violation) return [violation];
        const request = ctx.extra.request;
        ids.add(id);
        return {
          schema,
          document,
          variableValues: variables,
          operationName: payload.operationName,
          contextValue: options.context(viewers.get(ctx)!.viewer, request.socket.remoteAddress),
        };
      },
      onComplete: (ctx, id) => {
        active.get(ctx)?.delete(id);
      },
      onNext: async (ctx, _id, _payload, _args, result) => {
        if (expired(ctx))
          return { errors: [{ message: 'The token has expired', extensions: { code: 'UNAUTHENTICATED' } }] };
        if (await revoked(ctx))
          return { errors: [{ message: 'The access token was revoked', extensions: { code: 'FORBIDDEN' } }] };
        return result.errors
          ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e) as GraphQLError) }
          : result;
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e) as GraphQLError),
    },
    wsServer,
  );
  return {
    plugin: {
      async serverWillStart() {
        return {
          async drainServer() {
            await serverCleanup.dispose();
          },
        };
      },
    },
  };
}

/**
 * Counts a client address's open connections from its upgrade request (before the handshake, so a burst cannot
 * slip past the count) until its TCP socket closes, whether the WebSocket opened or not.
 */
function limitConnectionsPerIp(max: number) {
  const open = new Map<string, number>();
  return (
    info: { req: http.IncomingMessage },
    done: (accept: boolean, code?: number, message?: string) => void,
  ): void => {
    const address = info.req.socket.remoteAddress ?? '';
    const count = open.get(address) ?? 0;
    if (count >= max) return done(false, 429, 'Too many connections from this address');
    open.set(address, count + 1);
    info.req.socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
    done(true);
  };
}
