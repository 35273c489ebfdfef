import { ValidateBy, ValidationOptions } from 'class-validator';
import { canonicalLocale } from './message-catalogs';

/** Longest tag accepted from a client: language-script-region with room to spare ("zh-Hant-TW" is 10). */
export const MAX_LANGUAGE_TAG_LENGTH = 16;

/**
 * A well-formed BCP 47 language tag (de-DE, en-GB, de-AT, fr) of at most 16 characters, as Intl reads it; whether
 * the shop has a catalog for it is not checked here (an unknown language falls back, it is not an error). Null
 * and undefined pass (@IsOptional decides whether they may be absent).
 */
export function LanguageTag(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'languageTag',
      validator: {
        validate: (value: unknown) =>
          value === null ||
          value === undefined ||
          (typeof value === 'string' &&
            value.length <= MAX_LANGUAGE_TAG_LENGTH &&
            // Intl accepts private-use and grandfathered forms too; a shop's languages are language[-Script][-REGION].
            /^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?$/.test(value) &&
            canonicalLocale(value) !== null),
        defaultMessage: (args) =>
          `${args?.property} must be a language tag such as de-DE or en-GB (language, optional script and region)`,
      },
    },
    options,
  );
}
