import type { CatalogService } from '../catalog/catalog.service';
import { invalidInput } from '../common/errors';
import { fromGlobalId, NodeTypeName } from '../common/global-id';
import type { RequestContext } from '../common/request-context';
import { InvoiceRepository } from '../invoices/invoice.repository';
import { visibleTo } from '../orders/order-visibility';
import { OrderRepository } from '../orders/order.repository';
import { ShipmentRepository } from '../shipments/shipment.repository';

type Parsed = { type: NodeTypeName; key: string };

/**
 * Finds objects by global id for `node` and `nodes`, under the same rules as the typed fields: an order, its items,
 * shipments and invoices only for who may read the order (anyone else gets null, as for an id that does not
 * exist); catalog objects for everyone.
 */
export class NodeService {
  constructor(private readonly catalog: CatalogService) {}

  /** Every id must be a global id this server made; a malformed one is refused with its field. */
  parse(ids: string[], field: (index: number) => string): Parsed[] {
    const parsed = ids.map((id) => fromGlobalId(id));
    const bad = parsed.flatMap((p, i) => (p ? [] : [i]));
    if (bad.length) {
      throw invalidInput(
        bad.map((i) => ({
          field: field(i),
          messages: ['not an id of this API (ids come from the id field)'],
        })),
      );
    }
    return parsed as Parsed[];
  }

  async find(ctx: RequestContext, ids: Parsed[]): Promise<(object | null)[]> {
    const byType = new Map<NodeTypeName, string[]>();
    for (const { type, key } of ids) byType.set(type, [...(byType.get(type) ?? []), key]);
    const found = new Map<string, object>();
    await Promise.all(
      [...byType].map(async ([type, keys]) => {
        for (const [key, node] of await this.load(ctx, type, [...new Set(keys)]))
          found.set(`${type}:${key}`, node);
      }),
    );
    return ids.map(({ type, key }) => found.get(`${type}:${key}`) ?? null);
  }

  private async load(ctx: RequestContext, type: NodeTypeName, keys: string[]): Promise<[string, object][]> {
    const numeric = keys.filter((k) => /^\d{1,15}$/.test(k)).map(Number);
    switch (type) {
      case 'Order': {
        const orders = await ctx.loaders.orderById.loadMany(numeric);
        return orders.flatMap((o) =>
          o && !(o instanceof Error) && visibleTo(ctx.viewer, o)
            ? [[String(o.id), o] as [string, object]]
            : [],
        );
      }
      case 'SalesItem':
        return this.ofVisibleOrders(ctx, await new OrderRepository(ctx.manager).itemsByIds(numeric));
      case 'Shipment':
        return this.ofVisibleOrders(ctx, await new ShipmentRepository(ctx.manager).byIds(numeric));
      case 'Invoice':
        return this.ofVisibleOrders(ctx, await new InvoiceRepository(ctx.manager).byIds(numeric));
      case 'Product':
        return (await this.catalog.productsBySku(ctx, keys)).map((p) => [p.sku, p]);
      case 'ShipmentMethod':
        return (await this.catalog.shipmentMethodsByKey(ctx, keys)).map((m) => [m.key, m]);
    }
  }

  /** Keeps the rows whose order exists and is visible to the viewer; the rest read as "not found". */
  private async ofVisibleOrders<T extends { id: number; orderId: number }>(
    ctx: RequestContext,
    rows: T[],
  ): Promise<[string, T][]> {
    const orders = await ctx.loaders.orderById.loadMany(rows.map((r) => r.orderId));
    return rows.flatMap((row, i) => {
      const order = orders[i];
      return order && !(order instanceof Error) && visibleTo(ctx.viewer, order)
        ? [[String(row.id), row]]
        : [];
    });
  }
}
