import 'reflect-metadata';
import { DateTimeResolver } from 'graphql-scalars';
import { GraphQLSchema } from 'graphql';
import { buildSchema, ContainerType, NonEmptyArray } from 'type-graphql';
import { treatNullAsAbsent } from './common/null-arguments';
import { authChecker } from './auth/auth-checker';
import { CatalogResolver } from './catalog/catalog.resolver';
import { InvoiceFieldsResolver, InvoiceResolver, OrderInvoicesResolver } from './invoices/invoice.resolver';
import { ItemStateChangeFieldsResolver, OmsItemFieldsResolver } from './oms/oms-item-fields.resolver';
import { NodeResolver } from './nodes/node.resolver';
import { OmsOrderFieldsResolver } from './oms/oms-order-fields.resolver';
import { OmsResolver } from './oms/oms.resolver';
import { OrderFieldsResolver } from './orders/order-fields.resolver';
import { OrderResolver } from './orders/order.resolver';
import { SalesItemFieldsResolver } from './orders/sales-item-fields.resolver';
import { ShipmentFieldsResolver } from './shipments/shipment-fields.resolver';
import { ShipmentResolver } from './shipments/shipment.resolver';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const RESOLVERS: NonEmptyArray<Function> = [
  CatalogResolver,
  NodeResolver,
  OrderResolver,
  OrderFieldsResolver,
  SalesItemFieldsResolver,
  ShipmentFieldsResolver,
  OmsResolver,
  OmsOrderFieldsResolver,
  OmsItemFieldsResolver,
  ItemStateChangeFieldsResolver,
  ShipmentResolver,
  InvoiceResolver,
  InvoiceFieldsResolver,
  OrderInvoicesResolver,
];

const ROOT_DESCRIPTION = (what: string) =>
  `${what}. Each field says who may call it (anyone, customers, back office). ` +
  'Unless a description says otherwise, null for an optional argument or input field means the same as leaving it out.';

/** The schema, code-first. `container` hands type-graphql the resolver instances built in the composition root. */
export async function buildAppSchema(container?: ContainerType): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: RESOLVERS,
    container,
    authChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false },
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
  });
  // type-graphql has no option for the root types' descriptions; the playground's docs pane opens on them.
  schema.getQueryType()!.description = ROOT_DESCRIPTION('What can be read');
  schema.getMutationType()!.description = ROOT_DESCRIPTION('What can be changed');
  return treatNullAsAbsent(schema);
}
