import { IsEmail, IsIn, IsISO31661Alpha2, IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';

// Spryker refuses these characters in names; they are also what breaks CSV exports and mail headers.
const NAME = /^[^:/<>\r\n]+$/;

@InputType({ description: 'A postal address. Country is an ISO 3166-1 alpha-2 code.' })
export class AddressInput {
  @Field(() => String, { nullable: true, description: 'Salutation: Mr, Mrs, Ms, Dr or n/a.' })
  @IsOptional()
  @IsIn(['Mr', 'Mrs', 'Ms', 'Dr', 'n/a'])
  salutation?: string | null;

  @Field({ description: 'First name, 1 to 100 characters.' })
  @Length(1, 100)
  @Matches(NAME, { message: 'firstName must not contain : / < > or line breaks' })
  firstName!: string;

  @Field({ description: 'Last name, 1 to 100 characters.' })
  @Length(1, 100)
  @Matches(NAME, { message: 'lastName must not contain : / < > or line breaks' })
  lastName!: string;

  @Field(() => String, { nullable: true, description: 'Company name, up to 255 characters.' })
  @IsOptional()
  @MaxLength(255)
  company?: string | null;

  @Field({ description: 'Street and house number, 1 to 255 characters.' })
  @Length(1, 255)
  address1!: string;

  @Field(() => String, { nullable: true, description: 'Second address line.' })
  @IsOptional()
  @MaxLength(255)
  address2?: string | null;

  @Field(() => String, { nullable: true, description: 'Third address line.' })
  @IsOptional()
  @MaxLength(255)
  address3?: string | null;

  @Field({ description: 'Postal code, 1 to 15 characters.' })
  @Length(1, 15)
  zipCode!: string;

  @Field({ description: 'City, 1 to 100 characters.' })
  @Length(1, 100)
  city!: string;

  @Field({ description: 'ISO 3166-1 alpha-2 country code, e.g. DE.' })
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 country code such as DE' })
  country!: string;

  @Field(() => String, { nullable: true, description: 'Phone number, up to 50 characters.' })
  @IsOptional()
  @MaxLength(50)
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'E-mail address.' })
  @IsOptional()
  @IsEmail()
  @MaxLength(255)
  email?: string | null;
}

/** Copies an input into the stored shape, with absent optionals as null. */
export function toAddress(input: AddressInput) {
  return {
    salutation: input.salutation ?? null,
    firstName: input.firstName.trim(),
    lastName: input.lastName.trim(),
    company: input.company ?? null,
    address1: input.address1.trim(),
    address2: input.address2 ?? null,
    address3: input.address3 ?? null,
    zipCode: input.zipCode.trim(),
    city: input.city.trim(),
    country: input.country.toUpperCase(),
    phone: input.phone ?? null,
    email: input.email ?? null,
  };
}
