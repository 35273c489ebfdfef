import type { Address } from '../orders/address';
import type { SalesItem } from '../orders/sales-item.entity';
import type { SalesOrder } from '../orders/sales-order.entity';
import type { Shipment } from '../shipments/shipment.entity';
import type { OrderMailRow } from './order-mail.repository';

interface LineView {
  name: string;
  sku: string;
  quantity: number;
  sumPrice: number;
}

interface ShipmentView {
  methodName: string;
  carrierName: string;
  deliveryTime: string | null;
  address: Address;
  items: LineView[];
}

/**
 * What an order e-mail template sees. `locale` (the order's) picks the messages of `{{t}}` and, with `currencyCode`
 * and `timeZone`, the formats of the money and date helpers.
 */
export interface OrderMailView {
  reference: string;
  customReference: string | null;
  locale: string;
  currencyCode: string;
  timeZone: string;
  shopName: string;
  firstName: string;
  lastName: string;
  orderDate: string;
  guestLink: string | null;
  items: LineView[];
  totals: {
    subtotal: number;
    expenseTotal: number;
    taxTotal: number;
    grandTotal: number;
    canceledTotal: number;
  };
  shipments: ShipmentView[];
  /** The shipment a shipping notification is about; null in the other e-mails. */
  shipment: ShipmentView | null;
  /** The items a cancellation confirmation is about; empty in the other e-mails. */
  cancelledItems: LineView[];
}

/** Sales items of one line (split quantities) read as one line again. */
function lines(items: SalesItem[]): LineView[] {
  const byLine = new Map<number, LineView>();
  for (const item of [...items].sort((a, b) => a.lineNumber - b.lineNumber || a.id - b.id)) {
    const line = byLine.get(item.lineNumber);
    if (line) {
      line.quantity += item.quantity;
      line.sumPrice += item.sumPrice;
    } else {
      byLine.set(item.lineNumber, {
        name: item.name,
        sku: item.sku,
        quantity: item.quantity,
        sumPrice: item.sumPrice,
      });
    }
  }
  return [...byLine.values()];
}

export function orderMailView(input: {
  mail: OrderMailRow;
  order: SalesOrder;
  items: SalesItem[];
  shipments: Shipment[];
  shopName: string;
  timeZone: string;
  guestLink: string | null;
}): OrderMailView {
  const { mail, order, items, shipments } = input;
  const shipmentView = (s: Shipment): ShipmentView => ({
    methodName: s.methodName,
    carrierName: s.carrierName,
    deliveryTime: s.deliveryTime,
    address: s.address,
    items: lines(items.filter((i) => i.shipmentId === s.id)),
  });
  const shipmentId = Number(mail.details.shipmentId);
  const shipment = mail.kind === 'shipped' ? shipments.find((s) => s.id === shipmentId) : undefined;
  const cancelledIds = new Set(((mail.details.itemIds as number[] | undefined) ?? []).map(Number));
  return {
    reference: order.reference,
    customReference: order.customReference,
    locale: order.locale,
    currencyCode: order.currencyCode,
    timeZone: input.timeZone,
    shopName: input.shopName,
    firstName: order.billingAddress.firstName,
    lastName: order.billingAddress.lastName,
    orderDate: order.createdAt.toISOString(),
    guestLink: input.guestLink,
    items: lines(items),
    totals: {
      subtotal: order.subtotal,
      expenseTotal: order.expenseTotal,
      taxTotal: order.taxTotal,
      grandTotal: order.grandTotal,
      canceledTotal: order.canceledTotal,
    },
    shipments: shipments.map(shipmentView),
    shipment: shipment ? shipmentView(shipment) : null,
    cancelledItems: lines(items.filter((i) => cancelledIds.has(i.id))),
  };
}
