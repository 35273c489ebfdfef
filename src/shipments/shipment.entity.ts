import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { toGlobalId } from '../common/global-id';
import { GlobalIdField, Node } from '../nodes/node.interface';
import { LocalDateScalar } from '../common/scalars';
import { Address } from '../orders/address';

/**
 * One delivery of an order: its own address, method (copied from the catalog at the time) and requested date,
 * and its own shipping expense. Every sales item belongs to exactly one shipment.
 */
@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description: 'A delivery of some of the order items to one address with one method.',
})
@Entity('sales_shipment')
export class Shipment {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: number;

  @GlobalIdField()
  get nodeId(): string {
    return toGlobalId('Shipment', this.id);
  }

  @Column({ type: 'bigint' })
  orderId!: number;

  @Field({ description: 'Key of the shipment method chosen.' })
  @Column({ type: 'varchar', length: 64 })
  methodKey!: string;

  @Field({ description: 'Shipment method name as it was when chosen.' })
  @Column({ type: 'varchar', length: 255 })
  methodName!: string;

  @Field({ description: 'Carrier name as it was when chosen.' })
  @Column({ type: 'varchar', length: 255 })
  carrierName!: string;

  @Field(() => String, { nullable: true, description: 'Delivery time promised when chosen.' })
  @Column({ type: 'varchar', length: 255, nullable: true })
  deliveryTime!: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Requested delivery date, yyyy-MM-dd.' })
  @Column({ type: 'date', nullable: true })
  requestedDeliveryDate!: string | null;

  @Field(() => Address, { description: 'Delivery address.' })
  @Column(() => Address, { prefix: 'address' })
  address!: Address;

  /** Gross shipping expense charged for this shipment. */
  @Column({ type: 'bigint' })
  expenseAmount!: number;

  @Column({ type: 'integer' })
  expenseTaxRateBp!: number;

  @Column({ type: 'bigint' })
  expenseTaxAmount!: number;

  @Column({ type: 'bigint', default: 0 })
  expenseCanceledAmount!: number;

  /** Shipping paid back: refunded with the shipment's last item (refunds/refund.service.ts). */
  @Column({ type: 'bigint', default: 0 })
  expenseRefundedAmount!: number;
}
