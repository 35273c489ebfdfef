import { Length, ValidateNested } from 'class-validator';
import {
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Mutation,
  Resolver,
  Root,
} from 'type-graphql';
import { MultilineText, TrimmedLength } from '../common/text-validation';
import type { RequestContext } from '../common/request-context';
import { AddressInput } from './address.input';
import { BillingAddressService } from './billing-address.service';
import { AddOrderCommentResult, UpdateBillingAddressResult } from './back-office-order.result';
import { OrderComment } from './order-comment.entity';
import { OrderCommentService } from './order-comment.service';
import { SalesOrder } from './sales-order.entity';

@ArgsType()
class UpdateBillingAddressArgs {
  @Field({ description: 'Reference of the order, e.g. DE--42.' })
  @Length(1, 45)
  orderReference!: string;

  @Field(() => AddressInput, { description: 'The new billing address, validated as at placement.' })
  @ValidateNested()
  address!: AddressInput;
}

@ArgsType()
class AddOrderCommentArgs {
  @Field({ description: 'Reference of the order, e.g. DE--42.' })
  @Length(1, 45)
  orderReference!: string;

  @Field({ description: 'The comment: 1 to 2,000 characters after trimming; line breaks allowed.' })
  @TrimmedLength(1, 2000)
  @MultilineText()
  message!: string;
}

/** Back office's edits of an order beyond its items: the billing address, internal comments. */
@Resolver()
export class BackOfficeOrderResolver {
  constructor(
    private readonly billingAddresses: BillingAddressService,
    private readonly comments: OrderCommentService,
  ) {}

  @Authorized('back-office')
  @Mutation(() => AddOrderCommentResult, {
    description: 'Back office: adds an internal comment to an order; the customer never sees it.',
  })
  addOrderComment(@Ctx() ctx: RequestContext, @Args() args: AddOrderCommentArgs) {
    return this.comments.add(ctx, args.orderReference, args.message);
  }

  @Authorized('back-office')
  @Mutation(() => UpdateBillingAddressResult, {
    description:
      'Back office: replaces the billing address. Logged in changeLog (old and new); invoices and credit notes issued before keep the address they printed.',
  })
  updateBillingAddress(@Ctx() ctx: RequestContext, @Args() args: UpdateBillingAddressArgs) {
    return this.billingAddresses.update(ctx, args.orderReference, args.address);
  }
}

@Resolver(() => SalesOrder)
export class OrderCommentsResolver {
  constructor(private readonly service: OrderCommentService) {}

  @FieldResolver(() => [OrderComment], {
    description: 'Back office: internal comments, newest first. Empty for customers.',
  })
  comments(@Root() order: SalesOrder, @Ctx() ctx: RequestContext): Promise<OrderComment[]> {
    return this.service.commentsOf(ctx, order.id);
  }
}
