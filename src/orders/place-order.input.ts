import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEmail,
  IsOptional,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { PlainText } from '../common/text-validation';
import { LanguageTag } from '../i18n/language-tag';
import { DeliveryDateField, MethodKeyField } from '../shipments/delivery-fields';
import { AddressInput } from './address.input';

export const MAX_LINE_QUANTITY = 100_000;

@InputType({ description: 'One cart line: a product and how many units of it.' })
export class LineInput {
  @Field({ description: 'SKU of a catalog product.' })
  @Length(1, 64)
  @PlainText()
  sku!: string;

  @Field(() => Int, { description: `Number of units, 1 to ${MAX_LINE_QUANTITY}.` })
  @Min(1)
  @Max(MAX_LINE_QUANTITY)
  quantity!: number;
}

@InputType({ description: 'One delivery: where, how, optionally when, and which lines it carries.' })
export class ShipmentInput {
  @Field(() => AddressInput, { description: 'Delivery address.' })
  @ValidateNested()
  address!: AddressInput;

  @MethodKeyField('A ShipmentMethod.key, e.g. "standard".')
  method!: string;

  @DeliveryDateField('Requested delivery date, yyyy-MM-dd, today or later.')
  requestedDeliveryDate?: string | null;

  @Field(() => [LineInput], {
    description: 'The lines delivered with this shipment; at least one, at most 200.',
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  items!: LineInput[];
}

@InputType({
  description:
    'Everything a customer sends to place an order. Prices come from the catalog, never from here.',
})
export class PlaceOrderInput {
  @Field(() => String, {
    nullable: true,
    description:
      'Client-chosen key (1 to 128 characters). Sending the same key again returns the first order.',
  })
  @IsOptional()
  @Length(1, 128)
  @Matches(/^[\x21-\x7e]+$/, { message: 'idempotencyKey must be printable ASCII without spaces' })
  idempotencyKey?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Your own reference (PO / ERP number), up to 255 characters; empty means none.',
  })
  @IsOptional()
  @MaxLength(255)
  @PlainText()
  customReference?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The buyer reference (BT-10), e.g. a German public buyer's Leitweg-ID such as 991-01234-56: 1 to 100 letters, digits, spaces and - _ . / : . With it, the invoice's XML follows the XRechnung profile.",
  })
  @IsOptional()
  @Length(1, 100)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 _./:-]*$/, {
    message:
      'buyerReference may hold letters, digits, spaces and - _ . / : only, starting with a letter or digit',
  })
  buyerReference?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The buyer's e-mail address: required for a guest order (no bearer token); a customer's defaults to the token's.",
  })
  @IsOptional()
  @MaxLength(255)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The buyer's language, a BCP 47 tag such as de-DE or en-GB: the order's invoices, credit notes and e-mails are written in it. Default: the store's. A language the shop has no catalog for gets another region of it (de-AT → de-DE), else the store's language; it is never an error.",
  })
  @IsOptional()
  @LanguageTag()
  locale?: string | null;

  @Field(() => AddressInput, { description: 'Billing address.' })
  @ValidateNested()
  billingAddress!: AddressInput;

  @Field(() => [ShipmentInput], {
    description: 'One shipment for a normal delivery; several for split delivery (at most 20).',
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  shipments!: ShipmentInput[];
}
