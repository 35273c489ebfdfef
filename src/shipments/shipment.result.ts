import { createUnionType } from 'type-graphql';
import { ItemsNotInOrderError } from '../oms/oms-errors.result';
import { OrderNotFoundError } from '../orders/order-not-found.error';
import { UnknownShipmentMethodError } from '../orders/place-order.result';
import {
  ItemsNotMovableError,
  ShipmentAlreadyShippedError,
  ShipmentChanged,
  ShipmentNotFoundError,
  ShipmentPriceLockedError,
} from './shipment-errors.result';

/** What every shipment mutation answers: its members are listed here only, for the schema and the service. */
export const ShipmentResult = createUnionType({
  name: 'ShipmentResult',
  description: 'The order and shipment after the change, or why nothing changed.',
  types: () =>
    [
      ShipmentChanged,
      OrderNotFoundError,
      ShipmentNotFoundError,
      ItemsNotInOrderError,
      ItemsNotMovableError,
      UnknownShipmentMethodError,
      ShipmentAlreadyShippedError,
      ShipmentPriceLockedError,
    ] as const,
});
export type ShipmentResult = typeof ShipmentResult;
