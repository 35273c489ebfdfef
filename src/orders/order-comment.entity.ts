import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Back office's internal note on an order; the customer never sees it. */
@ObjectType('OrderComment', {
  simpleResolvers: true,
  description: 'An internal comment by back office on an order; never shown to the customer.',
})
@Entity('sales_order_comment')
export class OrderComment {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: number;

  // Opaque like a global id, but not a Node: a comment is read with its order, never by `node(id:)`. Published
  // under another name than the property, so not a simple field (see GlobalIdField).
  @Field(() => ID, { name: 'id', simple: false, description: 'Opaque id of the comment.' })
  get commentId(): string {
    return Buffer.from(`OrderComment:${this.id}`, 'utf8').toString('base64url');
  }

  @Column({ type: 'bigint' })
  orderId!: number;

  @Field({ description: 'The comment, trimmed; 1 to 2,000 characters, line breaks kept.' })
  @Column({ type: 'text' })
  message!: string;

  @Field({ description: 'Who wrote it: staff:….' })
  @Column({ type: 'varchar', length: 160 })
  author!: string;

  @Field({ description: 'When it was written.' })
  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
