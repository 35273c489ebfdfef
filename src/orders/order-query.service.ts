import { SelectQueryBuilder } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { Page } from '../common/connection';
import { DEFAULT_PAGE_SIZE } from '../common/pagination.args';
import type { RequestContext } from '../common/request-context';
import { OrderFilter } from './order-filter.input';
import { ORDER_SEARCH_TEXT, searchPattern } from './order-search';
import { OrderKeyset } from './order-sort';
import type { OrderSort } from './order-sort.input';
import { visibleTo } from './order-visibility';
import { SalesItem } from './sales-item.entity';
import { SalesOrder } from './sales-order.entity';

export interface OrderListArgs {
  first?: number;
  after?: string;
  filter?: OrderFilter | null;
  sort?: OrderSort | null;
}

const seesAll = (viewer: Viewer) => viewer.kind === 'back-office' || viewer.kind === 'system';

/** Whether a filter narrows the list by anything but the store (a blank search narrows nothing). */
const narrowsBeyondStore = (f: OrderFilter) =>
  Boolean(
    searchPattern(f.search) ||
    f.customReference ||
    f.customerReference ||
    f.createdFrom ||
    f.createdTo ||
    f.states?.length,
  );

/** Reads orders as the viewer may see them: a customer only their own, back office all, nobody else anything. */
export class OrderQueryService {
  /** The order, or null when it does not exist or belongs to someone else (no enumeration). */
  async findByReference(ctx: RequestContext, reference: string): Promise<SalesOrder | null> {
    const order = await ctx.manager.findOneBy(SalesOrder, { reference });
    return order && visibleTo(ctx.viewer, order) ? order : null;
  }

  async list(ctx: RequestContext, args: OrderListArgs = {}): Promise<Page<SalesOrder>> {
    const { first = DEFAULT_PAGE_SIZE, after, sort } = args;
    const filter = args.filter ?? {};
    const base = this.filtered(ctx, filter);
    const keyset = new OrderKeyset(sort ?? undefined);
    // No joins, so limit (not take) is the plain SQL LIMIT; one extra row tells whether another page follows.
    const rows = await keyset
      .apply(base.clone(), after)
      .limit(first + 1)
      .getMany();
    return {
      nodes: rows.slice(0, first),
      hasNextPage: rows.length > first,
      cursorOf: (o) => keyset.cursorOf(o),
      countTotal: () => this.count(ctx, base, filter),
    };
  }

  /**
   * totalCount, run only when asked for. Unnarrowed back-office lists (at most by store) read the trigger-kept
   * sales_order_count: a handful of rows, however many orders there are. Anything narrower counts the matching
   * rows through the same indexes that serve the page; a customer's count is bounded by their own orders.
   */
  private async count(
    ctx: RequestContext,
    base: SelectQueryBuilder<SalesOrder>,
    filter: OrderFilter,
  ): Promise<number> {
    if (seesAll(ctx.viewer) && !narrowsBeyondStore(filter)) {
      const [{ n }] = await ctx.manager.query(
        `SELECT coalesce(sum(orders), 0)::bigint AS n FROM sales_order_count
          WHERE $1::varchar IS NULL OR store = $1`,
        [filter.store ?? null],
      );
      return n;
    }
    const row = await base.clone().select('count(*)::bigint', 'n').getRawOne<{ n: number }>();
    return row?.n ?? 0;
  }

  private filtered(ctx: RequestContext, filter: OrderFilter): SelectQueryBuilder<SalesOrder> {
    const query = ctx.manager.createQueryBuilder(SalesOrder, 'o');
    const { viewer } = ctx;
    if (viewer.kind === 'customer') {
      query.andWhere('o.customer_reference = :me', { me: viewer.customerReference });
    } else if (!seesAll(viewer)) {
      query.andWhere('false');
    } else if (filter.customerReference) {
      query.andWhere('o.customer_reference = :customerReference', {
        customerReference: filter.customerReference,
      });
    }
    if (filter.customReference) {
      query.andWhere('lower(o.custom_reference) = lower(:customReference)', {
        customReference: filter.customReference.trim(),
      });
    }
    if (filter.store) query.andWhere('o.store = :store', { store: filter.store });
    if (filter.createdFrom)
      query.andWhere('o.created_at >= :createdFrom', { createdFrom: filter.createdFrom });
    if (filter.createdTo) query.andWhere('o.created_at <= :createdTo', { createdTo: filter.createdTo });
    const pattern = searchPattern(filter.search);
    if (pattern) query.andWhere(`${ORDER_SEARCH_TEXT} ILIKE :pattern`, { pattern });
    if (filter.states?.length) {
      query.andWhere(
        `EXISTS (SELECT 1 FROM ${ctx.manager.getRepository(SalesItem).metadata.tableName} i
                 WHERE i.order_id = o.id AND i.state IN (:...states))`,
        { states: filter.states },
      );
    }
    return query;
  }
}
