import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { isObjectType } from 'graphql';
import { ContainerType, getMetadataStorage } from 'type-graphql';

type Param = 'root' | 'context' | 'info';

/**
 * Calls plain field resolvers directly. type-graphql runs every `@FieldResolver` through a generic wrapper that,
 * on each call, sorts the method's parameter list (an allocation), copies the root into its class when it is not
 * an instance of it, dispatches middlewares and gathers parameters. An order-history page calls field resolvers
 * about 150 times; the sorting alone was a sixth of everything the page allocated.
 *
 * Only resolvers the wrapper adds nothing to are replaced: parameters that are the whole root, the whole context
 * or the info (no arguments to validate), no middlewares and no roles (this schema has no global middlewares). The
 * call is the same: the same instance from the container, the same arguments. A root that is not an instance of
 * the object type's class goes through type-graphql's own resolver, which converts it first.
 */
export function callFieldResolversDirectly(schema: GraphQLSchema, container: ContainerType): number {
  const storage = getMetadataStorage();
  let replaced = 0;
  for (const resolver of storage.fieldResolvers) {
    const params = [...(resolver.params ?? [])].sort((a, b) => a.index - b.index);
    const plain =
      resolver.kind === 'external' &&
      params.length <= 3 &&
      params.every(
        (p, i) =>
          p.index === i &&
          (p.kind === 'info' || ((p.kind === 'root' || p.kind === 'context') && !p.propertyName)),
      );
    if (!plain || resolver.middlewares?.length || resolver.roles || !resolver.getObjectType) continue;
    const objectClass = resolver.getObjectType();
    const objectType = storage.objectTypes.find((o) => o.target === objectClass);
    const type = objectType && schema.getType(objectType.name);
    const field = isObjectType(type) ? type.getFields()[resolver.schemaName] : undefined;
    if (!field?.resolve) continue;
    // Our container hands out one instance per resolver class, whatever the request (src/container.ts).
    const instance = container.get(resolver.target, {} as never) as Record<string, unknown> | undefined;
    const method = instance?.[resolver.methodName];
    if (typeof method !== 'function') continue;
    field.resolve = direct(
      method.bind(instance),
      params.map((p) => p.kind as Param),
      objectClass as abstract new (...args: never[]) => unknown,
      field.resolve,
    );
    replaced++;
  }
  return replaced;
}

function direct(
  method: (...args: unknown[]) => unknown,
  params: Param[],
  objectClass: abstract new (...args: never[]) => unknown,
  viaTypeGraphql: GraphQLFieldResolver<unknown, unknown>,
): GraphQLFieldResolver<unknown, unknown> {
  const pick = (kind: Param, root: unknown, context: unknown, info: unknown) =>
    kind === 'root' ? root : kind === 'context' ? context : info;
  // The common shapes without an intermediate array: (root), (root, context), (root, context, info).
  const [a, b, c] = params;
  return (root, args, context, info) => {
    if (!(root instanceof objectClass)) return viaTypeGraphql(root, args, context, info);
    switch (params.length) {
      case 0:
        return method();
      case 1:
        return method(pick(a, root, context, info));
      case 2:
        return method(pick(a, root, context, info), pick(b, root, context, info));
      default:
        return method(
          pick(a, root, context, info),
          pick(b, root, context, info),
          pick(c, root, context, info),
        );
    }
  };
}
