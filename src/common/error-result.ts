import { Field, InterfaceType } from 'type-graphql';

/** What every expected business failure in a mutation result carries. */
@InterfaceType({
  description: 'An expected business failure, returned as a member of a mutation result union.',
})
export abstract class ErrorResult {
  @Field({ description: 'Stable machine-readable code, e.g. ORDER_NOT_CANCELLABLE.' })
  errorCode!: string;

  @Field({ description: 'What went wrong, in words a person understands.' })
  message!: string;
}
