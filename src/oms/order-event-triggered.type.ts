import { Field, ObjectType } from 'type-graphql';
import { SalesOrder } from '../orders/sales-order.entity';
import { ItemTransitionType, SkippedItemType } from './item-transition.type';

@ObjectType({ simpleResolvers: true, description: 'The event moved at least one item.' })
export class OrderEventTriggered {
  @Field(() => SalesOrder, { description: 'The order after the event.' })
  order!: SalesOrder;

  @Field(() => [ItemTransitionType], { description: 'Every state change, including onEnter follow-ups.' })
  moved!: ItemTransitionType[];

  @Field(() => [SkippedItemType], {
    description: 'Chosen items the event does not apply to; left untouched.',
  })
  skipped!: SkippedItemType[];
}
