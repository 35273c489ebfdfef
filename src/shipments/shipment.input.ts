import { NullIsMeaningful } from '../common/null-arguments';
import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Max, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { AddressInput } from '../orders/address.input';
import { DeliveryDateField, MethodKeyField } from './delivery-fields';

const MAX_EXPENSE = 100_000_000;

@InputType({ description: 'A new shipment of an order, and the items that move into it.' })
export class CreateShipmentInput {
  @Field({ description: 'Order reference, e.g. DE--42.' })
  @Length(1, 45)
  orderReference!: string;

  @Field(() => AddressInput, { description: 'Delivery address of the new shipment.' })
  @ValidateNested()
  address!: AddressInput;

  @MethodKeyField('A ShipmentMethod.key.')
  method!: string;

  @DeliveryDateField('Requested delivery date, yyyy-MM-dd, today or later.')
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

  @MethodKeyField('New method key; the price already charged stays.', { nullable: true })
  method?: string | null;

  @DeliveryDateField('New requested delivery date, today or later; null removes the date, omitted keeps it.')
  @NullIsMeaningful()
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
