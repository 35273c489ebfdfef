import 'reflect-metadata';
import { GraphQLObjectType, GraphQLSchema } from 'graphql';
import type { ContainerType } from 'type-graphql';
import { callFieldResolversDirectly } from '../../src/common/direct-field-resolvers';
import { SalesItem } from '../../src/orders/sales-item.entity';
import { buildAppSchema } from '../../src/schema';

// One instance per resolver class, as the app's container hands them out.
function container(): ContainerType {
  const instances = new Map<unknown, object>();
  return {
    get(someClass: new () => object) {
      if (!instances.has(someClass)) instances.set(someClass, new someClass());
      return instances.get(someClass)!;
    },
  };
}

const ctx = { loaders: { knownCurrency: () => 'EUR' } };
const field = (schema: GraphQLSchema, type: string, name: string) =>
  (schema.getType(type) as GraphQLObjectType).getFields()[name];

describe('field resolvers called directly', () => {
  it('replaces the wrappers of plain field resolvers, and answers as they did', async () => {
    const wrapped = await buildAppSchema();
    const direct = await buildAppSchema();
    const viaTypeGraphql = field(direct, 'SalesItem', 'unitPrice').resolve;
    expect(callFieldResolversDirectly(direct, container())).toBeGreaterThanOrEqual(20);
    const resolve = field(direct, 'SalesItem', 'unitPrice').resolve!;
    expect(resolve).not.toBe(viaTypeGraphql);

    const item = Object.assign(new SalesItem(), { id: 7, orderId: 1, unitPrice: 1999 });
    const info = {} as never;
    expect(resolve(item, {}, ctx, info)).toEqual({ amount: '19.99', minorUnits: 1999, currencyCode: 'EUR' });
    // The same answer from type-graphql's own wrapper (it needs the container of the schema it was built with).
    const fromWrapper = await field(wrapped, 'SalesItem', 'unitPrice').resolve!(item, {}, ctx, info);
    expect(fromWrapper).toEqual(resolve(item, {}, ctx, info));
  });

  it('keeps resolvers with arguments or roles wrapped', async () => {
    const schema = await buildAppSchema();
    const before = field(schema, 'Query', 'orders').resolve;
    callFieldResolversDirectly(schema, container());
    expect(field(schema, 'Query', 'orders').resolve).toBe(before);
  });
});
