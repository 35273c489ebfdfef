import { IsEmail, Length, MaxLength } from 'class-validator';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../common/request-context';
import { SalesOrder } from '../orders/sales-order.entity';
import { RevokeGuestOrderAccessResult } from './guest-access-revoked.result';
import { GuestAccessService } from './guest-access.service';

@ArgsType()
class RequestGuestOrderLinkArgs {
  @Field({ description: 'Order reference, e.g. DE--42.' })
  @Length(1, 45)
  reference!: string;

  @Field({ description: 'The e-mail address the order was placed with.' })
  @MaxLength(255)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email!: string;
}

@ArgsType()
class RevokeGuestOrderAccessArgs {
  @Field({ description: 'Order reference, e.g. DE--42.' })
  @Length(1, 45)
  orderReference!: string;
}

@Resolver()
export class GuestOrderResolver {
  constructor(private readonly guests: GuestAccessService) {}

  @Query(() => SalesOrder, {
    nullable: true,
    description:
      'Anyone: the guest order an access token opens; null for a wrong, expired or revoked token (nothing tells which).',
  })
  guestOrder(
    @Ctx() ctx: RequestContext,
    @Arg('accessToken', { description: 'The token from placeOrder or an e-mailed link.' })
    accessToken: string,
  ) {
    return this.guests.orderFor(ctx, accessToken);
  }

  @Mutation(() => Boolean, {
    description:
      'Anyone: e-mails a fresh access link to the address on a guest order when reference and e-mail match. Always true.',
  })
  requestGuestOrderLink(@Ctx() ctx: RequestContext, @Args() { reference, email }: RequestGuestOrderLinkArgs) {
    return this.guests.requestLink(ctx, reference, email);
  }

  @Mutation(() => Boolean, {
    description:
      'Anyone holding a guest access token: ends its access at once (a link forwarded by mistake, a shared device). Always true.',
  })
  revokeGuestAccessToken(
    @Ctx() ctx: RequestContext,
    @Arg('accessToken', { description: 'The token to revoke.' }) accessToken: string,
  ) {
    return this.guests.revokeToken(ctx, accessToken);
  }

  @Authorized('back-office')
  @Mutation(() => RevokeGuestOrderAccessResult, {
    description:
      'Back office: revokes every access token of a guest order (its links leaked); the guest can ask for a fresh link by e-mail.',
  })
  revokeGuestOrderAccess(@Ctx() ctx: RequestContext, @Args() { orderReference }: RevokeGuestOrderAccessArgs) {
    return this.guests.revokeAllOf(ctx, orderReference);
  }
}
