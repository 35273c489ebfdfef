import type { RequestContext } from '../common/request-context';
import type { JobQueue } from '../jobs/job-queue';
import { ORDER_MAIL_QUEUE } from '../jobs/job-settings';
import { OrderMailKind, OrderMailRepository } from './order-mail.repository';

export interface DeliverOrderMailPayload {
  mailId: number;
}

/**
 * Records an order e-mail and enqueues its delivery in the caller's transaction: it is sent only if the change that
 * called for it commits, and once per (order, kind, event key) however often the event is replayed.
 */
export class OrderMails {
  constructor(private readonly jobs: JobQueue) {}

  async enqueue(
    tx: RequestContext,
    orderId: number,
    kind: OrderMailKind,
    eventKey: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    const mailId = await new OrderMailRepository(tx.manager).record(
      orderId,
      kind,
      eventKey,
      details,
      tx.clock.now(),
    );
    if (mailId === null) return;
    await this.jobs.enqueue<DeliverOrderMailPayload>(tx.manager, ORDER_MAIL_QUEUE, { mailId });
  }

  /** One e-mail per transaction about the items given over all calls in it (say, a cancellation). */
  async enqueueForTransaction(
    tx: RequestContext,
    orderId: number,
    kind: OrderMailKind,
    itemIds: number[],
  ): Promise<void> {
    const mailId = await new OrderMailRepository(tx.manager).recordForTransaction(
      orderId,
      kind,
      itemIds,
      tx.clock.now(),
    );
    if (mailId === null) return;
    await this.jobs.enqueue<DeliverOrderMailPayload>(tx.manager, ORDER_MAIL_QUEUE, { mailId });
  }
}
