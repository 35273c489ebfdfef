import { IsEnum } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { SortDirection } from '../common/sort-direction.enum';
import { OrderSortField } from './order-sort-field.enum';

@InputType({
  description:
    'How an order list is sorted. A cursor belongs to the sort it was made with: keep the sort while paging.',
})
export class OrderSort {
  @Field(() => OrderSortField, { defaultValue: OrderSortField.CREATED_AT, description: 'Sort key.' })
  @IsEnum(OrderSortField)
  field: OrderSortField = OrderSortField.CREATED_AT;

  @Field(() => SortDirection, { defaultValue: SortDirection.DESC, description: 'Sort direction.' })
  @IsEnum(SortDirection)
  direction: SortDirection = SortDirection.DESC;
}
