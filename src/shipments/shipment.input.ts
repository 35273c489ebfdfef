import { NullIsMeaningful } from '../common/null-arguments';
import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Max, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { LocalDateScalar } from '../common/scalars';
import { AddressInput } from '../orders/address.input';

const MAX_EXPENSE = 100_000_000;

@InputType({ description: 'A new shipment of an order, and the items that move into it.' })
export class CreateShipmentInput {
  @Field({ description: 'Order reference, e.g. DE--42.' })
  @Length(1, 45)
  orderReference!: string;

  @Field(() => AddressInput, { description: 'Delivery address of the new shipment.' })
  @ValidateNested()
  address!: AddressInput;

  @Field({ description: 'A ShipmentMethod.key.' })
  @Length(1, 64)
  method!: string;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'Requested delivery date, yyyy-MM-dd, today or later.',
  })
  @IsOptional()
  requestedDeliveryDate?: string | null;

  @Field(() => [ID], { description: 'Items of the order to move into the new shipment (not yet shipped).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  itemIds!: string[];

  @Field(() => Int, {
    nullable: true,
    description:
      'What the customer pays for the new shipment, in minor units; default 0 (the order total stays).',
  })
  @IsOptional()
  @Min(0)
  @Max(MAX_EXPENSE)
  expense?: number | null;
}

@InputType({ description: "Changes to a shipment's address, method, date or price; omitted fields stay." })
export class UpdateShipmentInput {
  @Field(() => ID, { description: 'The shipment.' })
  @Length(1, 20)
  shipmentId!: string;

  @Field(() => AddressInput, { nullable: true, description: 'New delivery address.' })
  @IsOptional()
  @ValidateNested()
  address?: AddressInput | null;

  @Field(() => String, { nullable: true, description: 'New method key; the price already charged stays.' })
  @IsOptional()
  @Length(1, 64)
  method?: string | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'New requested delivery date, today or later; null removes the date, omitted keeps it.',
  })
  @NullIsMeaningful()
  @IsOptional()
  requestedDeliveryDate?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'New shipping price in minor units: the only way a shipment price changes after placement.',
  })
  @IsOptional()
  @Min(0)
  @Max(MAX_EXPENSE)
  expense?: number | null;
}
