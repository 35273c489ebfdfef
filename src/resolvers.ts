import { CatalogResolver } from './catalog/catalog.resolver';
import type { Services } from './container';
import { InvoiceFieldsResolver, InvoiceResolver, OrderInvoicesResolver } from './invoices/invoice.resolver';
import { GuestOrderResolver } from './guests/guest-order.resolver';
import { OrderSubscriptionResolver } from './live/order-subscription.resolver';
import { NodeResolver } from './nodes/node.resolver';
import { NodeService } from './nodes/node.service';
import { ItemStateChangeFieldsResolver, OmsItemFieldsResolver } from './oms/oms-item-fields.resolver';
import { OmsOrderFieldsResolver } from './oms/oms-order-fields.resolver';
import { OmsResolver } from './oms/oms.resolver';
import { BackOfficeOrderResolver, OrderCommentsResolver } from './orders/back-office-order.resolver';
import { OrderCommentService } from './orders/order-comment.service';
import { OrderCustomerResolver } from './orders/order-customer.resolver';
import { BillingAddressService } from './orders/billing-address.service';
import { OrderFieldsResolver } from './orders/order-fields.resolver';
import { OrderResolver } from './orders/order.resolver';
import { SalesItemFieldsResolver } from './orders/sales-item-fields.resolver';
import {
  OrderRefundsResolver,
  RefundFieldsResolver,
  SalesItemRefundFieldsResolver,
} from './refunds/refund.resolver';
import { ShipmentFieldsResolver } from './shipments/shipment-fields.resolver';
import { ShipmentResolver } from './shipments/shipment.resolver';

export interface ResolverEntry {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolver: Function;
  /** How the composition root builds it from the services; without one, it is built plainly (no dependencies). */
  build?: (services: Services) => object;
}

/** Every resolver of the schema, registered here only: schema.ts builds the schema from it, container.ts the instances. */
export const RESOLVERS: [ResolverEntry, ...ResolverEntry[]] = [
  { resolver: CatalogResolver, build: (s) => new CatalogResolver(s.catalog) },
  { resolver: NodeResolver, build: (s) => new NodeResolver(new NodeService(s.catalog)) },
  {
    resolver: OrderResolver,
    build: (s) => new OrderResolver(s.orderQueries, s.placement, s.customReferences),
  },
  { resolver: OrderFieldsResolver },
  {
    resolver: BackOfficeOrderResolver,
    build: () => new BackOfficeOrderResolver(new BillingAddressService(), new OrderCommentService()),
  },
  { resolver: OrderCustomerResolver },
  { resolver: OrderCommentsResolver, build: () => new OrderCommentsResolver(new OrderCommentService()) },
  { resolver: SalesItemFieldsResolver },
  { resolver: ShipmentFieldsResolver },
  { resolver: OmsResolver, build: (s) => new OmsResolver(s.orderEvents, s.cancellation, s.guestAccess) },
  { resolver: GuestOrderResolver, build: (s) => new GuestOrderResolver(s.guestAccess) },
  { resolver: OrderSubscriptionResolver },
  { resolver: OmsOrderFieldsResolver, build: (s) => new OmsOrderFieldsResolver(s.process) },
  { resolver: OmsItemFieldsResolver, build: (s) => new OmsItemFieldsResolver(s.process) },
  { resolver: ItemStateChangeFieldsResolver },
  { resolver: ShipmentResolver, build: (s) => new ShipmentResolver(s.shipments) },
  { resolver: InvoiceResolver, build: (s) => new InvoiceResolver(s.invoices) },
  {
    resolver: InvoiceFieldsResolver,
    build: (s) => new InvoiceFieldsResolver(s.invoiceLinks, s.invoices),
  },
  { resolver: OrderInvoicesResolver, build: (s) => new OrderInvoicesResolver(s.invoices) },
  { resolver: OrderRefundsResolver, build: (s) => new OrderRefundsResolver(s.refunds) },
  { resolver: SalesItemRefundFieldsResolver },
  { resolver: RefundFieldsResolver, build: (s) => new RefundFieldsResolver(s.invoices) },
];
