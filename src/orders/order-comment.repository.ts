import type { EntityManager } from 'typeorm';
import { entityReader } from '../database/entity-reader';
import { OrderComment } from './order-comment.entity';

export interface NewOrderComment {
  orderId: number;
  message: string;
  author: string;
  createdAt: Date;
}

/** Internal comments on orders, and the order's comment count that the list filters on. */
export class OrderCommentRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Adds the comment and counts it on the order, in the caller's transaction (the order row is locked). */
  async add(comment: NewOrderComment): Promise<OrderComment> {
    const comments = entityReader(this.manager, OrderComment);
    const [row] = await comments.query(
      this.manager,
      `INSERT INTO ${comments.tableName} (order_id, message, author, created_at) VALUES ($1, $2, $3, $4)
       RETURNING ${comments.selectList(comments.tableName)}`,
      [comment.orderId, comment.message, comment.author, comment.createdAt],
    );
    await this.manager.query(`UPDATE sales_order SET comment_count = comment_count + 1 WHERE id = $1`, [
      comment.orderId,
    ]);
    return row;
  }

  /** The comments of several orders, each order's newest first. */
  ofOrders(orderIds: readonly number[]): Promise<OrderComment[]> {
    const comments = entityReader(this.manager, OrderComment);
    return comments.query(
      this.manager,
      `SELECT ${comments.selectList('c')} FROM ${comments.tableName} c WHERE c.order_id = ANY($1::bigint[])
        ORDER BY c.order_id, c.created_at DESC, c.id DESC`,
      [orderIds],
    );
  }
}
