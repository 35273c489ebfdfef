import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ErrorResult } from '../common/error-result';
import { SkippedItemType } from './item-transition.type';

export enum NotCancellableReason {
  WINDOW_CLOSED = 'WINDOW_CLOSED',
  ALREADY_SHIPPED = 'ALREADY_SHIPPED',
  PARTLY_CANCELLED = 'PARTLY_CANCELLED',
  NOT_IN_CANCELLABLE_STATE = 'NOT_IN_CANCELLABLE_STATE',
}
registerEnumType(NotCancellableReason, {
  name: 'NotCancellableReason',
  description: 'Why an order cannot be cancelled.',
  valuesConfig: {
    WINDOW_CLOSED: { description: 'The cancellation window has closed; the order is being prepared.' },
    ALREADY_SHIPPED: { description: 'Some or all items have shipped.' },
    PARTLY_CANCELLED: { description: 'Some items were cancelled already and the rest can no longer be.' },
    NOT_IN_CANCELLABLE_STATE: { description: 'No item is in a state that allows cancelling.' },
  },
});

@ObjectType({
  simpleResolvers: true,
  implements: ErrorResult,
  description: 'The order cannot be cancelled (any more).',
})
export class OrderNotCancellableError extends ErrorResult {
  @Field(() => NotCancellableReason, { description: 'Why, as a stable value for apps to branch on.' })
  reason!: NotCancellableReason;

  constructor(reason: NotCancellableReason, message: string) {
    super();
    Object.assign(this, { errorCode: 'ORDER_NOT_CANCELLABLE', reason, message });
  }
}

@ObjectType({
  simpleResolvers: true,
  implements: ErrorResult,
  description: 'The event does not exist or is not offered to back office.',
})
export class UnknownEventError extends ErrorResult {
  @Field({ description: 'The event asked for.' })
  event!: string;

  constructor(event: string, message: string) {
    super();
    Object.assign(this, { errorCode: 'UNKNOWN_EVENT', event, message });
  }
}

@ObjectType({
  simpleResolvers: true,
  implements: ErrorResult,
  description: 'No chosen item is in a state where the event applies.',
})
export class EventNotApplicableError extends ErrorResult {
  @Field(() => [SkippedItemType], { description: 'Every chosen item, with why it did not move.' })
  skipped!: SkippedItemType[];

  constructor(event: string, skipped: SkippedItemType[]) {
    super();
    Object.assign(this, {
      errorCode: 'EVENT_NOT_APPLICABLE',
      message: `"${event}" does not apply to any of the chosen items in their current states; nothing changed.`,
      skipped,
    });
  }
}

@ObjectType({
  simpleResolvers: true,
  implements: ErrorResult,
  description: "The event's command failed; no item moved.",
})
export class CommandFailedError extends ErrorResult {
  @Field({ description: 'The command that failed.' })
  command!: string;

  constructor(command: string, message: string) {
    super();
    Object.assign(this, { errorCode: 'COMMAND_FAILED', command, message });
  }
}

@ObjectType({
  simpleResolvers: true,
  implements: ErrorResult,
  description: 'Some chosen items or the shipment do not belong to this order.',
})
export class ItemsNotInOrderError extends ErrorResult {
  @Field(() => [ID], { description: 'Ids that are not items (or the shipment) of the order.' })
  ids!: string[];

  constructor(ids: string[]) {
    super();
    Object.assign(this, {
      errorCode: 'ITEMS_NOT_IN_ORDER',
      message: `These ids are not items or shipments of the order: ${ids.join(', ')}. Nothing changed.`,
      ids,
    });
  }
}
