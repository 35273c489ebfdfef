import { Field, ObjectType } from 'type-graphql';
import { Column } from 'typeorm';

/** A postal address as stored on an order (billing) or a shipment (delivery); a copy, never a link. */
@ObjectType({
  simpleResolvers: true,
  description: 'A postal address copied onto the order at placement or edited by back office.',
})
export class Address {
  @Field(() => String, { nullable: true, description: 'Salutation, e.g. Mr, Ms, Dr.' })
  @Column({ type: 'varchar', length: 16, nullable: true })
  salutation!: string | null;

  @Field({ description: 'First name.' })
  @Column({ type: 'varchar', length: 100 })
  firstName!: string;

  @Field({ description: 'Last name.' })
  @Column({ type: 'varchar', length: 100 })
  lastName!: string;

  @Field(() => String, { nullable: true, description: 'Company name, for B2B addresses.' })
  @Column({ type: 'varchar', length: 255, nullable: true })
  company!: string | null;

  @Field({ description: 'Street and house number.' })
  @Column({ type: 'varchar', length: 255 })
  address1!: string;

  @Field(() => String, { nullable: true, description: 'Second address line.' })
  @Column({ type: 'varchar', length: 255, nullable: true })
  address2!: string | null;

  @Field(() => String, { nullable: true, description: 'Third address line.' })
  @Column({ type: 'varchar', length: 255, nullable: true })
  address3!: string | null;

  @Field({ description: 'Postal code.' })
  @Column({ type: 'varchar', length: 15 })
  zipCode!: string;

  @Field({ description: 'City.' })
  @Column({ type: 'varchar', length: 100 })
  city!: string;

  @Field({ description: 'ISO 3166-1 alpha-2 country code, e.g. DE.' })
  @Column({ type: 'char', length: 2 })
  country!: string;

  @Field(() => String, { nullable: true, description: 'Phone number.' })
  @Column({ type: 'varchar', length: 50, nullable: true })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'E-mail address for this address, if different.' })
  @Column({ type: 'varchar', length: 255, nullable: true })
  email!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The buyer's VAT ID (B2B), e.g. DE123456789: printed on the invoice and in its XML (BT-48).",
  })
  @Column({ type: 'varchar', length: 20, nullable: true })
  vatId!: string | null;
}
