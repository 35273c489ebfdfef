import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../common/request-context';
import type { OrderFilter } from '../orders/order-filter.input';
import type { OrderQueryService } from '../orders/order-query.service';
import type { SalesOrder } from '../orders/sales-order.entity';
import { ORDER_CHANGED, OrderPubSub } from './order-pubsub';

const notYours = (reference: string) =>
  new GraphQLError(`There is no order ${reference} you may follow`, { extensions: { code: 'FORBIDDEN' } });

/**
 * Subscriptions to orders. Each event carries only an order id; the order is read again, as the subscriber may see
 * it, when the event is sent: what a subscriber gets is always committed, current state.
 */
export class LiveOrdersService {
  constructor(
    private readonly pubSub: OrderPubSub,
    private readonly queries: OrderQueryService,
    /** New request-scoped loaders (the composition root's): each event is read as a request of its own. */
    private readonly loaders: (
      manager: EntityManager,
    ) => Pick<RequestContext, 'loaders' | 'omsLoaders' | 'scoped'>,
  ) {}

  /** Changes of one order the viewer may see (a guest: theirs by token); an error, and no stream, otherwise. */
  async orderChanged(ctx: RequestContext, reference: string): Promise<AsyncIterable<number>> {
    const order = await this.queries.findByReference(ctx, reference);
    if (!order) throw notYours(reference);
    return this.pubSub.subscribe(ORDER_CHANGED, order.id);
  }

  /** Back office: changes of every order that matches the filter at the time of the change. */
  ordersChanged(ctx: RequestContext, filter: OrderFilter | undefined): AsyncIterable<number> {
    const changes = this.pubSub.subscribe(ORDER_CHANGED);
    const queries = this.queries;
    const fresh = (c: RequestContext) => this.fresh(c);
    return {
      [Symbol.asyncIterator]: () => ({
        async next(): Promise<IteratorResult<number>> {
          for (;;) {
            const change = await changes.next();
            if (change.done) return change;
            if (await queries.matches(fresh(ctx), change.value, filter ?? {})) return change;
          }
        },
        return: () => changes.return!(),
      }),
    };
  }

  /**
   * A subscription's context lives as long as the subscription, and each event's fields are read through it: it
   * gets new loaders (and so new request loaders, keyed on them) so that no event is served an earlier one's rows.
   */
  private fresh(ctx: RequestContext): RequestContext {
    return Object.assign(ctx, this.loaders(ctx.manager));
  }

  /** The order as the subscriber sees it now. */
  async current(ctx: RequestContext, orderId: number): Promise<SalesOrder> {
    const order = await this.queries.findById(this.fresh(ctx), orderId);
    if (!order)
      throw new GraphQLError('The order is no longer visible', { extensions: { code: 'FORBIDDEN' } });
    return order;
  }
}
