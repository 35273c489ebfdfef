import { Field, ID, InterfaceType } from 'type-graphql';

/** Relay's Node: an object with a global id that `node(id:)` finds again. */
@InterfaceType('Node', {
  description:
    'An object with an identity of its own, found again with `node(id:)` (Relay global object identification).',
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque id, unique across all types; stable for the life of the object.' })
  id!: string;
}
