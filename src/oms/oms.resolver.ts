import { IsOptional, Length } from 'class-validator';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../common/request-context';
import { unauthenticated } from '../auth/auth-checker';
import { GuestAccessService } from '../guests/guest-access.service';
import { OrderNotFoundError } from '../orders/order-not-found.error';
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

  @Field(() => String, {
    nullable: true,
    description:
      'Guests: the access token of the order (from placeOrder or an e-mailed link), without a bearer token.',
  })
  @IsOptional()
  @Length(1, 128)
  accessToken?: string | null;
}

@Resolver()
export class OmsResolver {
  constructor(
    private readonly events: OrderEventService,
    private readonly cancellation: OrderCancellationService,
    private readonly guests: GuestAccessService,
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

  /** Signed-in callers as before; a guest by the order's access token (a wrong token reads as an unknown order). */
  @Mutation(() => CancelOrderResult, {
    description:
      'Customer: cancels their own order while it is cancellable; a guest likewise with accessToken. Back office: cancels every item the process allows.',
  })
  async cancelOrder(@Ctx() ctx: RequestContext, @Args() { reference, accessToken }: CancelOrderArgs) {
    if (ctx.viewer.kind !== 'anonymous') return this.cancellation.cancel(ctx, reference);
    if (!accessToken) throw unauthenticated();
    const guest = await this.guests.guestContext(ctx, accessToken);
    return guest ? this.cancellation.cancel(guest, reference) : new OrderNotFoundError(reference);
  }
}
