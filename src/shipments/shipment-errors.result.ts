import { Field, ID, ObjectType } from 'type-graphql';
import { ErrorResult } from '../common/error-result';
import { SalesOrder } from '../orders/sales-order.entity';
import { Shipment } from './shipment.entity';

@ObjectType({ simpleResolvers: true, description: 'The shipment change was made.' })
export class ShipmentChanged {
  @Field(() => SalesOrder, { description: 'The order after the change.' })
  order!: SalesOrder;

  @Field(() => Shipment, {
    nullable: true,
    description:
      'The shipment created or edited, or the target of moved items; null if it emptied and disappeared.',
  })
  shipment!: Shipment | null;
}

@ObjectType({
  simpleResolvers: true,
  implements: ErrorResult,
  description: 'No shipment with this id exists.',
})
export class ShipmentNotFoundError extends ErrorResult {
  @Field(() => ID, { description: 'The id asked for.' })
  shipmentId!: string;

  constructor(shipmentId: string) {
    super();
    Object.assign(this, {
      errorCode: 'SHIPMENT_NOT_FOUND',
      message: `No shipment ${shipmentId} was found.`,
      shipmentId,
    });
  }
}

@ObjectType({
  simpleResolvers: true,
  implements: ErrorResult,
  description: 'Some items cannot move: shipped, cancelled, or the target is.',
})
export class ItemsNotMovableError extends ErrorResult {
  @Field(() => [ID], { description: 'The items that cannot move.' })
  itemIds!: string[];

  constructor(itemIds: string[], message: string) {
    super();
    Object.assign(this, { errorCode: 'ITEMS_NOT_MOVABLE', message, itemIds });
  }
}

@ObjectType({
  simpleResolvers: true,
  implements: ErrorResult,
  description: 'The shipment has shipped items, so it cannot be edited.',
})
export class ShipmentAlreadyShippedError extends ErrorResult {
  @Field(() => ID, { description: 'The shipment.' })
  shipmentId!: string;

  constructor(shipmentId: string) {
    super();
    Object.assign(this, {
      errorCode: 'SHIPMENT_ALREADY_SHIPPED',
      message: `Shipment ${shipmentId} has shipped items; its address, method and date can no longer change.`,
      shipmentId,
    });
  }
}

@ObjectType({
  simpleResolvers: true,
  implements: ErrorResult,
  description: 'The order is invoiced: shipping prices can no longer change.',
})
export class ShipmentPriceLockedError extends ErrorResult {
  @Field({ description: 'The order.' })
  orderReference!: string;

  constructor(orderReference: string) {
    super();
    Object.assign(this, {
      errorCode: 'SHIPMENT_PRICE_LOCKED',
      message: `Order ${orderReference} is invoiced, so its shipping prices can no longer change; cancel items to credit them.`,
      orderReference,
    });
  }
}
