import { GraphQLError } from 'graphql';

export interface FieldProblem {
  field: string;
  messages: string[];
}

/** Malformed input found past class-validator (e.g. a date in the past): same shape as validation errors. */
export function invalidInput(problems: FieldProblem[]): GraphQLError {
  const summary = problems.map((p) => `${p.field}: ${p.messages.join('; ')}`).join(' | ');
  return new GraphQLError(`Invalid input: ${summary}`, {
    extensions: { code: 'BAD_USER_INPUT', fields: problems },
  });
}

export function forbidden(message = 'You are not allowed to do this'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}
