import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { toGlobalId } from '../common/global-id';
import { GlobalIdField, Node } from '../nodes/node.interface';
import type { InvoiceKind, InvoiceSnapshot } from './invoice-snapshot';

export enum InvoiceKindEnum {
  INVOICE = 'INVOICE',
  CREDIT_NOTE = 'CREDIT_NOTE',
}
registerEnumType(InvoiceKindEnum, {
  name: 'InvoiceKind',
  description: 'An invoice, or a credit note correcting one.',
  valuesConfig: {
    INVOICE: { description: 'The invoice for the whole order; one per order.' },
    CREDIT_NOTE: { description: 'Negates what was cancelled after invoicing.' },
  },
});

/** An issued invoice or credit note. Its snapshot and PDF never change (a database trigger refuses it). */
@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description: 'An issued invoice or credit note, with its stored PDF.',
})
@Entity('sales_invoice')
export class Invoice {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: number;

  @GlobalIdField()
  get nodeId(): string {
    return toGlobalId('Invoice', this.id);
  }

  @Column({ type: 'bigint' })
  orderId!: number;

  @Field(() => InvoiceKindEnum, { description: 'INVOICE or CREDIT_NOTE.' })
  @Column({ type: 'varchar', length: 16 })
  kind!: InvoiceKind;

  @Field({ description: 'Gap-free reference, e.g. INV-2026-000001 or CN-2026-000001.' })
  @Column({ type: 'varchar', length: 64, unique: true })
  reference!: string;

  @Field({ description: 'When it was issued.' })
  @Column({ type: 'timestamptz' })
  issueDate!: Date;

  @Column({ type: 'bigint', nullable: true })
  correctsId!: number | null;

  @Column({ type: 'char', length: 3 })
  currencyCode!: string;

  /** Negative for a credit note. */
  @Column({ type: 'bigint' })
  grandTotal!: number;

  @Column({ type: 'jsonb' })
  snapshot!: InvoiceSnapshot;

  /** Rendered after commit by the delivery job (or on first download); never changed once set. */
  @Column({ type: 'bytea', nullable: true, select: false })
  pdf?: Buffer | null;

  @Field(() => Date, { nullable: true, description: 'When the e-mail was last accepted by the mail server.' })
  @Column({ type: 'timestamptz', nullable: true })
  emailSentAt!: Date | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
