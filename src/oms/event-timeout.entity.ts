import { Column, Entity } from 'typeorm';
import { OmsItemRow } from './item-row';

/** A timed event waiting to fire for one item in one state (Spryker's spy_oms_event_timeout). */
@Entity('oms_event_timeout')
export class EventTimeout extends OmsItemRow {
  @Column({ type: 'varchar', length: 64 })
  state!: string;

  @Column({ type: 'varchar', length: 64 })
  event!: string;

  @Column({ type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** Set when the event failed on every attempt: the row is kept for inspection and no longer due. */
  @Column({ type: 'timestamptz', nullable: true })
  givenUpAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;
}
