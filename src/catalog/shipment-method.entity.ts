import { Field, ObjectType } from 'type-graphql';
import { Money } from '../common/money';
import { Column, Entity, OneToMany, PrimaryColumn } from 'typeorm';
import { toGlobalId } from '../common/global-id';
import { GlobalIdField, Node } from '../nodes/node.interface';
import { ShipmentMethodPrice } from './shipment-method-price.entity';

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description: 'A way to deliver a shipment, with its price in the store currency.',
})
@Entity()
export class ShipmentMethod {
  @Field({ description: 'Identifier to send as ShipmentInput.method.' })
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @GlobalIdField('Opaque global id (see Node).')
  get nodeId(): string {
    return toGlobalId('ShipmentMethod', this.key);
  }

  @Field({ description: 'Display name, e.g. "Express".' })
  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Field({ description: 'Carrier, e.g. "DHL".' })
  @Column({ type: 'varchar', length: 255 })
  carrierName!: string;

  @Field(() => String, { nullable: true, description: 'Promised delivery time as shown to the customer.' })
  @Column({ type: 'varchar', length: 255, nullable: true })
  deliveryTime!: string | null;

  @Column({ type: 'integer' })
  taxRateBp!: number;

  @Column({ type: 'integer', default: 0 })
  position!: number;

  /** Price in the store currency; set by the catalog service, not a column. */
  @Field(() => Money, { description: 'Gross price of a shipment with this method, in the store currency.' })
  price?: Money;

  @OneToMany(() => ShipmentMethodPrice, (price) => price.method)
  prices?: ShipmentMethodPrice[];
}
