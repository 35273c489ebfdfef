import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@ObjectType('OrderChange', {
  simpleResolvers: true,
  description: 'A change made to an order by back office or the system: who, what, when.',
})
@Entity('sales_order_change')
export class OrderChange {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column({ type: 'bigint' })
  orderId!: number;

  @Field({ description: 'What kind of change, e.g. SHIPMENT_CREATED, ITEMS_MOVED, CUSTOM_REFERENCE_SET.' })
  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Field({ description: 'The change in words.' })
  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'jsonb', default: {} })
  details!: Record<string, unknown>;

  @Field({ description: 'Who: customer:…, staff:… or system:….' })
  @Column({ type: 'varchar', length: 160 })
  actor!: string;

  @Field({ description: 'Where from: storefront, back-office, timeout or system.' })
  @Column({ type: 'varchar', length: 20 })
  source!: string;

  @Field({ description: 'When.' })
  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
