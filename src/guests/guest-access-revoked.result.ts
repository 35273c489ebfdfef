import { createUnionType, Field, Int, ObjectType } from 'type-graphql';
import { OrderNotFoundError } from '../orders/order-not-found.error';

@ObjectType({ simpleResolvers: true, description: 'The access tokens of a guest order were revoked.' })
export class GuestAccessRevoked {
  @Field({ description: 'The order.' })
  orderReference: string;

  @Field(() => Int, {
    description: 'Live tokens revoked now; 0 when there were none (or it is no guest order).',
  })
  revokedTokens: number;

  constructor(orderReference: string, revokedTokens: number) {
    this.orderReference = orderReference;
    this.revokedTokens = revokedTokens;
  }
}

export const RevokeGuestOrderAccessResult = createUnionType({
  name: 'RevokeGuestOrderAccessResult',
  description: 'How many tokens were revoked, or why none could be.',
  types: () => [GuestAccessRevoked, OrderNotFoundError] as const,
});
export type RevokeGuestOrderAccessResult = typeof RevokeGuestOrderAccessResult;
