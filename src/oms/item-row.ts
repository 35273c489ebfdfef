import { Column, PrimaryGeneratedColumn } from 'typeorm';

/** The key columns of the OMS's per-item rows (state history, timeouts): their own id, the order and the item. */
export abstract class OmsItemRow {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column({ type: 'bigint' })
  orderId!: number;

  @Column({ type: 'bigint' })
  itemId!: number;
}
