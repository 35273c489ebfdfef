import { IsOptional, Length } from 'class-validator';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../common/request-context';
import { OrderCancellationService } from './order-cancellation.service';
import { OrderEventService } from './order-event.service';
import { CancelOrderResult, TriggerOrderEventResult } from './oms.result';
import { TriggerOrderEventInput } from './trigger-order-event.input';

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
