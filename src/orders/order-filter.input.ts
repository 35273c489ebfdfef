import { ArrayMaxSize, IsOptional, Length, MaxLength } from 'class-validator';
import { DateTimeResolver } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';
import { PlainText } from '../common/text-validation';

@InputType({
  description:
    "Narrows an order list. Back office may use every field; a customer's list is always their own.",
})
export class OrderFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Free text matched against order reference, custom reference, e-mail and customer name.',
  })
  @IsOptional()
  @Length(1, 100)
  @PlainText()
  search?: string | null;

  @Field(() => String, { nullable: true, description: 'Exact custom order reference (case-insensitive).' })
  @IsOptional()
  @Length(1, 255)
  @PlainText()
  customReference?: string | null;

  @Field(() => String, { nullable: true, description: 'Exact customer reference (back office only).' })
  @IsOptional()
  @Length(1, 128)
  @PlainText()
  customerReference?: string | null;

  @Field(() => String, { nullable: true, description: 'Store, e.g. DE.' })
  @IsOptional()
  @Length(1, 10)
  store?: string | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Placed at or after this instant.' })
  @IsOptional()
  createdFrom?: Date | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Placed at or before this instant.' })
  @IsOptional()
  createdTo?: Date | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Item states; an order matches when any of its items is in one of them.',
  })
  @IsOptional()
  @ArrayMaxSize(20)
  @MaxLength(64, { each: true })
  states?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Back office only: orders with (true) or without (false) internal comments.',
  })
  @IsOptional()
  hasComments?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Orders with (true) or without (false) a refund.',
  })
  @IsOptional()
  refunded?: boolean | null;
}
