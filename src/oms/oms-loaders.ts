import DataLoader from 'dataloader';
import { EntityManager, In } from 'typeorm';
import { ItemStateHistory } from './item-state-history.entity';
import type { OrderProcess } from './process-definition';

/** Per-request batches for the state machine's fields: one statement per page, whatever its size. */
export class OmsLoaders {
  readonly historyByItem: DataLoader<number, ItemStateHistory[]>;
  /** When the cancellation window of an order closes: the earliest due time of its window event, if scheduled. */
  readonly windowClosesAt: DataLoader<number, Date | null>;

  constructor(manager: EntityManager, process: OrderProcess) {
    this.historyByItem = new DataLoader(async (itemIds) => {
      const rows = await manager.find(ItemStateHistory, {
        where: { itemId: In([...itemIds]) },
        order: { id: 'ASC' },
      });
      const byItem = new Map<number, ItemStateHistory[]>();
      for (const row of rows) {
        const list = byItem.get(row.itemId);
        if (list) list.push(row);
        else byItem.set(row.itemId, [row]);
      }
      return itemIds.map((id) => byItem.get(id) ?? []);
    });
    this.windowClosesAt = new DataLoader(async (orderIds) => {
      const rows: { order_id: number; due_at: Date }[] = await manager.query(
        `SELECT order_id, min(due_at) AS due_at FROM oms_event_timeout
         WHERE order_id = ANY($1) AND event = $2 GROUP BY order_id`,
        [[...orderIds], process.definition.cancellationWindowEvent],
      );
      const byOrder = new Map(rows.map((r) => [r.order_id, r.due_at]));
      return orderIds.map((id) => byOrder.get(id) ?? null);
    });
  }

  clearAll(): void {
    this.historyByItem.clearAll();
    this.windowClosesAt.clearAll();
  }
}
