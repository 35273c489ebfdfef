import fs from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import { builtInCatalogs, MessageCatalogs } from '../i18n/message-catalogs';
import { translateHelpers } from '../i18n/translate-helper';
import { INVOICE_TEMPLATE_HELPERS } from './invoice-template-helpers';

/**
 * What the invoice and the order e-mail templates share: a Handlebars environment of their own with the helpers
 * (money, dates, countries, and `t` for catalog messages, all in the locale of the document rendered: the order's),
 * after checking that an operator's override directory exists; and
 * each file read from that directory when it holds one, else from the built-in directory.
 */
export async function templateEnvironment(
  overrideDir: string | undefined,
  failure: (message: string) => Error,
  setting: string,
  catalogs: MessageCatalogs = builtInCatalogs(),
): Promise<typeof Handlebars> {
  if (overrideDir) {
    const stat = await fs.stat(overrideDir).catch(() => null);
    if (!stat?.isDirectory()) throw failure(`${setting} "${overrideDir}" is not a readable directory`);
  }
  const env = Handlebars.create();
  env.registerHelper(INVOICE_TEMPLATE_HELPERS);
  env.registerHelper(translateHelpers(catalogs));
  return env;
}

/** `file` from the override directory if it holds one, else `builtInFile` (by default the same name) built in. */
export async function readTemplate(
  file: string,
  overrideDir: string | undefined,
  builtInDir: string,
  builtInFile = file,
): Promise<{ source: string; from: string }> {
  if (overrideDir) {
    const from = path.join(overrideDir, file);
    try {
      return { source: await fs.readFile(from, 'utf8'), from };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const from = path.join(builtInDir, builtInFile);
  return { source: await fs.readFile(from, 'utf8'), from };
}

/**
 * Reads a template (see readTemplate) and compiles it, parsing at once: Handlebars compiles lazily and would otherwise
 * report a syntax error at the first render, not at start-up. Strict: a misspelt field fails loudly instead of
 * leaving a blank on a legal document. `.txt` files (text bodies, subjects) are not HTML and are not escaped.
 */
export async function compileTemplate(
  env: typeof Handlebars,
  file: string,
  from: { overrideDir: string | undefined; builtInDir: string; builtInFile?: string },
  failure: (message: string) => Error,
): Promise<Handlebars.TemplateDelegate> {
  const { source, from: path } = await readTemplate(
    file,
    from.overrideDir,
    from.builtInDir,
    from.builtInFile,
  );
  try {
    env.parse(source);
  } catch (error) {
    throw failure(`template ${path} does not compile: ${(error as Error).message}`);
  }
  return env.compile(source, { strict: true, noEscape: file.endsWith('.txt') });
}
