import type { TestApp } from './test-app';

export function address(overrides: Record<string, unknown> = {}) {
  return {
    firstName: 'Anna',
    lastName: 'Schmidt',
    address1: 'Hauptstraße 1',
    zipCode: '10115',
    city: 'Berlin',
    country: 'DE',
    ...overrides,
  };
}

export interface LineSpec {
  sku: string;
  quantity: number;
}

export function shipment(items: LineSpec[], overrides: Record<string, unknown> = {}) {
  return { address: address(), method: 'standard', items, ...overrides };
}

export function placeOrderInput(
  shipments = [shipment([{ sku: 'TSHIRT-001', quantity: 1 }])],
  overrides: Record<string, unknown> = {},
) {
  return { billingAddress: address(), shipments, ...overrides };
}

/** Three lines in two shipments: the second, by express, to Hamburg. */
export function twoShipmentsInput(overrides: Record<string, unknown> = {}) {
  return placeOrderInput(
    [
      shipment([
        { sku: 'TSHIRT-001', quantity: 2 },
        { sku: 'MUG-002', quantity: 1 },
      ]),
      shipment([{ sku: 'BOOK-003', quantity: 1 }], {
        method: 'express',
        address: address({ city: 'Hamburg' }),
      }),
    ],
    overrides,
  );
}

/** Every field a test might check, in one fragment. */
export const ORDER_FIELDS = `
  id reference customReference createdAt email customerReference currencyCode priceMode store itemStates
  billingAddress { firstName lastName address1 zipCode city country }
  totals {
    subtotal { minorUnits amount } expenseTotal { minorUnits } discountTotal { minorUnits }
    taxTotal { minorUnits } grandTotal { minorUnits amount } canceledTotal { minorUnits } refundTotal { minorUnits }
  }
  items { id sku name quantity unitPrice { minorUnits } sumPrice { minorUnits } taxRate taxAmount { minorUnits }
          canceledAmount { minorUnits } isQuantitySplittable state shipment { id } }
  shipments { id methodName carrierName deliveryTime requestedDeliveryDate expense { minorUnits amount }
              address { firstName city } items { id sku } }
`;

export const PLACE_ORDER = `
  mutation Place($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      __typename
      ... on Order { ${ORDER_FIELDS} }
      ... on ErrorResult { errorCode message }
      ... on IdempotencyKeyReusedError { orderReference }
    }
  }`;

/** Places an order as the given customer and returns it; fails the test on any error. */
export async function placeOrder(app: TestApp, token: string, input = placeOrderInput()) {
  const result = await app.gql(PLACE_ORDER, { input }, token);
  if (result.errors || result.data?.placeOrder.__typename !== 'Order') {
    throw new Error(`placeOrder failed: ${JSON.stringify(result.errors ?? result.data)}`);
  }
  return result.data!.placeOrder;
}
