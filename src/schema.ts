import 'reflect-metadata';
import { DateTimeResolver } from 'graphql-scalars';
import { GraphQLSchema } from 'graphql';
import { buildSchema, ContainerType, NonEmptyArray } from 'type-graphql';
import { authChecker } from './auth/auth-checker';
import { CatalogResolver } from './catalog/catalog.resolver';
import { InvoiceFieldsResolver, InvoiceResolver, OrderInvoicesResolver } from './invoices/invoice.resolver';
import { ItemStateChangeFieldsResolver, OmsItemFieldsResolver } from './oms/oms-item-fields.resolver';
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

/** The schema, code-first. `container` hands type-graphql the resolver instances built in the composition root. */
export function buildAppSchema(container?: ContainerType): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    container,
    authChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false },
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
  });
}
