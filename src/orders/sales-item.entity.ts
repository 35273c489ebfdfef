import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { toGlobalId } from '../common/global-id';
import { GlobalIdField, Node } from '../nodes/node.interface';

/**
 * A sales order item: one unit of a splittable line, or a whole non-splittable line. It carries its own state in
 * the order process, so each unit can be shipped, cancelled or returned on its own.
 */
@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description: 'An item of an order, with its own state in the order process.',
})
@Entity('sales_order_item')
export class SalesItem {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: number;

  @GlobalIdField()
  get nodeId(): string {
    return toGlobalId('SalesItem', this.id);
  }

  @Column({ type: 'bigint' })
  orderId!: number;

  @Column({ type: 'bigint' })
  shipmentId!: number;

  /** Position of the cart line this item came from (1-based); items split from one line share it. */
  @Column({ type: 'integer' })
  lineNumber!: number;

  @Field({ description: 'Product SKU.' })
  @Column({ type: 'varchar', length: 64 })
  sku!: string;

  @Field({ description: 'Product name as it was at placement.' })
  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Field(() => Int, { description: 'Quantity: 1 for a split item, N for a non-splittable line.' })
  @Column({ type: 'integer' })
  quantity!: number;

  @Column({ type: 'bigint' })
  unitPrice!: number;

  @Column({ type: 'bigint' })
  sumPrice!: number;

  @Column({ type: 'integer' })
  taxRateBp!: number;

  @Column({ type: 'bigint' })
  taxAmount!: number;

  @Column({ type: 'bigint', default: 0 })
  canceledAmount!: number;

  /** What refunds paid back of sumPrice (refunds/refund.service.ts); an item is refunded whole. */
  @Column({ type: 'bigint', default: 0 })
  refundedAmount!: number;

  @Field({ description: 'Whether the product allowed splitting into single units.' })
  @Column({ type: 'boolean' })
  isQuantitySplittable!: boolean;

  @Field({ description: 'Current state in the order process, e.g. "payment pending".' })
  @Column({ type: 'varchar', length: 64 })
  state!: string;

  @Column({ type: 'timestamptz' })
  stateChangedAt!: Date;
}
