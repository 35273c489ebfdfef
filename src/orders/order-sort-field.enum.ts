import { registerEnumType } from 'type-graphql';

export enum OrderSortField {
  CREATED_AT = 'CREATED_AT',
  REFERENCE = 'REFERENCE',
  GRAND_TOTAL = 'GRAND_TOTAL',
  REFUND_TOTAL = 'REFUND_TOTAL',
}

registerEnumType(OrderSortField, {
  name: 'OrderSortField',
  description: 'What an order list is sorted by; ties are broken by the internal id, in the same direction.',
  valuesConfig: {
    CREATED_AT: { description: 'When the order was placed.' },
    REFERENCE: {
      description: 'The number of the order reference, so DE--9 comes before DE--10.',
    },
    GRAND_TOTAL: { description: 'Grand total in minor units (currencies are not converted).' },
    REFUND_TOTAL: { description: 'What refunds paid back, in minor units (currencies are not converted).' },
  },
});
