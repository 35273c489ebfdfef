import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { RequestContext } from '../common/request-context';
import { SalesOrder } from '../orders/sales-order.entity';
import type { OrderProcess } from './process-definition';

/** The state machine's view of an order: can it still be cancelled, until when, and what may staff do next. */
@Resolver(() => SalesOrder)
export class OmsOrderFieldsResolver {
  constructor(private readonly process: OrderProcess) {}

  @FieldResolver(() => Boolean, { description: 'True exactly when every item is in a cancellable state.' })
  async isCancellable(@Root() order: SalesOrder, @Ctx() ctx: RequestContext): Promise<boolean> {
    const items = await ctx.loaders.itemsOf(order.id, false);
    return items.length > 0 && items.every((i) => this.process.hasFlag(i.state, 'cancellable'));
  }

  @FieldResolver(() => DateTimeResolver, {
    nullable: true,
    description: 'When the cancellation window closes, once it is running; null when not cancellable.',
  })
  async cancellableUntil(@Root() order: SalesOrder, @Ctx() ctx: RequestContext): Promise<Date | null> {
    if (!(await this.isCancellable(order, ctx))) return null;
    return ctx.omsLoaders.windowClosesAt.load(order.id);
  }

  @FieldResolver(() => [String], {
    description: 'Back office: manual events that apply to at least one item. Empty for customers.',
  })
  async manualEvents(@Root() order: SalesOrder, @Ctx() ctx: RequestContext): Promise<string[]> {
    if (ctx.viewer.kind !== 'back-office') return [];
    const items = await ctx.loaders.itemsOf(order.id, false);
    const available = new Set(items.flatMap((i) => this.process.manualEventsFrom(i.state)));
    return this.process.definition.events.filter((e) => available.has(e.name)).map((e) => e.name);
  }
}
