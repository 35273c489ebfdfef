import { actorOf } from '../auth/viewer';
import type { RequestContext } from '../common/request-context';
import { requestLoader } from '../common/request-loader';
import type { OrderComment } from './order-comment.entity';
import { OrderCommentRepository } from './order-comment.repository';
import { inLockedOrder } from './order-lock';
import { OrderNotFoundError } from './order-not-found.error';

/** Back office's internal comments: written under the order's lock, read in one batch per page. */
export class OrderCommentService {
  async add(
    ctx: RequestContext,
    orderReference: string,
    message: string,
  ): Promise<OrderComment | OrderNotFoundError> {
    return inLockedOrder(ctx, orderReference, async (tx, order) => {
      return new OrderCommentRepository(tx.manager).add({
        orderId: order.id,
        message: message.trim(),
        author: actorOf(tx.viewer),
        createdAt: tx.clock.now(),
      });
    });
  }

  /** An order's comments, newest first; empty for anyone but back office. The orders of a page in one statement. */
  async commentsOf(ctx: RequestContext, orderId: number): Promise<OrderComment[]> {
    if (ctx.viewer.kind !== 'back-office') return [];
    return requestLoader<number, OrderComment[]>(ctx, 'commentsByOrder', async (orderIds) => {
      const rows = await new OrderCommentRepository(ctx.manager).ofOrders(orderIds);
      return orderIds.map((id) => rows.filter((r) => r.orderId === id));
    }).load(orderId);
  }
}
