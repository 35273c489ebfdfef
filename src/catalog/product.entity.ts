import { Field, Float, ObjectType } from 'type-graphql';
import { Money } from '../common/money';
import { percentFromBasisPoints } from '../common/tax';
import { Column, Entity, OneToMany, PrimaryColumn } from 'typeorm';
import { toGlobalId } from '../common/global-id';
import { GlobalIdField, Node } from '../nodes/node.interface';
import { ProductPrice } from './product-price.entity';

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description: 'A product of the catalog that placeOrder prices from.',
})
@Entity()
export class Product {
  @Field({ description: 'Stock keeping unit: the product identifier clients send in placeOrder.' })
  @PrimaryColumn({ type: 'varchar', length: 64 })
  sku!: string;

  @GlobalIdField('Opaque global id (see Node).')
  get nodeId(): string {
    return toGlobalId('Product', this.sku);
  }

  @Field({ description: 'Product name, copied onto sales items.' })
  @Column({ type: 'varchar', length: 255 })
  name!: string;

  /** 19 % = 1900. */
  @Column({ type: 'integer' })
  taxRateBp!: number;

  @Field({
    description:
      'True: a line of quantity N becomes N sales items of quantity 1. False: one sales item of quantity N (e.g. pallets).',
  })
  @Column({ type: 'boolean', default: true })
  isQuantitySplittable!: boolean;

  @Field(() => Float, { description: 'Tax rate in percent, e.g. 19.' })
  get taxRate(): number {
    return percentFromBasisPoints(this.taxRateBp);
  }

  /** Unit price in the store currency; set by the catalog service, not a column. */
  @Field(() => Money, { description: 'Gross unit price in the store currency.' })
  price?: Money;

  @OneToMany(() => ProductPrice, (price) => price.product)
  prices?: ProductPrice[];
}
