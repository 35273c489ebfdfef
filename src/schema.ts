import 'reflect-metadata';
import { DateTimeResolver } from 'graphql-scalars';
import { GraphQLSchema } from 'graphql';
import { buildSchema, ContainerType, NonEmptyArray, PubSub } from 'type-graphql';
import { validateArgument } from './common/argument-validation';
import { callFieldResolversDirectly } from './common/direct-field-resolvers';
import { treatNullAsAbsent } from './common/null-arguments';
import { authChecker } from './auth/auth-checker';
import { RESOLVERS } from './resolvers';

const ROOT_DESCRIPTION = (what: string) =>
  `${what}. Each field says who may call it (anyone, customers, back office). ` +
  'Unless a description says otherwise, null for an optional argument or input field means the same as leaving it out.';

/** Subscriptions need a PubSub to build; where none will ever run (schema emission) nothing is published. */
const NO_EVENTS: PubSub = {
  publish: () => {},
  subscribe: () => ({
    [Symbol.asyncIterator]: () => ({ next: async () => ({ value: undefined, done: true }) }),
  }),
};

/**
 * The schema, code-first. `container` hands type-graphql the resolver instances built in the composition root;
 * `pubSub` carries live order updates (src/live/).
 */
export async function buildAppSchema(
  container?: ContainerType,
  pubSub: PubSub = NO_EVENTS,
): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
    resolvers: RESOLVERS.map((entry) => entry.resolver) as NonEmptyArray<Function>,
    container,
    pubSub,
    authChecker,
    authMode: 'error',
    validateFn: validateArgument,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
  });
  // type-graphql has no option for the root types' descriptions; the playground's docs pane opens on them.
  schema.getQueryType()!.description = ROOT_DESCRIPTION('What can be read');
  schema.getMutationType()!.description = ROOT_DESCRIPTION('What can be changed');
  const subscriptionType = schema.getSubscriptionType();
  if (subscriptionType) {
    subscriptionType.description =
      'What can be followed live, over graphql-ws on the same URL (credentials in connection_init). ' +
      'Each field says who may subscribe.';
  }
  if (container) callFieldResolversDirectly(schema, container);
  return treatNullAsAbsent(schema);
}
