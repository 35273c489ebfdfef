import type { OmsRegistry } from '../oms/oms-registry';
import type { OrderMails } from './order-mails';

/**
 * The OMS commands that send order e-mails. Each only records the e-mail and enqueues its job in the trigger's
 * transaction; the unique (order, kind, event key) makes each one once per event, however often the event runs.
 */
// Recording an e-mail changes no amount: the engine need not recompute the order's totals for it.
const NEUTRAL = { changesAmounts: false };

export function registerOrderMailCommands(registry: OmsRegistry, mails: OrderMails): void {
  registry
    .registerCommand(
      'mail-order-confirmation',
      ({ tx, order }) => mails.enqueue(tx, order.id, 'confirmation', 'placed'),
      NEUTRAL,
    )
    .registerCommand(
      'mail-shipping-notification',
      async ({ tx, order, items }) => {
        // Once per shipment: the first of its items to ship sends it, later ones find it recorded.
        for (const shipmentId of new Set(items.map((i) => i.shipmentId))) {
          await mails.enqueue(tx, order.id, 'shipped', `shipment:${shipmentId}`, { shipmentId });
        }
      },
      NEUTRAL,
    )
    .registerCommand(
      'mail-cancellation',
      ({ tx, order, items }) =>
        // One e-mail per cancelling transaction, however many source states its items came from.
        mails.enqueueForTransaction(
          tx,
          order.id,
          'cancelled',
          items.map((i) => i.id),
        ),
      NEUTRAL,
    );
}
