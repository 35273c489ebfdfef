import type { HelperDelegate, HelperOptions } from 'handlebars';
import type { MessageCatalogs } from './message-catalogs';

/**
 * `{{t "invoice.title"}}`, `{{t "invoice.footer" reference=reference}}`: a message from the catalogs in the
 * language of the document being rendered (its root's `locale`, the order's). The result is a plain string, so
 * Handlebars still escapes it, and the values put into it, in HTML templates.
 */
export function translateHelper(catalogs: MessageCatalogs): HelperDelegate {
  return (key: unknown, options: HelperOptions) => {
    if (typeof key !== 'string') throw new TypeError('{{t}} needs a message key, e.g. {{t "invoice.title"}}');
    const { locale } = options.data.root as { locale: string };
    return catalogs.translate(locale, key, options.hash as Record<string, unknown>);
  };
}
