import { localId, toGlobalId } from '../common/global-id';
import type { RequestContext } from '../common/request-context';
import { inLockedOrder } from '../orders/order-lock';
import { OrderRepository } from '../orders/order.repository';
import { SalesOrder } from '../orders/sales-order.entity';
import type { OmsEngine, TriggerOutcome } from './oms-engine';
import {
  CommandFailedError,
  EventNotApplicableError,
  ItemsNotInOrderError,
  UnknownEventError,
} from './oms-errors.result';
import { OrderEventTriggered } from './order-event-triggered.type';
import type { TriggerOrderEventResult } from './oms.result';
import { TriggerOrderEventInput } from './trigger-order-event.input';

const itemId = (id: string) => localId('SalesItem', id);

/** Back office fires manual events at a whole order, one shipment, or chosen items (Spryker's three levels). */
export class OrderEventService {
  constructor(private readonly engine: OmsEngine) {}

  async trigger(ctx: RequestContext, input: TriggerOrderEventInput): Promise<TriggerOrderEventResult> {
    const event = this.engine.process.event(input.event);
    const process = this.engine.process;
    if (!event || !process.isBackOfficeEvent(event)) {
      const manual = process.definition.events
        .filter((e) => process.isBackOfficeEvent(e))
        .map((e) => `"${e.name}"`);
      return new UnknownEventError(
        input.event,
        `"${input.event}" is not a manual event. Manual events: ${manual.join(', ')}.`,
      );
    }
    return inLockedOrder(ctx, input.orderReference, async (tx, order) => {
      const all = await new OrderRepository(tx.manager).itemsOfOrder(order.id);

      let chosen = all;
      const unknown: string[] = [];
      if (input.shipmentId != null) {
        const shipmentId = localId('Shipment', input.shipmentId);
        chosen = chosen.filter((i) => i.shipmentId === shipmentId);
        if (!chosen.length) unknown.push(input.shipmentId);
      }
      if (input.itemIds?.length) {
        const wanted = new Set(input.itemIds.map(itemId));
        for (const id of input.itemIds) if (!chosen.some((i) => i.id === itemId(id))) unknown.push(id);
        chosen = chosen.filter((i) => wanted.has(i.id));
      }
      if (unknown.length) return new ItemsNotInOrderError(unknown);

      return toResult(order, input.event, await this.engine.trigger(tx, order, input.event, chosen));
    });
  }
}

export function toResult(order: SalesOrder, event: string, outcome: TriggerOutcome): TriggerOrderEventResult {
  const skipped = outcome.skipped.map((s) => ({ ...s, itemId: toGlobalId('SalesItem', s.itemId) }));
  if (!outcome.ok) return new CommandFailedError(outcome.command, outcome.message);
  if (!outcome.moved.length) return new EventNotApplicableError(event, skipped);
  return Object.assign(new OrderEventTriggered(), {
    order,
    moved: outcome.moved.map((m) => ({ ...m, itemId: toGlobalId('SalesItem', m.itemId) })),
    skipped,
  });
}
