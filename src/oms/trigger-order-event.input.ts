import { ArrayMaxSize, ArrayMinSize, IsOptional, Length } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'Which event to fire at which items of an order.' })
export class TriggerOrderEventInput {
  @Field({ description: 'Order reference, e.g. DE--42.' })
  @Length(1, 45)
  orderReference!: string;

  @Field({ description: 'A manual event, e.g. "pay", "ship", "cancel" (see Order.manualEvents).' })
  @Length(1, 64)
  event!: string;

  @Field(() => [ID], {
    nullable: true,
    description: 'Items to fire at; none means the whole order (or shipment).',
  })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  itemIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    description: "Fire at this shipment's items (all, or the chosen itemIds of it).",
  })
  @IsOptional()
  shipmentId?: string | null;
}
