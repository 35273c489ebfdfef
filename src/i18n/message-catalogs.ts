import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';

/** The project's own catalogs, one `<BCP 47 tag>.json` per language: flat keys to messages. */
export const BUILT_IN_CATALOG_DIR = path.join(__dirname, 'catalogs');

/** The catalog every lookup ends at: a key missing everywhere else is still found here (or is a bug). */
export const LAST_RESORT_LOCALE = 'en-GB';

export type Catalog = Readonly<Record<string, string>>;

export class MessageCatalogError extends Error {
  override name = 'MessageCatalogError';
}

/** Which catalog serves a requested language tag, and whether it is the one asked for. */
export interface ResolvedLocale {
  /** The tag of the catalog that serves the request, e.g. de-DE for de-AT. */
  locale: string;
  /** false when the request fell back to another region of its language or to the store's locale. */
  exact: boolean;
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/**
 * The language tags the shop takes, from clients and as catalog names: language, optional script and region
 * (de-DE, fr, zh-Hant-TW), at most 16 characters, the width of sales_order.locale. Intl alone would also take
 * private-use, variant and extension forms no catalog needs.
 */
export const MAX_LANGUAGE_TAG_LENGTH = 16;
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?$/;
export const isLanguageTag = (value: string): boolean =>
  value.length <= MAX_LANGUAGE_TAG_LENGTH && LANGUAGE_TAG.test(value) && canonicalLocale(value) !== null;

/** "en-gb" → "en-GB"; null when the text is not a well-formed BCP 47 tag. */
export function canonicalLocale(tag: string): string | null {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical ?? null;
  } catch {
    return null;
  }
}

const languageOf = (tag: string) => new Intl.Locale(tag).language;
const placeholders = (message: string) => new Set([...message.matchAll(PLACEHOLDER)].map((m) => m[1]));

function readCatalogDir(dir: string, into: Map<string, Record<string, string>>): void {
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.json')) continue;
    const from = path.join(dir, file);
    const name = file.slice(0, -'.json'.length);
    const tag = isLanguageTag(name) ? canonicalLocale(name) : null;
    if (!tag) throw new MessageCatalogError(`${from}: the file name must be a BCP 47 tag such as fr-FR.json`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(from, 'utf8'));
    } catch (error) {
      throw new MessageCatalogError(`${from} is not valid JSON: ${(error as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new MessageCatalogError(`${from} must hold one JSON object of message keys to texts`);
    for (const [key, message] of Object.entries(parsed)) {
      if (typeof message !== 'string')
        throw new MessageCatalogError(`${from}: the message "${key}" must be a string`);
    }
    // An operator's file for a built-in language overrides key by key; the rest stays built in.
    into.set(tag, { ...into.get(tag), ...(parsed as Record<string, string>) });
  }
}

/**
 * The message catalogs of every language the shop speaks: the built-in ones plus, when configured, an operator's
 * directory (MESSAGE_CATALOG_DIR) whose files add languages or override built-in messages. Read once, at start-up,
 * so a broken file stops the boot rather than an invoice.
 *
 * A message is looked up in the catalog of the document's locale, then of another region of the same language,
 * then of the store's locale, then en-GB; so an operator's catalog may be partial, and a key missing everywhere is
 * a bug reported loudly rather than a blank on a legal document.
 */
export class MessageCatalogs {
  private readonly chains = new Map<string, Catalog[]>();

  private constructor(
    private readonly catalogs: ReadonlyMap<string, Catalog>,
    readonly storeLocale: string,
  ) {}

  static load(options: { storeLocale: string; dir?: string; builtInDir?: string }): MessageCatalogs {
    const catalogs = new Map<string, Record<string, string>>();
    readCatalogDir(options.builtInDir ?? BUILT_IN_CATALOG_DIR, catalogs);
    const builtIn = new Map([...catalogs].map(([tag, catalog]) => [tag, { ...catalog }]));
    if (options.dir) {
      if (!fs.statSync(options.dir, { throwIfNoEntry: false })?.isDirectory())
        throw new MessageCatalogError(`MESSAGE_CATALOG_DIR "${options.dir}" is not a readable directory`);
      readCatalogDir(options.dir, catalogs);
    }
    const reference = builtIn.get(LAST_RESORT_LOCALE);
    if (!reference) throw new MessageCatalogError(`the built-in ${LAST_RESORT_LOCALE} catalog is missing`);
    // A message may use only the placeholders the templates fill in: those of the built-in English message.
    for (const [tag, catalog] of catalogs) {
      for (const [key, message] of Object.entries(catalog)) {
        const known = reference[key];
        if (known === undefined) continue; // a key of the operator's own templates
        const allowed = placeholders(known);
        for (const name of placeholders(message)) {
          if (!allowed.has(name))
            throw new MessageCatalogError(
              `catalog ${tag}: "${key}" uses {${name}}, which is not one of {${[...allowed].join('}, {')}}`,
            );
        }
      }
    }
    const storeLocale = canonicalLocale(options.storeLocale) ?? LAST_RESORT_LOCALE;
    return new MessageCatalogs(catalogs, storeLocale);
  }

  /** The tags of every catalog, sorted. */
  get locales(): string[] {
    return [...this.catalogs.keys()].sort();
  }

  catalog(tag: string): Catalog | undefined {
    return this.catalogs.get(tag);
  }

  /**
   * The catalog for a requested tag: the exact one, else another region of the same language (the store's own
   * first, e.g. de-AT → de-DE), else the store's locale (resolved the same way), else en-GB.
   */
  resolve(requested: string): ResolvedLocale {
    const tag = canonicalLocale(requested);
    if (tag && this.catalogs.has(tag)) return { locale: tag, exact: true };
    const language = tag && languageOf(tag);
    if (language) {
      const sameLanguage = this.locales.filter((t) => languageOf(t) === language);
      const preferred = sameLanguage.find((t) => t === this.storeLocale) ?? sameLanguage[0];
      if (preferred) return { locale: preferred, exact: false };
    }
    if (tag !== this.storeLocale) return { locale: this.resolve(this.storeLocale).locale, exact: false };
    return { locale: LAST_RESORT_LOCALE, exact: false };
  }

  /**
   * The message `key` for `locale` with `{name}` placeholders filled from `params`. Throws for a key no catalog
   * holds and for a placeholder without a value: a template bug, to surface, not to print.
   */
  translate(
    locale: string,
    key: string,
    params: Record<string, unknown> = {},
    /** For HTML: applied to the message's own text and to every value except markup made by a helper (toHTML). */
    escape?: (text: string) => string,
  ): string {
    let message: string | undefined;
    for (const catalog of this.chain(locale)) {
      message = catalog[key];
      if (message !== undefined) break;
    }
    if (message === undefined) throw new MessageCatalogError(`no catalog holds the message "${key}"`);
    // Escaping leaves {name} as it is: braces, letters and digits are nothing HTML cares about.
    return (escape ? escape(message) : message).replace(PLACEHOLDER, (_, name: string) => {
      const value = params[name];
      if (value === undefined)
        throw new MessageCatalogError(`the message "${key}" needs a value for {${name}}`);
      if (value === null) return '';
      if (escape && typeof (value as { toHTML?: unknown }).toHTML === 'function')
        return (value as { toHTML(): string }).toHTML();
      return escape ? escape(String(value)) : String(value);
    });
  }

  /** The catalogs a lookup for `locale` tries, in order; built once per locale. */
  private chain(locale: string): Catalog[] {
    let chain = this.chains.get(locale);
    if (!chain) {
      const tags = [this.resolve(locale).locale, this.resolve(this.storeLocale).locale, LAST_RESORT_LOCALE];
      chain = [...new Set(tags)].map((tag) => this.catalogs.get(tag)).filter((c): c is Catalog => !!c);
      this.chains.set(locale, chain);
    }
    return chain;
  }
}

/** The built-in catalogs only, read once: for tests and for rendering without a configured directory. */
let builtIn: MessageCatalogs | undefined;
export function builtInCatalogs(): MessageCatalogs {
  return (builtIn ??= MessageCatalogs.load({ storeLocale: 'de-DE' }));
}

const configured = new Map<string, MessageCatalogs>();

/**
 * The catalogs a configuration names (LOCALE, MESSAGE_CATALOG_DIR), read once per process and shared by order
 * placement, invoices and e-mails; the services call it when they are built, so a broken file stops the start.
 */
export function catalogsFor(config: Pick<Config, 'locale' | 'messageCatalogDir'>): MessageCatalogs {
  const key = `${config.locale}\u0000${config.messageCatalogDir ?? ''}`;
  let catalogs = configured.get(key);
  if (!catalogs) {
    catalogs = MessageCatalogs.load({ storeLocale: config.locale, dir: config.messageCatalogDir });
    configured.set(key, catalogs);
  }
  return catalogs;
}
