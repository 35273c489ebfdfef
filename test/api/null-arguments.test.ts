import {
  getNamedType,
  getNullableType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLInterfaceType,
  GraphQLObjectType,
  GraphQLSchema,
  isAbstractType,
  isCompositeType,
  isObjectType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { buildAppSchema } from '../../src/schema';
import { address, placeOrder, placeOrderInput, shipment } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// Apollo Client, Relay and urql send explicit nulls for every variable left unset. This walks the whole schema, so
// that an argument or input field added later is covered without anyone remembering to: every root field is called
// once with its optional arguments and input fields left out (A) and once with each of them null (B). A must
// succeed (the placeholders below are valid), B must succeed too, and a query must answer B exactly as A.

let app: TestApp;
const CUSTOMER = 'DE--NULLS';
afterAll(() => app?.close());
beforeAll(async () => {
  app = await startTestApp();
});

/** Valid values for the required arguments and input fields, by name; what a new one needs goes here. */
function placeholders(order: any): Record<string, unknown> {
  return {
    reference: order.reference,
    orderReference: order.reference,
    id: order.id,
    ids: [order.id, order.items[0].id],
    itemIds: [order.items[0].id],
    shipmentId: order.shipments[0].id,
    sku: 'TSHIRT-001',
    quantity: 1,
    method: 'standard',
    event: 'pay',
    ...address(),
    email: 'nulls@example.com',
  };
}

const FALLBACK: Record<string, unknown> = { String: 'x', ID: 'x', Int: 1, Boolean: true, Date: '2027-01-15' };

/** A value for `type`: required parts from the placeholders, optional parts left out or (nulls) set to null. */
function valueFor(
  type: GraphQLInputType,
  name: string,
  known: Record<string, unknown>,
  nulls: boolean,
): unknown {
  if (name in known) return known[name];
  const inner = getNullableType(type);
  if (isListType(inner)) return [valueFor(inner.ofType as GraphQLInputType, name, known, nulls)];
  if (isEnumType(inner)) return inner.getValues()[0].value;
  if (isInputObjectType(inner)) {
    const out: Record<string, unknown> = {};
    for (const field of Object.values(inner.getFields())) {
      if (!isNonNullType(field.type)) {
        if (nulls) out[field.name] = null;
      } else if (field.defaultValue === undefined) {
        out[field.name] = valueFor(field.type, field.name, known, nulls);
      }
    }
    return out;
  }
  if (isScalarType(inner) && inner.name in FALLBACK) return FALLBACK[inner.name];
  throw new Error(`no placeholder for ${name}: ${String(type)}; add one to placeholders()`);
}

/** The smallest selection that shows what came back: __typename, and ids where there are any. */
function selection(schema: GraphQLSchema, field: GraphQLField<unknown, unknown>): string {
  const type = getNamedType(field.type);
  if (!isCompositeType(type)) return '';
  const node = schema.getType('Node') as GraphQLInterfaceType;
  const possible = isAbstractType(type) ? schema.getPossibleTypes(type) : [type];
  const ids = possible.some((t) => schema.isSubType(node, t)) ? ' ... on Node { id }' : '';
  const page = isObjectType(type) && 'nodes' in type.getFields() ? ' nodes { ... on Node { id } }' : '';
  return `{ __typename${ids}${page} }`;
}

function operation(
  schema: GraphQLSchema,
  kind: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
  args: readonly GraphQLArgument[],
) {
  const vars = args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const pass = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `${kind}${vars ? `(${vars})` : ''} { ${field.name}${pass ? `(${pass})` : ''} ${selection(schema, field)} }`;
}

async function callAs(query: string, variables: Record<string, unknown>) {
  const tokens = [app.backOfficeToken(), app.customerToken(CUSTOMER), undefined];
  for (const token of tokens) {
    const result = await app.gql(query, variables, token);
    const code = result.errors?.[0]?.extensions?.code;
    if (code !== 'FORBIDDEN' && code !== 'UNAUTHENTICATED') return { token, result };
  }
  throw new Error(`nobody may call ${query}`);
}

describe('explicit null means absent', () => {
  it('for every optional argument and input field of every query and mutation', async () => {
    const schema = await buildAppSchema();
    const roots = [
      ['query', schema.getQueryType()],
      ['mutation', schema.getMutationType()],
    ] as ['query' | 'mutation', GraphQLObjectType][];
    const checked: string[] = [];
    for (const [kind, root] of roots) {
      for (const field of Object.values(root.getFields())) {
        // A fresh order per field, so that no mutation finds another's leftovers.
        const order = await placeOrder(
          app,
          app.customerToken(CUSTOMER),
          placeOrderInput([shipment([{ sku: 'TSHIRT-001', quantity: 2 }])]),
        );
        const known = placeholders(order);
        const args = field.args;
        const absent: Record<string, unknown> = {};
        const nulls: Record<string, unknown> = {};
        for (const arg of args) {
          if (isNonNullType(arg.type)) {
            absent[arg.name] = valueFor(arg.type, arg.name, known, false);
            nulls[arg.name] = valueFor(arg.type, arg.name, known, true);
          } else {
            nulls[arg.name] = null;
          }
        }
        const a = await callAs(operation(schema, kind, field, args), absent);
        expect({ field: field.name, errors: a.result.errors }).toEqual({
          field: field.name,
          errors: undefined,
        });
        const b = await app.gql(operation(schema, kind, field, args), nulls, a.token);
        expect({ field: field.name, errors: b.errors }).toEqual({ field: field.name, errors: undefined });
        if (kind === 'query') expect(b.data).toEqual(a.result.data);
        checked.push(`${kind} ${field.name}`);
      }
    }
    // The walk reached the fields that clients page and filter with.
    expect(checked).toEqual(
      expect.arrayContaining([
        'query orders',
        'query products',
        'mutation placeOrder',
        'mutation cancelOrder',
      ]),
    );
  });

  it('lets null clear what the schema says it clears: a custom reference, a requested delivery date', async () => {
    const staff = app.backOfficeToken();
    const order = await placeOrder(
      app,
      app.customerToken(CUSTOMER),
      placeOrderInput(
        [shipment([{ sku: 'MUG-002', quantity: 1 }], { requestedDeliveryDate: '2027-02-01' })],
        {
          customReference: 'PO-1',
        },
      ),
    );
    const cleared = await app.gql(
      `mutation($r: String!) { setCustomOrderReference(orderReference: $r, customReference: null) {
         ... on Order { customReference } } }`,
      { r: order.reference },
      staff,
    );
    expect(cleared.data!.setCustomOrderReference.customReference).toBeNull();
    const update = `mutation($input: UpdateShipmentInput!) { updateShipment(input: $input) {
      ... on ShipmentChanged { shipment { requestedDeliveryDate } } } }`;
    const kept = await app.gql(
      update,
      { input: { shipmentId: order.shipments[0].id, method: 'express' } },
      staff,
    );
    expect(kept.data!.updateShipment.shipment.requestedDeliveryDate).toBe('2027-02-01');
    const removed = await app.gql(
      update,
      { input: { shipmentId: order.shipments[0].id, requestedDeliveryDate: null } },
      staff,
    );
    expect(removed.data!.updateShipment.shipment.requestedDeliveryDate).toBeNull();
  });
});
