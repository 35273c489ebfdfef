import { Field, ObjectType } from 'type-graphql';
import { ErrorResult } from '../common/error-result';

@ObjectType({
  simpleResolvers: true,
  implements: ErrorResult,
  description: 'No order with this reference exists, or it is not yours.',
})
export class OrderNotFoundError extends ErrorResult {
  @Field({ description: 'The reference asked for.' })
  orderReference!: string;

  constructor(orderReference: string) {
    super();
    Object.assign(this, {
      errorCode: 'ORDER_NOT_FOUND',
      message: `No order ${orderReference} was found.`,
      orderReference,
    });
  }
}
