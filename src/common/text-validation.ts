import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * Control characters (C0, DEL, C1: line breaks, NUL, escape sequences) and the bidirectional controls that make
 * a text read differently than it is stored (U+202A–U+202E overrides and embeddings, U+2066–U+2069 isolates,
 * U+200E/U+200F/U+061C marks): in a name or address they forge what an invoice, a label or a log line shows.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export const hasForbiddenCharacters = (value: string): boolean => FORBIDDEN.test(value);

/** A free-text field: refuses control and bidirectional-override characters. Null and undefined pass. */
export function PlainText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'plainText',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !hasForbiddenCharacters(value),
        defaultMessage: (args) =>
          `${args?.property} must not contain control characters or bidirectional-override characters`,
      },
    },
    options,
  );
}

/**
 * Length counted after trimming, as the value is stored: "   " is empty, not three characters. Null and undefined
 * pass (@IsOptional decides whether they may be absent).
 */
export function TrimmedLength(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'trimmedLength',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) => {
          if (value === null || value === undefined) return true;
          if (typeof value !== 'string') return false;
          const length = value.trim().length;
          return length >= min && length <= max;
        },
        defaultMessage: (args) =>
          min > 0
            ? `${args?.property} must be ${min} to ${max} characters, not counting spaces at either end`
            : `${args?.property} must be at most ${max} characters, not counting spaces at either end`,
      },
    },
    options,
  );
}

/** A free text of several lines (a comment): line breaks and tabs pass, other control characters do not. */
export function MultilineText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'multilineText',
      validator: {
        validate: (value: unknown) =>
          typeof value !== 'string' || !hasForbiddenCharacters(value.replace(/\r\n|[\n\t]/g, ' ')),
        defaultMessage: (args) =>
          `${args?.property} must not contain control characters (but line breaks) or bidirectional-override characters`,
      },
    },
    options,
  );
}
