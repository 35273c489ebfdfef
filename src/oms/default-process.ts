import type { ProcessDefinition } from './process-definition';

const DAY = 86_400_000;

export interface DefaultProcessSettings {
  cancellationWindowMs: number;
  closeAfterMs?: number;
}

/**
 * The default order item process, modelled on Spryker's DummyPayment01. Read it as a table:
 *
 *   new ──authorize (on enter)──▶ payment pending ──pay──▶ paid ──confirm (on enter)──▶ confirmed
 *   confirmed ──close cancellation window (timeout = the window, or a button)──▶ waiting
 *   waiting ──ship──▶ shipped ──deliver──▶ delivered ──close (timeout)──▶ closed
 *   new | payment pending | confirmed ──cancel──▶ cancelled          delivered ──refund──▶ refunded (records
 *   the refund's amount and, once invoiced, a credit note)
 *   confirmed | waiting | shipped | delivered ──invoice-generate──▶ (same state): issues the invoice, once
 *
 * E-mails are commands too: the confirmation on authorize, one shipping notification per shipment on ship, a
 * cancellation confirmation on cancel (the invoice and credit note e-mails come with the documents).
 *
 * new, payment pending, paid and confirmed are cancellable: a customer may cancel until the window closes.
 * Closing the window also issues the invoice if back office has not yet, so a customer's cancellation never
 * needs a credit note; invoicing never blocks shipping (it stays in its state).
 */
export function defaultProcess({
  cancellationWindowMs,
  closeAfterMs = 14 * DAY,
}: DefaultProcessSettings): ProcessDefinition {
  return {
    name: 'DefaultOrderProcess01',
    initialState: 'new',
    cancellationWindowEvent: 'close cancellation window',
    states: [
      { name: 'new', display: 'New', flags: ['cancellable'] },
      { name: 'payment pending', display: 'Payment pending', flags: ['cancellable'] },
      { name: 'paid', display: 'Paid', flags: ['cancellable'] },
      { name: 'confirmed', display: 'Confirmed', flags: ['cancellable'] },
      { name: 'waiting', display: 'Preparing shipment' },
      { name: 'shipped', display: 'Shipped', flags: ['shipped'] },
      { name: 'delivered', display: 'Delivered', flags: ['shipped'] },
      { name: 'closed', display: 'Closed', flags: ['shipped'] },
      { name: 'cancelled', display: 'Cancelled' },
      { name: 'refunded', display: 'Refunded', flags: ['shipped'] },
    ],
    events: [
      // The order confirmation goes out as the order enters the process (for guests with their access link).
      { name: 'authorize', onEnter: true, command: 'mail-order-confirmation', commandScope: 'order' },
      { name: 'pay', manual: true },
      { name: 'confirm', onEnter: true, manual: true },
      {
        name: 'close cancellation window',
        manual: true,
        timeoutMs: cancellationWindowMs,
        command: 'invoice-ensure',
        commandScope: 'order',
      },
      { name: 'ship', manual: true, command: 'mail-shipping-notification' },
      { name: 'deliver', manual: true },
      { name: 'close', manual: true, timeoutMs: closeAfterMs },
      { name: 'cancel', manual: true, command: ['cancel-items', 'mail-cancellation'] },
      { name: 'refund', manual: true, command: 'refund-items' },
      { name: 'invoice-generate', manual: true, command: 'invoice-generate', commandScope: 'order' },
    ],
    transitions: [
      { from: 'new', event: 'authorize', to: 'payment pending' },
      { from: 'payment pending', event: 'pay', to: 'paid' },
      { from: 'paid', event: 'confirm', to: 'confirmed' },
      { from: 'confirmed', event: 'close cancellation window', to: 'waiting' },
      { from: 'waiting', event: 'ship', to: 'shipped' },
      { from: 'shipped', event: 'deliver', to: 'delivered' },
      { from: 'delivered', event: 'close', to: 'closed' },
      { from: 'new', event: 'cancel', to: 'cancelled' },
      { from: 'payment pending', event: 'cancel', to: 'cancelled' },
      { from: 'confirmed', event: 'cancel', to: 'cancelled' },
      { from: 'delivered', event: 'refund', to: 'refunded' },
      ...['confirmed', 'waiting', 'shipped', 'delivered'].map((state) => ({
        from: state,
        event: 'invoice-generate',
        to: state,
      })),
    ],
  };
}
