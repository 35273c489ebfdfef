import { Product } from './catalog/product.entity';
import { ProductPrice } from './catalog/product-price.entity';
import { ShipmentMethod } from './catalog/shipment-method.entity';
import { ShipmentMethodPrice } from './catalog/shipment-method-price.entity';
import { Invoice } from './invoices/invoice.entity';
import { OrderChange } from './orders/order-change.entity';
import { OrderComment } from './orders/order-comment.entity';
import { SalesItem } from './orders/sales-item.entity';
import { SalesOrder } from './orders/sales-order.entity';
import { Refund } from './refunds/refund.entity';
import { Shipment } from './shipments/shipment.entity';
import { EventTimeout } from './oms/event-timeout.entity';
import { ItemStateHistory } from './oms/item-state-history.entity';

/** Every feature's TypeORM entities, handed to the DataSource (database/data-source.ts) from here. */
export const ENTITIES = [
  Product,
  ProductPrice,
  ShipmentMethod,
  ShipmentMethodPrice,
  SalesOrder,
  Shipment,
  SalesItem,
  ItemStateHistory,
  EventTimeout,
  OrderChange,
  OrderComment,
  Invoice,
  Refund,
];
