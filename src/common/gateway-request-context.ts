import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { BaseContext, GraphQLRequestContext, HeaderMap } from '@apollo/server';

/**
 * Apollo Server hands a gateway's executor (our graphql-jit, see jit-executor.ts) a copy of the request context made
 * by its `makeGatewayGraphQLRequestContext`. That copy has `response.http.status` as a getter and setter written in
 * an object literal, closures over the whole request context. V8 allocates the pair holding an accessor's getter and
 * setter in the old generation, so each request's pair, dead with the request, kept its closures, and through them
 * the request's result, rows and context, alive through every young-generation collection until the next full one,
 * which promoted them: 1.1 MB of every 16 MB the history page allocated, and an old-space collection every 0.9 s under
 * load. The accessors of a class are made once, on its prototype.
 *
 * So the function is replaced, in the module Apollo's request pipeline calls it from, by this one: the same fields
 * from the same sources, the status reading and writing through to Apollo's response as before. Written against
 * @apollo/server 5.5 (pinned); `installGatewayRequestContext` refuses to patch a module that does not look like it,
 * and test/common/gateway-request-context.test.ts compares the two functions' results.
 */

type AnyRequestContext = GraphQLRequestContext<BaseContext>;

/** The Fetch API `Headers` view of a HeaderMap, as Apollo's own `FetcherHeadersForHeaderMap`. */
class HeadersOfHeaderMap {
  constructor(private readonly map: HeaderMap) {}
  append(name: string, value: string) {
    this.map.set(name, this.map.has(name) ? `${this.map.get(name)}, ${value}` : value);
  }
  delete(name: string) {
    this.map.delete(name);
  }
  get(name: string) {
    return this.map.get(name) ?? null;
  }
  has(name: string) {
    return this.map.has(name);
  }
  set(name: string, value: string) {
    this.map.set(name, value);
  }
  entries() {
    return this.map.entries();
  }
  keys() {
    return this.map.keys();
  }
  values() {
    return this.map.values();
  }
  [Symbol.iterator]() {
    return this.map.entries();
  }
}

/** `response.http` of the gateway's context: the status goes to and comes from Apollo's response. */
class GatewayResponseHttp {
  readonly headers: HeadersOfHeaderMap;
  readonly #head: AnyRequestContext['response']['http'];
  constructor(head: AnyRequestContext['response']['http']) {
    this.#head = head;
    this.headers = new HeadersOfHeaderMap(head.headers);
  }
  get status() {
    return this.#head.status;
  }
  set status(status: number | undefined) {
    this.#head.status = status;
  }
}

interface ServerParts {
  logger: unknown;
  cache: unknown;
}

export function makeGatewayRequestContext(
  context: AnyRequestContext,
  server: ServerParts,
  internals: { includeStacktraceInErrorResponses?: boolean },
) {
  const request: Record<string, unknown> = {};
  if ('query' in context.request) request.query = context.request.query;
  if ('operationName' in context.request) request.operationName = context.request.operationName;
  if ('variables' in context.request) request.variables = context.request.variables;
  if ('extensions' in context.request) request.extensions = context.request.extensions;
  if (context.request.http) {
    const http = context.request.http;
    const needQuestion = http.search !== '' && !http.search.startsWith('?');
    request.http = {
      method: http.method,
      url: `https://unknown-url.invalid/${needQuestion ? '?' : ''}${http.search}`,
      headers: new HeadersOfHeaderMap(http.headers),
    };
  }
  const fields = context as AnyRequestContext & Record<string, unknown>;
  return {
    request,
    response: { http: new GatewayResponseHttp(context.response.http) },
    logger: server.logger,
    schema: context.schema,
    schemaHash: 'schemaHash no longer exists since Apollo Server 4',
    context: context.contextValue,
    cache: server.cache,
    queryHash: fields.queryHash,
    document: fields.document,
    source: fields.source,
    operationName: fields.operationName,
    operation: fields.operation,
    errors: fields.errors,
    metrics: context.metrics,
    debug: internals.includeStacktraceInErrorResponses,
    overallCachePolicy: context.overallCachePolicy,
    requestIsBatched: context.requestIsBatched,
  };
}

interface GatewayContextModule {
  makeGatewayGraphQLRequestContext: (...args: never[]) => unknown;
}

/**
 * Apollo's module, by file: its package exports do not name it. The same file, so the same module, as Apollo's
 * CommonJS request pipeline requires (this project runs as CommonJS). Undefined if Apollo no longer has that file.
 */
export function apolloGatewayContextModule(): GatewayContextModule | undefined {
  const load = createRequire(__filename);
  const dist = path.dirname(load.resolve('@apollo/server'));
  try {
    return load(path.join(dist, 'utils', 'makeGatewayGraphQLRequestContext.js')) as GatewayContextModule;
  } catch {
    return undefined;
  }
}

/** Puts `makeGatewayRequestContext` in Apollo's place; false (and nothing changed) if Apollo's module differs. */
export function installGatewayRequestContext(): boolean {
  const module = apolloGatewayContextModule();
  if (!module) return false;
  const current = module.makeGatewayGraphQLRequestContext;
  if (current === (makeGatewayRequestContext as unknown)) return true;
  if (typeof current !== 'function' || current.length !== 3) return false;
  module.makeGatewayGraphQLRequestContext = makeGatewayRequestContext as unknown as typeof current;
  return true;
}
