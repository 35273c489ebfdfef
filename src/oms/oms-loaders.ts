import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import type { ItemStateHistory } from './item-state-history.entity';
import { OmsRepository } from './oms.repository';
import type { OrderProcess } from './process-definition';

declare module '../common/request-context' {
  interface RequestContext {
    /** The state machine's batch loaders for this request. */
    omsLoaders: OmsLoaders;
  }
}

/** Per-request batches for the state machine's fields: one statement per page, whatever its size. */
export class OmsLoaders {
  readonly historyByItem: DataLoader<number, ItemStateHistory[]>;
  /** When the cancellation window of an order closes: the earliest due time of its window event, if scheduled. */
  readonly windowClosesAt: DataLoader<number, Date | null>;

  constructor(manager: EntityManager, process: OrderProcess) {
    const oms = new OmsRepository(manager);
    this.historyByItem = new DataLoader(async (itemIds) => {
      const rows = await oms.historyOfItems(itemIds);
      const byItem = new Map<number, ItemStateHistory[]>();
      for (const row of rows) {
        const list = byItem.get(row.itemId);
        if (list) list.push(row);
        else byItem.set(row.itemId, [row]);
      }
      return itemIds.map((id) => byItem.get(id) ?? []);
    });
    this.windowClosesAt = new DataLoader(async (orderIds) => {
      const rows = await oms.firstDueOfOrders(orderIds, process.definition.cancellationWindowEvent);
      const byOrder = new Map(rows.map((r) => [r.order_id, r.due_at]));
      return orderIds.map((id) => byOrder.get(id) ?? null);
    });
  }

  clearAll(): void {
    this.historyByItem.clearAll();
    this.windowClosesAt.clearAll();
  }
}
