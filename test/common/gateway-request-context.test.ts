import { ApolloServer, HeaderMap } from '@apollo/server';
import type { BaseContext, GraphQLRequestContext } from '@apollo/server';
import { buildSchema, parse } from 'graphql';
import {
  apolloGatewayContextModule,
  installGatewayRequestContext,
  makeGatewayRequestContext,
} from '../../src/common/gateway-request-context';
import { jitGateway } from '../../src/common/jit-executor';
import { buildAppSchema } from '../../src/schema';

type Made = Record<string, unknown> & {
  request: { http: { headers: Headers; url: string; method: string } };
  response: { http: { status?: number; headers: Headers } };
};

/** A request context as Apollo's pipeline has it when it calls the gateway's executor. */
function requestContext(search: string | null) {
  const document = parse('query Page { __typename }');
  return {
    request: {
      query: 'query Page { __typename }',
      operationName: 'Page',
      variables: { first: 20 },
      extensions: { persistedQuery: { version: 1 } },
      ...(search === null
        ? {}
        : {
            http: {
              method: 'POST',
              search,
              headers: new HeaderMap([['accept', 'application/json']]),
              body: {},
            },
          }),
    },
    response: { http: { status: undefined, headers: new HeaderMap([['x-one', '1']]) } },
    schema: { kind: 'schema' },
    contextValue: { viewer: 'someone' },
    queryHash: 'hash',
    document,
    source: 'query Page { __typename }',
    operationName: 'Page',
    operation: document.definitions[0],
    errors: undefined,
    metrics: { persistedQueryHit: false },
    overallCachePolicy: { maxAge: 0 },
    requestIsBatched: false,
  } as unknown as GraphQLRequestContext<BaseContext>;
}

describe("the gateway's request context", () => {
  const original = apolloGatewayContextModule()!.makeGatewayGraphQLRequestContext as unknown as (
    ...args: unknown[]
  ) => Made;
  const parts = { logger: { name: 'logger' }, cache: { name: 'cache' } };
  const internals = { includeStacktraceInErrorResponses: false };

  it('is ours in the module Apollo calls it from, once the jit gateway is built', async () => {
    expect(original).not.toBe(makeGatewayRequestContext);
    jitGateway(await buildAppSchema());
    expect(apolloGatewayContextModule()!.makeGatewayGraphQLRequestContext).toBe(makeGatewayRequestContext);
    expect(installGatewayRequestContext()).toBe(true);
  });

  it("is what Apollo's request pipeline calls for an operation, looked up at call time", async () => {
    const gateway = jitGateway(buildSchema('type Query { hello: String }'));
    const module = apolloGatewayContextModule()!;
    const made: { response: { http: object } }[] = [];
    const ours = module.makeGatewayGraphQLRequestContext as unknown as (
      ...args: unknown[]
    ) => (typeof made)[0];
    module.makeGatewayGraphQLRequestContext = ((...args: unknown[]) => {
      made.push(ours(...args));
      return made[made.length - 1];
    }) as never;
    const server = new ApolloServer({ gateway });
    try {
      await server.start();
      const response = await server.executeOperation({ query: '{ __typename }' });
      expect(response.body).toEqual({ kind: 'single', singleResult: { data: { __typename: 'Query' } } });
      expect(made).toHaveLength(1);
      const own = makeGatewayRequestContext(requestContext(''), parts, internals).response.http;
      expect(Object.getPrototypeOf(made[0].response.http)).toBe(Object.getPrototypeOf(own));
    } finally {
      module.makeGatewayGraphQLRequestContext = ours as never;
      await server.stop();
    }
  });

  it.each(['', 'a=1', '?a=1', null])(
    'has every field Apollo gives it, with search %j (null: no HTTP)',
    (search) => {
      const apollo = original(requestContext(search), parts, internals);
      const ours = makeGatewayRequestContext(requestContext(search), parts, internals) as unknown as Made;
      if (search === null) {
        expect(Object.keys(ours.request)).toEqual(Object.keys(apollo.request));
        expect('http' in ours.request).toBe(false);
        return;
      }
      expect(Object.keys(ours)).toEqual(Object.keys(apollo));
      for (const key of Object.keys(apollo).filter((k) => k !== 'request' && k !== 'response')) {
        expect([key, ours[key]]).toEqual([key, apollo[key]]);
      }
      const { http: apolloHttp, ...apolloRequest } = apollo.request;
      const { http: ourHttp, ...ourRequest } = ours.request;
      expect(ourRequest).toEqual(apolloRequest);
      expect([ourHttp.method, ourHttp.url]).toEqual([apolloHttp.method, apolloHttp.url]);
      expect([...ourHttp.headers]).toEqual([...apolloHttp.headers]);
    },
  );

  it('reads and writes the status and headers of the response through to Apollo', () => {
    for (const make of [original, makeGatewayRequestContext as unknown as typeof original]) {
      const context = requestContext('');
      const made = make(context, parts, internals);
      expect(made.response.http.status).toBeUndefined();
      made.response.http.status = 418;
      expect(context.response.http.status).toBe(418);
      context.response.http.status = 202;
      expect(made.response.http.status).toBe(202);

      const headers = made.response.http.headers;
      headers.append('x-one', '2');
      headers.set('x-two', 'b');
      headers.append('x-three', 'c');
      headers.delete('x-two');
      expect([headers.get('x-one'), headers.get('x-two'), headers.has('x-three')]).toEqual([
        '1, 2',
        null,
        true,
      ]);
      expect([...context.response.http.headers.entries()]).toEqual([
        ['x-one', '1, 2'],
        ['x-three', 'c'],
      ]);
      expect([[...headers.keys()], [...headers.values()]]).toEqual([
        ['x-one', 'x-three'],
        ['1, 2', 'c'],
      ]);
    }
  });

  it('builds every response head from one class, not a new object literal with accessors each time', () => {
    const first = makeGatewayRequestContext(requestContext(''), parts, internals).response.http;
    const second = makeGatewayRequestContext(requestContext(''), parts, internals).response.http;
    expect(Object.getPrototypeOf(first)).toBe(Object.getPrototypeOf(second));
    expect(Object.getOwnPropertyDescriptor(first, 'status')).toBeUndefined();
    expect(Object.keys(first)).toEqual(['headers']);
    const apollo = original(requestContext(''), parts, internals).response.http;
    expect(Object.getOwnPropertyDescriptor(apollo, 'status')?.get).toEqual(expect.any(Function));
  });
});
