import { IsOptional, Length, ValidateNested } from 'class-validator';
import { GraphQLError } from 'graphql';
import { Args, ArgsType, Authorized, Ctx, Field, Resolver, Root, Subscription } from 'type-graphql';
import type { RequestContext } from '../common/request-context';
import { OrderFilter } from '../orders/order-filter.input';
import { SalesOrder } from '../orders/sales-order.entity';
import type { LiveOrdersService } from './live-orders.service';
import './live-context';

@ArgsType()
class OrderChangedArgs {
  @Field({ description: 'Order reference, e.g. DE--42.' })
  @Length(1, 45)
  reference!: string;
}

@ArgsType()
class OrdersChangedArgs {
  @Field(() => OrderFilter, { nullable: true, description: 'Only orders matching it; see OrderFilter.' })
  @IsOptional()
  @ValidateNested()
  filter?: OrderFilter;
}

function live(ctx: RequestContext): LiveOrdersService {
  if (!ctx.live) {
    throw new GraphQLError('Subscriptions run over WebSocket (graphql-ws) on this URL', {
      extensions: { code: 'BAD_REQUEST' },
    });
  }
  return ctx.live;
}

/**
 * Live order updates over graphql-ws. The subscribe step checks who may follow what (and fails with an error, no
 * stream); each event is an order id that is read again for the subscriber.
 */
@Resolver()
export class OrderSubscriptionResolver {
  @Authorized()
  @Subscription(() => SalesOrder, {
    description:
      'Customers (their own), guests (the order of their access token) and back office: the order after every committed change.',
    subscribe: ({ args, context }) =>
      live(context as RequestContext).orderChanged(
        context as RequestContext,
        (args as OrderChangedArgs).reference,
      ),
  })
  orderChanged(@Root() orderId: number, @Ctx() ctx: RequestContext, @Args() _args: OrderChangedArgs) {
    return live(ctx).current(ctx, orderId);
  }

  @Authorized('back-office')
  @Subscription(() => SalesOrder, {
    description: 'Back office: every order matching the filter, after each committed change to it.',
    subscribe: ({ args, context }) =>
      live(context as RequestContext).ordersChanged(
        context as RequestContext,
        (args as OrdersChangedArgs).filter,
      ),
  })
  ordersChanged(@Root() orderId: number, @Ctx() ctx: RequestContext, @Args() _args: OrdersChangedArgs) {
    return live(ctx).current(ctx, orderId);
  }
}
