import { NullIsMeaningful } from '../common/null-arguments';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, Info, Mutation, Query, Resolver } from 'type-graphql';
import { ArgsType, Field } from 'type-graphql';
import { IsOptional, Length, MaxLength, ValidateNested } from 'class-validator';
import { PaginationArgs } from '../common/pagination.args';
import { pageCost } from '../common/query-cost';
import { selectedOfNodes } from '../common/selection';
import { PlainText } from '../common/text-validation';
import type { RequestContext } from '../common/request-context';
import { CustomReferenceService } from './custom-reference.service';
import { OrderConnection } from './order-connection.type';
import { OrderFilter } from './order-filter.input';
import { OrderPlacementService } from './order-placement.service';
import { OrderQueryService } from './order-query.service';
import { OrderSort } from './order-sort.input';
import { PlaceOrderInput } from './place-order.input';
import { PlaceOrderResult } from './place-order.result';
import { SalesOrder } from './sales-order.entity';
import { SetCustomOrderReferenceResult } from './set-custom-order-reference.result';

@ArgsType()
class OrdersArgs extends PaginationArgs {
  @Field(() => OrderFilter, { nullable: true, description: 'Narrows the list; see OrderFilter.' })
  @IsOptional()
  @ValidateNested()
  filter?: OrderFilter;

  @Field(() => OrderSort, {
    nullable: true,
    description: 'Sort order; default newest first (CREATED_AT, DESC). Keep it the same while paging.',
  })
  @IsOptional()
  @ValidateNested()
  sort?: OrderSort;
}

@ArgsType()
class SetCustomOrderReferenceArgs {
  @Field({ description: 'Reference of the order, e.g. DE--42.' })
  @Length(1, 45)
  orderReference!: string;

  @Field(() => String, {
    nullable: true,
    description: 'New custom reference, up to 255 characters; null, empty or omitted removes it.',
  })
  @NullIsMeaningful()
  @IsOptional()
  @MaxLength(255)
  @PlainText()
  customReference?: string | null;
}

@Resolver()
export class OrderResolver {
  constructor(
    private readonly queries: OrderQueryService,
    private readonly placement: OrderPlacementService,
    private readonly customReferences: CustomReferenceService,
  ) {}

  @Authorized()
  @Query(() => SalesOrder, {
    nullable: true,
    description:
      'One order by reference. Customers: their own orders only (null otherwise). Back office: any order.',
  })
  order(
    @Ctx() ctx: RequestContext,
    @Arg('reference', { description: 'Order reference, e.g. DE--42.' }) reference: string,
  ) {
    return this.queries.findByReference(ctx, reference);
  }

  @Authorized()
  @Query(() => OrderConnection, {
    description:
      'Orders, newest first unless sorted otherwise. Customers: always their own. Back office: all, with every filter.',
    complexity: pageCost,
  })
  async orders(@Ctx() ctx: RequestContext, @Args() args: OrdersArgs, @Info() info: GraphQLResolveInfo) {
    const asked = selectedOfNodes(info);
    const readAhead = { items: asked.has('items'), shipments: asked.has('shipments') };
    return OrderConnection.of(await this.queries.list(ctx, args, readAhead));
  }

  /** Not @Authorized: without a bearer token the order is a guest order (the service refuses back office). */
  @Mutation(() => PlaceOrderResult, {
    description:
      'Customer, or a guest without a token (input.email required): places an order priced from the catalog; one shipment, or several for split delivery. A guest order carries guestAccessToken.',
  })
  placeOrder(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => PlaceOrderInput, { description: 'What to order and where to deliver it.' })
    input: PlaceOrderInput,
  ) {
    return this.placement.placeOrder(ctx, input);
  }

  @Authorized('back-office')
  @Mutation(() => SetCustomOrderReferenceResult, {
    description: "Back office: sets, changes or (with null or empty) removes an order's custom reference.",
  })
  setCustomOrderReference(@Ctx() ctx: RequestContext, @Args() args: SetCustomOrderReferenceArgs) {
    return this.customReferences.set(ctx, args.orderReference, args.customReference);
  }
}
