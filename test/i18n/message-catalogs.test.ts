import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import {
  BUILT_IN_CATALOG_DIR,
  builtInCatalogs,
  catalogsFor,
  MessageCatalogs,
} from '../../src/i18n/message-catalogs';
import { testEnv } from '../support/test-env';

const tempDirs: string[] = [];
const catalogDir = (files: Record<string, unknown>) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'om-catalogs-'));
  tempDirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
};
afterAll(() => tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('built-in message catalogs', () => {
  const files = fs.readdirSync(BUILT_IN_CATALOG_DIR).filter((f) => f.endsWith('.json'));
  const keysOf = (file: string) =>
    Object.keys(JSON.parse(fs.readFileSync(path.join(BUILT_IN_CATALOG_DIR, file), 'utf8'))).sort();

  it('include de-DE and en-GB', () => {
    expect(files).toEqual(expect.arrayContaining(['de-DE.json', 'en-GB.json']));
  });

  it('all hold the same keys, each with a non-empty message', () => {
    const reference = keysOf('en-GB.json');
    expect(reference.length).toBeGreaterThan(20);
    for (const file of files) {
      expect({ file, keys: keysOf(file) }).toEqual({ file, keys: reference });
      const catalog = JSON.parse(fs.readFileSync(path.join(BUILT_IN_CATALOG_DIR, file), 'utf8'));
      for (const key of reference)
        expect({ file, key, empty: catalog[key].trim() === '' }).toEqual({ file, key, empty: false });
    }
  });

  it('fill placeholders and print a message in each language', () => {
    const catalogs = builtInCatalogs();
    expect(catalogs.translate('de-DE', 'invoice.title')).toBe('Rechnung');
    expect(catalogs.translate('en-GB', 'invoice.title')).toBe('Invoice');
    expect(catalogs.translate('en-GB', 'invoice.documentTitle', { reference: 'INV-1' })).toBe(
      'Invoice INV-1',
    );
    expect(() => catalogs.translate('en-GB', 'invoice.documentTitle')).toThrow(
      'needs a value for {reference}',
    );
    expect(() => catalogs.translate('en-GB', 'invoice.titel')).toThrow(
      'no catalog holds the message "invoice.titel"',
    );
  });
});

describe('locale resolution', () => {
  const catalogs = MessageCatalogs.load({ storeLocale: 'de-DE' });

  it('takes the exact catalog, whatever the case of the tag', () => {
    expect(catalogs.resolve('en-GB')).toEqual({ locale: 'en-GB', exact: true });
    expect(catalogs.resolve('en-gb')).toEqual({ locale: 'en-GB', exact: true });
  });

  it('falls back to another region of the language, then to the store locale', () => {
    expect(catalogs.resolve('de-AT')).toEqual({ locale: 'de-DE', exact: false });
    expect(catalogs.resolve('en-US')).toEqual({ locale: 'en-GB', exact: false });
    expect(catalogs.resolve('fr-FR')).toEqual({ locale: 'de-DE', exact: false });
    const english = MessageCatalogs.load({ storeLocale: 'en-IE' });
    expect(english.resolve('fr-FR')).toEqual({ locale: 'en-GB', exact: false });
  });
});

describe('MESSAGE_CATALOG_DIR', () => {
  it('adds languages and overrides built-in messages key by key; missing keys fall back', () => {
    const dir = catalogDir({
      'fr-FR.json': { 'invoice.title': 'Facture', 'invoice.documentTitle': 'Facture {reference}' },
      'de-DE.json': { 'invoice.total': 'Summe' },
      'README.txt': 'not a catalog',
    });
    const catalogs = MessageCatalogs.load({ storeLocale: 'de-DE', dir });
    expect(catalogs.locales).toEqual(['de-DE', 'en-GB', 'fr-FR']);
    expect(catalogs.resolve('fr-CA')).toEqual({ locale: 'fr-FR', exact: false });
    expect(catalogs.translate('fr-FR', 'invoice.documentTitle', { reference: 'X' })).toBe('Facture X');
    // Missing in fr-FR: the store locale's catalog (de-DE) answers, then en-GB.
    expect(catalogs.translate('fr-FR', 'invoice.number')).toBe('Rechnungsnummer');
    expect(catalogs.translate('de-DE', 'invoice.total')).toBe('Summe');
    expect(catalogs.translate('de-DE', 'invoice.title')).toBe('Rechnung');
  });

  it('refuses at load a bad file name, bad JSON, a non-string message or an unknown placeholder', () => {
    const load = (files: Record<string, unknown>) => () =>
      MessageCatalogs.load({ storeLocale: 'de-DE', dir: catalogDir(files) });
    expect(load({ 'not a tag!.json': {} })).toThrow('must be a BCP 47 tag');
    expect(load({ 'de-DE-x-private-use.json': {} })).toThrow('must be a BCP 47 tag');
    expect(load({ 'fr-FR.json': '{ "invoice.title": ' })).toThrow('is not valid JSON');
    expect(load({ 'fr-FR.json': { 'invoice.title': 1 } })).toThrow('"invoice.title" must be a string');
    expect(load({ 'fr-FR.json': { 'invoice.documentTitle': 'Facture {numero}' } })).toThrow(
      'uses {numero}, which is not one of {reference}',
    );
    expect(() => MessageCatalogs.load({ storeLocale: 'de-DE', dir: '/nonexistent/catalogs' })).toThrow(
      'is not a readable directory',
    );
  });
});

describe('MESSAGE_CATALOG_DIR in the configuration', () => {
  it('names a directory, checked at start, and the catalogs of a configuration are read from it once', () => {
    expect(() => loadConfig({ ...testEnv(), MESSAGE_CATALOG_DIR: '/nonexistent/catalogs' })).toThrow(
      'MESSAGE_CATALOG_DIR must be a directory of message catalogs, got "/nonexistent/catalogs"',
    );
    const dir = catalogDir({ 'nl-NL.json': { 'invoice.title': 'Factuur' } });
    const config = loadConfig({ ...testEnv(), MESSAGE_CATALOG_DIR: dir, LOCALE: 'en-GB' });
    expect(config.messageCatalogDir).toBe(dir);
    const catalogs = catalogsFor(config);
    expect(catalogsFor(config)).toBe(catalogs);
    expect(catalogs.translate('nl-NL', 'invoice.title')).toBe('Factuur');
    // The store locale (en-GB) answers what nl-NL.json lacks.
    expect(catalogs.translate('nl-NL', 'invoice.number')).toBe('Invoice number');
    expect(loadConfig(testEnv()).messageCatalogDir).toBeUndefined();
  });
});
