import type { Viewer } from '../auth/viewer';
import { Page } from '../common/connection';
import { DEFAULT_PAGE_SIZE } from '../common/pagination.args';
import type { RequestContext } from '../common/request-context';
import { OrderFilter } from './order-filter.input';
import { OrderListCriteria, OrderReadAhead, OrderRepository } from './order.repository';
import { searchPattern } from './order-search';
import { OrderKeyset } from './order-sort';
import type { OrderSort } from './order-sort.input';
import { visibleTo } from './order-visibility';
import type { SalesOrder } from './sales-order.entity';

export interface OrderListArgs {
  first?: number;
  after?: string;
  filter?: OrderFilter | null;
  sort?: OrderSort | null;
}

const seesAll = (viewer: Viewer) => viewer.kind === 'back-office' || viewer.kind === 'system';

/** Whether a filter narrows the list by anything but the store and item states (a blank search narrows nothing). */
const narrowsBeyondStoreAndStates = (f: OrderFilter) =>
  Boolean(
    searchPattern(f.search) ||
    f.customReference ||
    f.customerReference ||
    f.createdFrom ||
    f.createdTo ||
    f.hasComments != null ||
    f.refunded != null,
  );

/** Reads orders as the viewer may see them: a customer only their own, back office all, nobody else anything. */
export class OrderQueryService {
  /** The order, or null when it does not exist or belongs to someone else (no enumeration). */
  async findByReference(ctx: RequestContext, reference: string): Promise<SalesOrder | null> {
    const order = await new OrderRepository(ctx.manager).byReference(reference);
    return order && visibleTo(ctx.viewer, order) ? order : null;
  }

  /** The same by id (a live update's payload): null when gone or not the viewer's. */
  async findById(ctx: RequestContext, id: number): Promise<SalesOrder | null> {
    const order = await new OrderRepository(ctx.manager).byId(id);
    return order && visibleTo(ctx.viewer, order) ? order : null;
  }

  /** Whether the order is on the list the viewer would see with this filter (back office's live list). */
  async matches(ctx: RequestContext, id: number, filter: OrderFilter = {}): Promise<boolean> {
    const criteria = { ...this.criteria(ctx, filter), orderId: id };
    return (await new OrderRepository(ctx.manager).countMatching(criteria)) > 0;
  }

  /**
   * A page of orders. `readAhead` names what the query shows of every order that a list can read with its rows (one
   * statement for the page instead of two); the request's loaders then answer those fields.
   */
  async list(
    ctx: RequestContext,
    args: OrderListArgs = {},
    readAhead: OrderReadAhead = {},
  ): Promise<Page<SalesOrder>> {
    const { first = DEFAULT_PAGE_SIZE, after, sort } = args;
    const filter = args.filter ?? {};
    const criteria = this.criteria(ctx, filter);
    const keyset = new OrderKeyset(sort ?? undefined);
    const orders = new OrderRepository(ctx.manager);
    // Up to one row more than the page: it tells whether another page follows.
    const rows = await orders.page(criteria, keyset, after, first, readAhead);
    for (const row of rows) ctx.loaders.rememberContents(row);
    return {
      nodes: rows.slice(0, first).map((row) => row.order),
      hasNextPage: rows.length > first,
      hasPreviousPage: after !== undefined,
      cursorOf: (o) => keyset.cursorOf(o),
      countTotal: () => this.count(orders, ctx, criteria, filter),
    };
  }

  /**
   * totalCount, run only when asked for. Back-office lists narrowed at most by store, or by store and one item
   * state, read the trigger-kept counts; anything narrower (two states could count an order twice) counts the
   * matching rows; a customer's count is bounded by their own orders.
   */
  private count(
    orders: OrderRepository,
    ctx: RequestContext,
    criteria: OrderListCriteria,
    filter: OrderFilter,
  ): Promise<number> {
    if (seesAll(ctx.viewer) && !narrowsBeyondStoreAndStates(filter)) {
      const states = new Set(filter.states ?? []);
      if (states.size === 0) return orders.countAll(filter.store ?? null);
      if (states.size === 1) return orders.countInState([...states][0], filter.store ?? null);
    }
    return orders.countMatching(criteria);
  }

  /** Who sees what: a customer their own orders, back office all (or one customer's), anyone else nothing. */
  private criteria(ctx: RequestContext, filter: OrderFilter): OrderListCriteria {
    const { viewer } = ctx;
    return {
      none: viewer.kind !== 'customer' && !seesAll(viewer),
      customerReference:
        viewer.kind === 'customer'
          ? viewer.customerReference
          : seesAll(viewer)
            ? filter.customerReference
            : null,
      customReference: filter.customReference ? filter.customReference.trim() : null,
      store: filter.store,
      createdFrom: filter.createdFrom,
      createdTo: filter.createdTo,
      searchPattern: searchPattern(filter.search),
      states: filter.states,
      // Comments are internal: a customer's filter by them would tell that some exist.
      hasComments: seesAll(viewer) ? filter.hasComments : null,
      refunded: filter.refunded,
    };
  }
}
