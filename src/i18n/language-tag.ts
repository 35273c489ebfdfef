import { ValidateBy, ValidationOptions } from 'class-validator';
import { isLanguageTag } from './message-catalogs';

/**
 * A well-formed language tag (de-DE, en-GB, de-AT, fr; see isLanguageTag); whether the shop has a catalog for it is
 * not checked here (an unknown language falls back, it is not an error). Null and undefined pass (@IsOptional
 * decides whether they may be absent).
 */
export function LanguageTag(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'languageTag',
      validator: {
        validate: (value: unknown) =>
          value === null || value === undefined || (typeof value === 'string' && isLanguageTag(value)),
        defaultMessage: (args) =>
          `${args?.property} must be a language tag such as de-DE or en-GB (language, optional script and region)`,
      },
    },
    options,
  );
}
