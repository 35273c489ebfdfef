import {
  getNullableType,
  GraphQLArgument,
  GraphQLInputField,
  GraphQLInputType,
  GraphQLSchema,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { Extensions } from 'type-graphql';

/**
 * Marks an argument or input field whose explicit null means something of its own (e.g. "remove the custom
 * reference"); its description must say what. Every other null is treated as if the value were absent.
 */
export const NullIsMeaningful = () => Extensions({ nullIsMeaningful: true });

const keepsNull = (def: GraphQLArgument | GraphQLInputField) => def.extensions?.nullIsMeaningful === true;

function clean(value: unknown, type: GraphQLInputType): unknown {
  const inner = getNullableType(type);
  if (value === null || value === undefined) return value;
  if (isListType(inner)) {
    return Array.isArray(value) ? value.map((v) => clean(v, inner.ofType as GraphQLInputType)) : value;
  }
  if (!isInputObjectType(inner)) return value;
  const fields = inner.getFields();
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    const field = fields[name];
    if (v === null && field && !isNonNullType(field.type) && !keepsNull(field)) continue;
    out[name] = field ? clean(v, field.type) : v;
  }
  return out;
}

/**
 * Apollo Client, Relay and urql send `after: null`, `filter: null` and the like for every variable a client left
 * unset. GraphQL lets a server tell null from absent, and nothing here means anything by null except where a field
 * says so (NullIsMeaningful): so before any resolver runs, nulls of optional arguments and input fields are
 * dropped, at every depth. Only fields that take arguments are wrapped, which keeps the hot output fields plain.
 */
export function treatNullAsAbsent(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.args.length) continue;
      const cleanArgs = (args: Record<string, unknown>) => {
        const out: Record<string, unknown> = {};
        for (const def of field.args) {
          if (!(def.name in args)) continue;
          const v = args[def.name];
          if (v === null && !isNonNullType(def.type) && !keepsNull(def)) continue;
          out[def.name] = clean(v, def.type);
        }
        return out;
      };
      for (const key of ['resolve', 'subscribe'] as const) {
        const original = field[key];
        if (!original) continue;
        field[key] = (source, args, context, info) => original(source, cleanArgs(args), context, info);
      }
    }
  }
  return schema;
}
