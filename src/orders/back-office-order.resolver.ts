import { Length, ValidateNested } from 'class-validator';
import { Args, ArgsType, Authorized, Ctx, Field, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../common/request-context';
import { AddressInput } from './address.input';
import { BillingAddressService } from './billing-address.service';
import { UpdateBillingAddressResult } from './back-office-order.result';

@ArgsType()
class UpdateBillingAddressArgs {
  @Field({ description: 'Reference of the order, e.g. DE--42.' })
  @Length(1, 45)
  orderReference!: string;

  @Field(() => AddressInput, { description: 'The new billing address, validated as at placement.' })
  @ValidateNested()
  address!: AddressInput;
}

/** Back office's edits of an order beyond its items: the billing address. */
@Resolver()
export class BackOfficeOrderResolver {
  constructor(private readonly billingAddresses: BillingAddressService) {}

  @Authorized('back-office')
  @Mutation(() => UpdateBillingAddressResult, {
    description:
      'Back office: replaces the billing address. Logged in changeLog (old and new); invoices and credit notes issued before keep the address they printed.',
  })
  updateBillingAddress(@Ctx() ctx: RequestContext, @Args() args: UpdateBillingAddressArgs) {
    return this.billingAddresses.update(ctx, args.orderReference, args.address);
  }
}
