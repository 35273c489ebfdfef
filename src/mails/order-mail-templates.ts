import path from 'node:path';
import type Handlebars from 'handlebars';
import type { MessageCatalogs } from '../i18n/message-catalogs';
import { compileTemplate, templateEnvironment } from '../invoices/template-files';
import type { OrderMailKind } from './order-mail.repository';
import type { OrderMailView } from './order-mail-view';

/** The project's own order e-mail templates; MAIL_TEMPLATE_DIR may replace any of them, file by file. */
export const BUILT_IN_MAIL_TEMPLATE_DIR = path.join(__dirname, 'templates');

/** `{{#mailLayout title=…}}…{{/mailLayout}}`: the head, greeting and closing around an HTML e-mail's body. */
export const MAIL_LAYOUT_FILE = 'mail-layout.hbs';

const KINDS: OrderMailKind[] = ['confirmation', 'shipped', 'cancelled', 'guest-link'];
const PARTS = ['html', 'text', 'subject'] as const;
type Part = (typeof PARTS)[number];

/** `order-shipped-email.hbs`, `order-shipped-email.txt`, `order-shipped-email-subject.txt`, … */
export function mailTemplateFile(kind: OrderMailKind, part: Part): string {
  const base = kind === 'guest-link' ? 'guest-link-email' : `order-${kind}-email`;
  return part === 'html' ? `${base}.hbs` : part === 'text' ? `${base}.txt` : `${base}-subject.txt`;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export class MailTemplateError extends Error {
  override name = 'MailTemplateError';
}

/**
 * The order e-mails' templates, compiled once, with the invoice templates' helpers (money, date, country and `t`
 * in the order's locale and currency). As there: HTML escapes every value, text and subject are not HTML and are not
 * escaped, and strict mode makes a misspelt field fail loudly.
 */
export class OrderMailTemplates {
  private constructor(private readonly templates: Map<string, Handlebars.TemplateDelegate>) {}

  /** `catalogs` hold the messages `{{t}}` prints, in the order's locale (the built-in ones unless given). */
  static async load(overrideDir?: string, catalogs?: MessageCatalogs): Promise<OrderMailTemplates> {
    const env = await templateEnvironment(
      overrideDir,
      (message) => new MailTemplateError(message),
      'MAIL_TEMPLATE_DIR',
      catalogs,
    );
    const compile = (file: string) =>
      compileTemplate(
        env,
        file,
        { overrideDir, builtInDir: BUILT_IN_MAIL_TEMPLATE_DIR },
        (message) => new MailTemplateError(message),
      );
    // The frame every HTML e-mail shares (head, greeting, closing), as a block helper rather than a partial:
    // Prettier, which the lint runs over the templates, does not read Handlebars partials.
    const layout = await compile(MAIL_LAYOUT_FILE);
    env.registerHelper('mailLayout', function (this: object, options: Handlebars.HelperOptions) {
      const body = new env.SafeString(options.fn(this));
      return new env.SafeString(layout({ ...this, ...options.hash, body }, { data: options.data }));
    });
    const templates = new Map<string, Handlebars.TemplateDelegate>();
    for (const kind of KINDS) {
      for (const part of PARTS) {
        const file = mailTemplateFile(kind, part);
        templates.set(file, await compile(file));
      }
    }
    return new OrderMailTemplates(templates);
  }

  render(kind: OrderMailKind, view: OrderMailView): RenderedMail {
    const run = (part: Part) => {
      const file = mailTemplateFile(kind, part);
      try {
        return this.templates.get(file)!(view);
      } catch (error) {
        throw new MailTemplateError(`${file} failed for ${view.reference}: ${(error as Error).message}`);
      }
    };
    const html = run('html');
    return {
      subject: run('subject').replace(/\s+/g, ' ').trim(),
      html: /^\s*<!doctype/i.test(html) ? html : `<!doctype html>\n${html}`,
      text:
        run('text')
          .replace(/\n{3,}/g, '\n\n')
          .trim() + '\n',
    };
  }
}
