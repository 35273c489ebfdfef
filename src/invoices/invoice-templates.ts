import path from 'node:path';
import type Handlebars from 'handlebars';
import type { MessageCatalogs } from '../i18n/message-catalogs';
import { compileTemplate, templateEnvironment } from './template-files';
import type { InvoiceSnapshot } from './invoice-snapshot';

/** The project's own templates; a directory from configuration may replace any of them, file by file. */
export const BUILT_IN_TEMPLATE_DIR = path.join(__dirname, 'templates');

/**
 * Template files by role, as an operator's directory may name them. The built-in invoice template prints credit
 * notes too (its labels follow the document's kind), so a credit note uses `credit-note.hbs` only from an operator.
 * The plain-text ones end in `.txt` rather than `.hbs` so that Prettier's HTML-minded
 * Handlebars formatter, which the lint runs over every `.hbs`, never reflows whitespace that a text e-mail shows.
 */
export const TEMPLATE_FILES = {
  invoice: 'invoice.hbs',
  creditNote: 'credit-note.hbs',
  emailHtml: 'invoice-email.hbs',
  emailText: 'invoice-email.txt',
  emailSubject: 'invoice-email-subject.txt',
} as const;

type TemplateRole = keyof typeof TEMPLATE_FILES;

export interface InvoiceEmail {
  subject: string;
  html: string;
  text: string;
}

export class InvoiceTemplateError extends Error {
  override name = 'InvoiceTemplateError';
}

// Prettier's Handlebars printer drops a doctype, and without one Chromium lays the page out in quirks mode (tables
// then ignore the body's font size), so the rendered HTML gets it here, for overriding templates as well.
const withDoctype = (html: string) => (/^\s*<!doctype/i.test(html) ? html : `<!doctype html>\n${html}`);

/**
 * Compiled invoice templates with their helpers, in a Handlebars environment of their own. HTML templates escape
 * every value (Handlebars' default, kept). The text body and subject are compiled without HTML escaping on
 * purpose: they are not HTML, and "&amp;" in a text e-mail would be a bug, not a defence.
 */
export class InvoiceTemplates {
  private constructor(private readonly templates: Record<TemplateRole, Handlebars.TemplateDelegate>) {}

  /**
   * Reads and compiles every template once, at start-up, so a broken override fails the boot rather than an
   * invoice. `overrideDir` (INVOICE_TEMPLATE_DIR) must exist; files missing from it fall back to the built-in ones.
   * `catalogs` hold the messages `{{t}}` prints (the built-in ones unless given).
   */
  static async load(overrideDir?: string, catalogs?: MessageCatalogs): Promise<InvoiceTemplates> {
    const env = await templateEnvironment(
      overrideDir,
      (message) => new InvoiceTemplateError(message),
      'INVOICE_TEMPLATE_DIR',
      catalogs,
    );
    const entries = await Promise.all(
      (Object.entries(TEMPLATE_FILES) as [TemplateRole, string][]).map(async ([role, file]) => {
        const builtInFile = role === 'creditNote' ? TEMPLATE_FILES.invoice : file;
        const template = await compileTemplate(
          env,
          file,
          { overrideDir, builtInDir: BUILT_IN_TEMPLATE_DIR, builtInFile },
          (message) => new InvoiceTemplateError(message),
        );
        return [role, template] as const;
      }),
    );
    return new InvoiceTemplates(
      Object.fromEntries(entries) as Record<TemplateRole, Handlebars.TemplateDelegate>,
    );
  }

  /** The printable document (invoice or credit note, by `snapshot.kind`) as HTML for the PDF renderer. */
  renderInvoiceHtml(snapshot: InvoiceSnapshot): string {
    return withDoctype(this.render(snapshot.kind === 'CREDIT_NOTE' ? 'creditNote' : 'invoice', snapshot));
  }

  /** Subject, HTML body and text body of the e-mail that carries the document. */
  renderInvoiceEmail(snapshot: InvoiceSnapshot): InvoiceEmail {
    return {
      // One line whatever the template holds: a header cannot span lines.
      subject: this.render('emailSubject', snapshot).replace(/\s+/g, ' ').trim(),
      html: withDoctype(this.render('emailHtml', snapshot)),
      text:
        this.render('emailText', snapshot)
          .replace(/\n{3,}/g, '\n\n')
          .trim() + '\n',
    };
  }

  private render(role: TemplateRole, snapshot: InvoiceSnapshot): string {
    try {
      return this.templates[role](snapshot);
    } catch (error) {
      throw new InvoiceTemplateError(
        `${TEMPLATE_FILES[role]} failed for ${snapshot.reference}: ${(error as Error).message}`,
      );
    }
  }
}
