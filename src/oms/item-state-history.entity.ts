import { Field, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { OmsItemRow } from './item-row';

@ObjectType('ItemStateChange', {
  simpleResolvers: true,
  description: 'One state change of an item: from, to, why and when.',
})
@Entity('oms_item_state_history')
export class ItemStateHistory extends OmsItemRow {
  @Field(() => String, { nullable: true, description: 'State before; null when the item was created.' })
  @Column({ type: 'varchar', length: 64, nullable: true })
  fromState!: string | null;

  @Field({ description: 'State after.' })
  @Column({ type: 'varchar', length: 64 })
  toState!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Event that caused the change; null when the item was created.',
  })
  @Column({ type: 'varchar', length: 64, nullable: true })
  event!: string | null;

  /** customer:…, staff:… or system:…; shown to back office only. */
  @Column({ type: 'varchar', length: 160 })
  actor!: string;

  @Field({ description: 'Where it came from: storefront, back-office, timeout or system.' })
  @Column({ type: 'varchar', length: 20 })
  source!: string;

  @Field({ description: 'When it happened.' })
  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
