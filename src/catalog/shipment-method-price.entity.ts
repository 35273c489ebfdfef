import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ShipmentMethod } from './shipment-method.entity';

/** A shipment method's gross price in one currency. */
@Entity()
export class ShipmentMethodPrice {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  methodKey!: string;

  @PrimaryColumn({ type: 'char', length: 3 })
  currencyCode!: string;

  @Column({ type: 'bigint' })
  grossAmount!: number;

  @ManyToOne('ShipmentMethod', 'prices', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'method_key', referencedColumnName: 'key' })
  method?: ShipmentMethod;
}
