import { IsOptional, Length } from 'class-validator';
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  createUnionType,
  Ctx,
  Field,
  Mutation,
  Resolver,
} from 'type-graphql';
import type { RequestContext } from '../common/request-context';
import { OrderNotFoundError } from '../orders/order-not-found.error';
import { SalesOrder } from '../orders/sales-order.entity';
import {
  CommandFailedError,
  EventNotApplicableError,
  ItemsNotInOrderError,
  OrderNotCancellableError,
  UnknownEventError,
} from './oms-errors.result';
import { OrderCancellationService } from './order-cancellation.service';
import { OrderEventTriggered } from './order-event-triggered.type';
import { OrderEventService } from './order-event.service';
import { TriggerOrderEventInput } from './trigger-order-event.input';

const TriggerOrderEventResult = createUnionType({
  name: 'TriggerOrderEventResult',
  description: 'Which items moved and which were skipped, or why nothing moved.',
  types: () =>
    [
      OrderEventTriggered,
      OrderNotFoundError,
      UnknownEventError,
      EventNotApplicableError,
      CommandFailedError,
      ItemsNotInOrderError,
    ] as const,
});

const CancelOrderResult = createUnionType({
  name: 'CancelOrderResult',
  description:
    'The cancelled order (or the unchanged one, if it was cancelled already), or why it cannot be.',
  types: () => [SalesOrder, OrderNotFoundError, OrderNotCancellableError, CommandFailedError] as const,
});

@ArgsType()
class CancelOrderArgs {
  @Field({ description: 'Order reference, e.g. DE--42.' })
  @Length(1, 45)
  reference!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Optional retry key. Cancelling is idempotent anyway: a retry returns the cancelled order.',
  })
  @IsOptional()
  @Length(1, 128)
  idempotencyKey?: string | null;
}

@Resolver()
export class OmsResolver {
  constructor(
    private readonly events: OrderEventService,
    private readonly cancellation: OrderCancellationService,
  ) {}

  @Authorized('back-office')
  @Mutation(() => TriggerOrderEventResult, {
    description: 'Back office: fires a manual event at the whole order, one shipment, or chosen items.',
  })
  triggerOrderEvent(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => TriggerOrderEventInput, {
      description: 'Order, event and optional items or shipment.',
    })
    input: TriggerOrderEventInput,
  ) {
    return this.events.trigger(ctx, input);
  }

  @Authorized('customer', 'back-office')
  @Mutation(() => CancelOrderResult, {
    description:
      'Customer: cancels their own order while it is cancellable. Back office: cancels every item the process allows.',
  })
  cancelOrder(@Ctx() ctx: RequestContext, @Args() { reference }: CancelOrderArgs) {
    return this.cancellation.cancel(ctx, reference);
  }
}
