import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { GraphQLInt, GraphQLObjectType, GraphQLSchema } from 'graphql';
import type { EntityManager } from 'typeorm';
import { releaseRequestScopePlugin } from '../../src/common/release-request-scope.plugin';
import type { RequestContext } from '../../src/common/request-context';
import { OrderLoaders } from '../../src/orders/order-loaders';
import type { SalesOrder } from '../../src/orders/sales-order.entity';

// A field that does what the order fields do: it makes an order known to the request's loaders.
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      touch: {
        type: GraphQLInt,
        resolve: (_root, _args, ctx: RequestContext) => {
          ctx.loaders.remember({ id: 7, currencyCode: 'EUR' } as SalesOrder);
          return ctx.loaders.knownCurrency(7) === 'EUR' ? 1 : 0;
        },
      },
    },
  }),
});

async function run(plugins: ApolloServerPlugin<RequestContext>[]) {
  const server = new ApolloServer<RequestContext>({ schema, plugins });
  await server.start();
  // Nothing here reads the database: remembering an order only fills the request's maps.
  const loaders = new OrderLoaders({} as EntityManager);
  const contextValue = { loaders, scoped: [loaders] } as unknown as RequestContext;
  const response = await server.executeOperation({ query: '{ touch }' }, { contextValue });
  await server.stop();
  return { response, loaders };
}

describe('releaseRequestScopePlugin', () => {
  it('empties the request loaders once the result is complete, after the fields have used them', async () => {
    const { response, loaders } = await run([releaseRequestScopePlugin]);
    expect(response.body.kind === 'single' && response.body.singleResult.data).toEqual({ touch: 1 });
    expect(loaders.knownCurrency(7)).toBeUndefined();
  });

  it('without it, the loaders still hold what the request read once the response is sent', async () => {
    const { loaders } = await run([]);
    expect(loaders.knownCurrency(7)).toBe('EUR');
  });
});
