import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Product } from './product.entity';

/** A product's gross unit price in one currency; a product without a row here is not sold in that currency. */
@Entity()
export class ProductPrice {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  sku!: string;

  @PrimaryColumn({ type: 'char', length: 3 })
  currencyCode!: string;

  @Column({ type: 'bigint' })
  grossAmount!: number;

  @ManyToOne('Product', 'prices', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sku', referencedColumnName: 'sku' })
  product?: Product;
}
