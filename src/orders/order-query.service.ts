import { Brackets, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, encodeCursor, Page } from '../common/connection';
import { invalidInput } from '../common/errors';
import { DEFAULT_PAGE_SIZE } from '../common/pagination.args';
import type { RequestContext } from '../common/request-context';
import { OrderFilter } from './order-filter.input';
import { visibleTo } from './order-visibility';
import { SalesItem } from './sales-item.entity';
import { SalesOrder } from './sales-order.entity';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Reads orders as the viewer may see them: a customer only their own, back office all, nobody else anything. */
export class OrderQueryService {
  /** The order, or null when it does not exist or belongs to someone else (no enumeration). */
  async findByReference(ctx: RequestContext, reference: string): Promise<SalesOrder | null> {
    const order = await ctx.manager.findOneBy(SalesOrder, { reference });
    return order && visibleTo(ctx.viewer, order) ? order : null;
  }

  async list(
    ctx: RequestContext,
    first = DEFAULT_PAGE_SIZE,
    after?: string,
    filter?: OrderFilter,
  ): Promise<Page<SalesOrder>> {
    const base = this.filtered(ctx, filter ?? {});
    const page = base
      .clone()
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .take(first + 1);
    if (after !== undefined) {
      const cursor = decodeCursor(after, ['string', 'number']);
      if (!cursor) throw invalidInput([{ field: 'after', messages: ['after is not a cursor of this list'] }]);
      page.andWhere('(o.created_at, o.id) < (:afterCreated, :afterId)', {
        afterCreated: new Date(cursor[0] as string),
        afterId: cursor[1],
      });
    }
    const rows = await page.getMany();
    return {
      nodes: rows.slice(0, first),
      hasNextPage: rows.length > first,
      cursorOf: (o) => encodeCursor([o.createdAt.toISOString(), o.id]),
      countTotal: () => base.getCount(),
    };
  }

  private filtered(ctx: RequestContext, filter: OrderFilter): SelectQueryBuilder<SalesOrder> {
    const query = ctx.manager.createQueryBuilder(SalesOrder, 'o');
    const { viewer } = ctx;
    if (viewer.kind === 'customer') {
      query.andWhere('o.customer_reference = :me', { me: viewer.customerReference });
    } else if (viewer.kind !== 'back-office' && viewer.kind !== 'system') {
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
    if (filter.search?.trim()) {
      const pattern = `%${escapeLike(filter.search.trim())}%`;
      query.andWhere(
        new Brackets((q) =>
          q
            .where('o.reference ILIKE :pattern', { pattern })
            .orWhere('o.custom_reference ILIKE :pattern')
            .orWhere('o.email ILIKE :pattern')
            .orWhere(`(o.billing_first_name || ' ' || o.billing_last_name) ILIKE :pattern`),
        ),
      );
    }
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
