import Handlebars, { type HelperDelegate, type HelperOptions } from 'handlebars';
import type { MessageCatalogs } from './message-catalogs';

/**
 * Helpers for messages from the catalogs, in the language of the document being rendered (its root's `locale`:
 * the order's):
 * - `{{t "invoice.title"}}`, `{{t "invoice.footer" reference=reference}}`: the message as a plain string, so
 *   Handlebars escapes it, and the values in it, in HTML templates;
 * - `{{t "orderMail.thanks" reference=(strong reference)}}`: a value marked up by `strong` stays markup, and the
 *   message comes back escaped (message text and other values alike) as HTML; for HTML templates only.
 */
export function translateHelpers(catalogs: MessageCatalogs): Record<string, HelperDelegate> {
  return {
    t: (key: unknown, options: HelperOptions) => {
      if (typeof key !== 'string')
        throw new TypeError('{{t}} needs a message key, e.g. {{t "invoice.title"}}');
      const { locale } = options.data.root as { locale: string };
      const params = options.hash as Record<string, unknown>;
      const markup = Object.values(params).some((value) => value instanceof Handlebars.SafeString);
      if (!markup) return catalogs.translate(locale, key, params);
      return new Handlebars.SafeString(catalogs.translate(locale, key, params, Handlebars.escapeExpression));
    },
    strong: (value: unknown) =>
      new Handlebars.SafeString(`<strong>${Handlebars.escapeExpression(value as string)}</strong>`),
  };
}
