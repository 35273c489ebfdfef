import { createUnionType, Field, Int, ObjectType } from 'type-graphql';
import { ErrorResult } from '../common/error-result';
import { SalesOrder } from './sales-order.entity';

@ObjectType({ simpleResolvers: true, implements: ErrorResult, description: 'A SKU is not in the catalog.' })
export class UnknownSkuError extends ErrorResult {
  @Field({ description: 'The unknown SKU.' })
  sku!: string;

  constructor(sku: string) {
    super();
    Object.assign(this, { errorCode: 'UNKNOWN_SKU', message: `No product with SKU "${sku}" exists.`, sku });
  }
}

@ObjectType({
  simpleResolvers: true,
  implements: ErrorResult,
  description: 'A product has no price in the order currency.',
})
export class ProductNotSoldInCurrencyError extends ErrorResult {
  @Field({ description: 'The SKU without a price.' })
  sku!: string;

  @Field({ description: 'The order currency.' })
  currencyCode!: string;

  constructor(sku: string, currencyCode: string) {
    super();
    Object.assign(this, {
      errorCode: 'PRODUCT_NOT_SOLD_IN_CURRENCY',
      message: `Product "${sku}" is not sold in ${currencyCode}.`,
      sku,
      currencyCode,
    });
  }
}

@ObjectType({
  simpleResolvers: true,
  implements: ErrorResult,
  description: 'A shipment method key is unknown or not offered in the currency.',
})
export class UnknownShipmentMethodError extends ErrorResult {
  @Field({ description: 'The method key sent.' })
  method!: string;

  constructor(method: string) {
    super();
    Object.assign(this, {
      errorCode: 'UNKNOWN_SHIPMENT_METHOD',
      message: `No shipment method "${method}" is offered; see the shipmentMethods query.`,
      method,
    });
  }
}

@ObjectType({
  simpleResolvers: true,
  implements: ErrorResult,
  description: 'The idempotency key was already used for a different request.',
})
export class IdempotencyKeyReusedError extends ErrorResult {
  @Field({ description: 'Reference of the order the key was first used for.' })
  orderReference!: string;

  constructor(orderReference: string) {
    super();
    Object.assign(this, {
      errorCode: 'IDEMPOTENCY_KEY_REUSED',
      message: `This idempotency key already placed order ${orderReference} with different contents; use a new key.`,
      orderReference,
    });
  }
}

@ObjectType({
  simpleResolvers: true,
  implements: ErrorResult,
  description: 'The order would have more sales items than the shop accepts.',
})
export class OrderTooLargeError extends ErrorResult {
  @Field(() => Int, { description: 'The maximum number of sales items per order.' })
  maxSalesItems!: number;

  constructor(maxSalesItems: number) {
    super();
    Object.assign(this, {
      errorCode: 'ORDER_TOO_LARGE',
      message: `The order would have more than ${maxSalesItems} sales items; split it into several orders.`,
      maxSalesItems,
    });
  }
}

export const PlaceOrderResult = createUnionType({
  name: 'PlaceOrderResult',
  description: 'The placed order, or why it could not be placed.',
  types: () =>
    [
      SalesOrder,
      UnknownSkuError,
      ProductNotSoldInCurrencyError,
      UnknownShipmentMethodError,
      IdempotencyKeyReusedError,
      OrderTooLargeError,
    ] as const,
});
export type PlaceOrderResult = typeof PlaceOrderResult;
