import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Money paid back for returned items (and shipping with a shipment's last item): the `refund` event's record. */
@ObjectType('Refund', {
  simpleResolvers: true,
  description: 'A refund: how much was paid back for which items, by whom, when, and its credit note.',
})
@Entity('sales_refund')
export class Refund {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: number;

  // Opaque like a global id, but not a Node: a refund is read with its order. Not a simple field (see GlobalIdField).
  @Field(() => ID, { name: 'id', simple: false, description: 'Opaque id of the refund.' })
  get refundId(): string {
    return Buffer.from(`Refund:${this.id}`, 'utf8').toString('base64url');
  }

  @Column({ type: 'bigint' })
  orderId!: number;

  @Column({ type: 'char', length: 3 })
  currencyCode!: string;

  @Column({ type: 'bigint' })
  itemAmount!: number;

  @Column({ type: 'bigint' })
  expenseAmount!: number;

  @Column({ type: 'bigint' })
  amount!: number;

  @Column({ type: 'bigint', array: true })
  itemIds!: number[];

  @Column({ type: 'bigint', nullable: true })
  creditNoteId!: number | null;

  @Column({ type: 'varchar', length: 160 })
  actor!: string;

  @Field({ description: 'Where from: back-office, timeout or system.' })
  @Column({ type: 'varchar', length: 20 })
  source!: string;

  @Field({ description: 'When.' })
  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
