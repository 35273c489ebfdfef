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

/**
 * The `id` field of a Node type, on its `nodeId` getter (the entity's own `id` is its database key). Not a simple
 * field: published under another name than the property, the default resolver would read the numeric `id`.
 */
export const GlobalIdField = (
  description = 'Opaque global id (see Node); send it back wherever an id is asked for.',
) => Field(() => ID, { name: 'id', simple: false, description });
