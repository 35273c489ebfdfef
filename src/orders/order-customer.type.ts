import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('OrderCustomer', {
  simpleResolvers: true,
  description: 'Who placed an order, as back office sees it beside the order.',
})
export class OrderCustomer {
  @Field(() => String, { nullable: true, description: 'Customer reference; null for a guest.' })
  reference!: string | null;

  @Field({ description: 'E-mail address the order was placed with.' })
  email!: string;

  @Field({ description: 'Name as on the billing address: first name, then last name.' })
  name!: string;

  @Field(() => Int, {
    description: "How many orders this customer has placed, this one included (a guest's: with this e-mail).",
  })
  orderCount!: number;
}
