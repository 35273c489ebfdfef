/** The rows of a new order as placeOrder builds them, and their columns in the order the INSERT lists them. */
import type { Address } from './address';
import type { OrderTotalsValues } from './order-calculator';

export interface NewOrderRow extends OrderTotalsValues {
  store: string;
  customReference: string | null;
  buyerReference: string | null;
  customerReference: string | null;
  email: string;
  currencyCode: string;
  priceMode: string;
  locale: string;
  billingAddress: Address;
  idempotencyKey: string | null;
  requestHash: string | null;
  createdAt: Date;
}

export interface NewShipmentRow {
  methodKey: string;
  methodName: string;
  carrierName: string;
  deliveryTime: string | null;
  requestedDeliveryDate: string | null;
  address: Address;
  expenseAmount: number;
  expenseTaxRateBp: number;
  expenseTaxAmount: number;
  expenseCanceledAmount: number;
}

export interface NewItemRow {
  lineNumber: number;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  sumPrice: number;
  taxRateBp: number;
  taxAmount: number;
  canceledAmount: number;
  isQuantitySplittable: boolean;
  state: string;
  stateChangedAt: Date;
}

export interface InsertedOrder {
  id: number;
  reference: string;
  updatedAt: Date;
  /** In the order of the shipments given. */
  shipmentIds: number[];
  /** In the order of the items given, shipment after shipment. */
  itemIds: number[];
}

export type Column = readonly [name: string, type: string];

const ADDRESS_COLUMNS: Column[] = [
  'salutation',
  'first_name',
  'last_name',
  'company',
  'address1',
  'address2',
  'address3',
  'zip_code',
  'city',
  'country',
  'phone',
  'email',
  'vat_id',
].map((name) => [name, 'varchar'] as const);

const addressValues = (a: Address) => [
  a.salutation,
  a.firstName,
  a.lastName,
  a.company,
  a.address1,
  a.address2,
  a.address3,
  a.zipCode,
  a.city,
  a.country,
  a.phone,
  a.email,
  a.vatId ?? null,
];

const prefixed = (prefix: string, columns: Column[]): Column[] =>
  columns.map(([name, type]) => [`${prefix}_${name}`, type]);

export const ORDER_COLUMNS: Column[] = [
  ['custom_reference', 'varchar'],
  ['created_at', 'timestamptz'],
  ['email', 'varchar'],
  ['customer_reference', 'varchar'],
  ['currency_code', 'varchar'],
  ['price_mode', 'varchar'],
  ['store', 'varchar'],
  ['locale', 'varchar'],
  ['subtotal', 'bigint'],
  ['expense_total', 'bigint'],
  ['discount_total', 'bigint'],
  ['tax_total', 'bigint'],
  ['grand_total', 'bigint'],
  ['canceled_total', 'bigint'],
  ['refund_total', 'bigint'],
  ['idempotency_key', 'varchar'],
  ['request_hash', 'varchar'],
  ['buyer_reference', 'varchar'],
  ...prefixed('billing', ADDRESS_COLUMNS),
];

export const orderValues = (o: NewOrderRow) => [
  o.customReference,
  o.createdAt,
  o.email,
  o.customerReference,
  o.currencyCode,
  o.priceMode,
  o.store,
  o.locale,
  o.subtotal,
  o.expenseTotal,
  o.discountTotal,
  o.taxTotal,
  o.grandTotal,
  o.canceledTotal,
  o.refundTotal,
  o.idempotencyKey,
  o.requestHash,
  o.buyerReference,
  ...addressValues(o.billingAddress),
];

export const SHIPMENT_COLUMNS: Column[] = [
  ['method_key', 'varchar'],
  ['method_name', 'varchar'],
  ['carrier_name', 'varchar'],
  ['delivery_time', 'varchar'],
  ['requested_delivery_date', 'date'],
  ['expense_amount', 'bigint'],
  ['expense_tax_rate_bp', 'integer'],
  ['expense_tax_amount', 'bigint'],
  ['expense_canceled_amount', 'bigint'],
  ...prefixed('address', ADDRESS_COLUMNS),
];

export const shipmentValues = (s: NewShipmentRow) => [
  s.methodKey,
  s.methodName,
  s.carrierName,
  s.deliveryTime,
  s.requestedDeliveryDate,
  s.expenseAmount,
  s.expenseTaxRateBp,
  s.expenseTaxAmount,
  s.expenseCanceledAmount,
  ...addressValues(s.address),
];

export const ITEM_COLUMNS: Column[] = [
  ['line_number', 'integer'],
  ['sku', 'varchar'],
  ['name', 'varchar'],
  ['quantity', 'integer'],
  ['unit_price', 'bigint'],
  ['sum_price', 'bigint'],
  ['tax_rate_bp', 'integer'],
  ['tax_amount', 'bigint'],
  ['canceled_amount', 'bigint'],
  ['is_quantity_splittable', 'boolean'],
  ['state', 'varchar'],
  ['state_changed_at', 'timestamptz'],
];

export const itemValues = (i: NewItemRow) => [
  i.lineNumber,
  i.sku,
  i.name,
  i.quantity,
  i.unitPrice,
  i.sumPrice,
  i.taxRateBp,
  i.taxAmount,
  i.canceledAmount,
  i.isQuantitySplittable,
  i.state,
  i.stateChangedAt,
];

export const names = (columns: Column[]) => columns.map(([name]) => name).join(', ');
