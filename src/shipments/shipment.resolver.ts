import { ArrayMaxSize, ArrayMinSize, Length } from 'class-validator';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../common/request-context';
import { ShipmentResult } from './shipment.result';
import { CreateShipmentInput, UpdateShipmentInput } from './shipment.input';
import { ShipmentService } from './shipment.service';

@ArgsType()
class MoveItemsArgs {
  @Field(() => ID, { description: 'The shipment that receives the items.' })
  @Length(1, 20)
  shipmentId!: string;

  @Field(() => [ID], { description: 'Items of the same order, not yet shipped.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  itemIds!: string[];
}

/** Back office: split delivery after placement. */
@Resolver()
export class ShipmentResolver {
  constructor(private readonly shipments: ShipmentService) {}

  @Authorized('back-office')
  @Mutation(() => ShipmentResult, {
    description: 'Back office: creates a shipment and moves the given items into it.',
  })
  createShipment(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateShipmentInput, { description: 'Order, address, method, date, items, price.' })
    input: CreateShipmentInput,
  ) {
    return this.shipments.create(ctx, input);
  }

  @Authorized('back-office')
  @Mutation(() => ShipmentResult, {
    description:
      "Back office: changes a shipment's address, method, date or price while none of its items shipped.",
  })
  updateShipment(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UpdateShipmentInput, { description: 'The shipment and what to change.' })
    input: UpdateShipmentInput,
  ) {
    return this.shipments.update(ctx, input);
  }

  @Authorized('back-office')
  @Mutation(() => ShipmentResult, {
    description:
      'Back office: moves items into another shipment of their order; an emptied shipment disappears.',
  })
  moveItemsToShipment(@Ctx() ctx: RequestContext, @Args() { shipmentId, itemIds }: MoveItemsArgs) {
    return this.shipments.moveItems(ctx, shipmentId, itemIds);
  }
}
