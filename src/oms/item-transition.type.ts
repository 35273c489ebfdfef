import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('ItemTransition', { simpleResolvers: true, description: 'An item that moved.' })
export class ItemTransitionType {
  @Field(() => ID, { description: 'The item.' })
  itemId!: string;

  @Field({ description: 'State before.' })
  fromState!: string;

  @Field({ description: 'State after.' })
  toState!: string;

  @Field({ description: 'The event that moved it (the one asked for, or an onEnter event it led to).' })
  event!: string;
}

@ObjectType('SkippedItem', { simpleResolvers: true, description: 'An item left where it was, and why.' })
export class SkippedItemType {
  @Field(() => ID, { description: 'The item.' })
  itemId!: string;

  @Field({ description: 'Its state, which has no transition for the event.' })
  state!: string;

  @Field({ description: 'Why it did not move.' })
  reason!: string;
}
