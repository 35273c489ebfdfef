import { IsEmail, IsIn, IsISO31661Alpha2, IsOptional, Matches, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { PlainText, TrimmedLength } from '../common/text-validation';

/** EU VAT IDs in capitals, with at least one digit (spaces allowed, dropped when stored); Germany's: DE and nine digits. */
const VAT_ID = /^\s*(?:DE(?:\s*\d){9}|(?!DE)[A-Z]{2}(?=[\sA-Z+*]*\d)(?:\s*[A-Z0-9+*]){2,12})\s*$/;

// Spryker refuses these characters in names; they are also what breaks CSV exports and mail headers.
const NAME = /^[^:/<>\r\n]+$/;

@InputType({ description: 'A postal address. Country is an ISO 3166-1 alpha-2 code.' })
export class AddressInput {
  @Field(() => String, { nullable: true, description: 'Salutation: Mr, Mrs, Ms, Dr or n/a.' })
  @IsOptional()
  @IsIn(['Mr', 'Mrs', 'Ms', 'Dr', 'n/a'])
  salutation?: string | null;

  @Field({ description: 'First name, 1 to 100 characters.' })
  @TrimmedLength(1, 100)
  @Matches(NAME, { message: 'firstName must not contain : / < > or line breaks' })
  @PlainText()
  firstName!: string;

  @Field({ description: 'Last name, 1 to 100 characters.' })
  @TrimmedLength(1, 100)
  @Matches(NAME, { message: 'lastName must not contain : / < > or line breaks' })
  @PlainText()
  lastName!: string;

  @Field(() => String, { nullable: true, description: 'Company name, up to 255 characters.' })
  @IsOptional()
  @TrimmedLength(0, 255)
  @PlainText()
  company?: string | null;

  @Field({ description: 'Street and house number, 1 to 255 characters.' })
  @TrimmedLength(1, 255)
  @PlainText()
  address1!: string;

  @Field(() => String, { nullable: true, description: 'Second address line.' })
  @IsOptional()
  @TrimmedLength(0, 255)
  @PlainText()
  address2?: string | null;

  @Field(() => String, { nullable: true, description: 'Third address line.' })
  @IsOptional()
  @TrimmedLength(0, 255)
  @PlainText()
  address3?: string | null;

  @Field({ description: 'Postal code, 1 to 15 characters.' })
  @TrimmedLength(1, 15)
  @PlainText()
  zipCode!: string;

  @Field({ description: 'City, 1 to 100 characters.' })
  @TrimmedLength(1, 100)
  @PlainText()
  city!: string;

  @Field({ description: 'ISO 3166-1 alpha-2 country code, e.g. DE.' })
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 country code such as DE' })
  country!: string;

  @Field(() => String, { nullable: true, description: 'Phone number, up to 50 characters.' })
  @IsOptional()
  @TrimmedLength(0, 50)
  @PlainText()
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'E-mail address.' })
  @IsOptional()
  @IsEmail()
  @MaxLength(255)
  email?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The buyer's VAT ID for a B2B invoice: two capital letters of the country, then 2 to 12 capitals or digits (DE: 9 digits), e.g. DE123456789; spaces are dropped.",
  })
  @IsOptional()
  @MaxLength(20)
  @Matches(VAT_ID, {
    message: 'vatId must be a VAT ID such as DE123456789 (country prefix, then 2 to 13 letters or digits)',
  })
  vatId?: string | null;
}

/** An optional line as stored: trimmed, and null when nothing but spaces is left. */
const optionalLine = (value: string | null | undefined): string | null => value?.trim() || null;

/** Copies an input into the stored shape, trimmed, with absent or blank optionals as null. */
export function toAddress(input: AddressInput) {
  return {
    salutation: input.salutation ?? null,
    firstName: input.firstName.trim(),
    lastName: input.lastName.trim(),
    company: optionalLine(input.company),
    address1: input.address1.trim(),
    address2: optionalLine(input.address2),
    address3: optionalLine(input.address3),
    zipCode: input.zipCode.trim(),
    city: input.city.trim(),
    country: input.country.toUpperCase(),
    phone: optionalLine(input.phone),
    email: input.email ?? null,
    vatId: input.vatId?.replace(/\s+/g, '') || null,
  };
}
