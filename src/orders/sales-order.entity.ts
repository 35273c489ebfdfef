import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { toGlobalId } from '../common/global-id';
import { GlobalIdField, Node } from '../nodes/node.interface';
import { Address } from './address';

/**
 * An order as placed. Totals are stored with the order and recomputed in the same transaction as every change
 * that affects them (cancel, shipment edits), so reading a page of orders never recomputes anything.
 */
@ObjectType('Order', {
  simpleResolvers: true,
  implements: Node,
  description: 'A placed order: items, shipments, addresses and totals.',
})
@Entity('sales_order')
export class SalesOrder {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: number;

  @GlobalIdField()
  get nodeId(): string {
    return toGlobalId('Order', this.id);
  }

  @Field({ description: 'Order reference, e.g. DE--42: what the customer quotes.' })
  @Column({ type: 'varchar', length: 45, unique: true })
  reference!: string;

  @Field(() => String, {
    nullable: true,
    description: "The buyer's own reference (PO / ERP number), if any.",
  })
  @Column({ type: 'varchar', length: 255, nullable: true })
  customReference!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The buyer reference (BT-10, e.g. a Leitweg-ID) the invoice's XML carries; set at placement.",
  })
  @Column({ type: 'varchar', length: 100, nullable: true })
  buyerReference!: string | null;

  /** Set from the request's clock (millisecond precision), so cursors made from it round-trip exactly. */
  @Field({ description: 'When the order was placed.' })
  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Field({ description: "The customer's e-mail address; invoices go here." })
  @Column({ type: 'varchar', length: 255 })
  email!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Reference of the customer who placed the order; null for a guest order.',
  })
  @Column({ type: 'varchar', length: 128, nullable: true })
  customerReference!: string | null;

  /** Set only on the order a guest's placeOrder returns: the raw token exists nowhere else (only its hash). */
  @Field(() => String, {
    nullable: true,
    description:
      'Guest orders: the access token for guestOrder and cancelOrder, returned once by placeOrder; null on every other read.',
  })
  guestAccessToken?: string | null;

  @Field({ description: 'ISO 4217 currency of every amount of this order.' })
  @Column({ type: 'char', length: 3 })
  currencyCode!: string;

  @Field({ description: 'GROSS_MODE (prices contain tax) or NET_MODE (tax added on top).' })
  @Column({ type: 'varchar', length: 16 })
  priceMode!: string;

  @Field({ description: 'Store the order was placed in, e.g. DE.' })
  @Column({ type: 'varchar', length: 10 })
  store!: string;

  @Field({
    description:
      'Language of the order (BCP 47, e.g. de-DE): its invoices, credit notes and e-mails are written in it. Set once, at placement.',
  })
  @Column({ type: 'varchar', length: 16 })
  locale!: string;

  @Field(() => Address, { description: 'Billing address.' })
  @Column(() => Address, { prefix: 'billing' })
  billingAddress!: Address;

  @Column({ type: 'bigint' })
  subtotal!: number;

  @Column({ type: 'bigint' })
  expenseTotal!: number;

  @Column({ type: 'bigint' })
  discountTotal!: number;

  @Column({ type: 'bigint' })
  taxTotal!: number;

  @Column({ type: 'bigint' })
  grandTotal!: number;

  @Column({ type: 'bigint' })
  canceledTotal!: number;

  @Column({ type: 'bigint' })
  refundTotal!: number;

  @Column({ type: 'varchar', length: 128, nullable: true })
  idempotencyKey!: string | null;

  /** sha256 of the placement request, to tell a retry from a different request that reuses a key. */
  @Column({ type: 'char', length: 64, nullable: true })
  requestHash!: string | null;

  /**
   * The distinct states of the items as a list read them with the order (item_states, kept by triggers on the
   * items). Not a column of the entity: only the list's reader sets it, in requests that change nothing, so it is
   * never stale; anywhere else it is undefined and the states come from the items.
   */
  knownItemStates?: string[];
}
