import type { Express, Request, Response } from 'express';
import { TokenPolicy, viewerFromAuthorization } from '../auth/token';
import type { Clock } from '../common/clock';
import type { Logger } from '../common/logger';
import type { RequestContext } from '../common/request-context';
import type { Config } from '../config';
import type { InvoiceDelivery } from './invoice-delivery';
import type { InvoiceLinks } from './invoice-links';
import type { InvoiceService } from './invoice.service';

/**
 * GET /invoices/{reference}.pdf (the hybrid ZUGFeRD / Factur-X PDF) and GET /invoices/{reference}.xml (its EN 16931
 * XML: CII, or UBL 2.1 with `?syntax=ubl`): with a bearer token (the customer whose order it is, or back office), or with a
 * signed link's `expires` and `signature`. Someone else's invoice is "not found", as everywhere in this API.
 */
export function mountInvoicePdfRoute(
  app: Express,
  deps: {
    config: Config;
    clock: Clock;
    logger: Logger;
    invoices: InvoiceService;
    delivery: InvoiceDelivery;
    links: InvoiceLinks;
    context: (viewer: RequestContext['viewer']) => RequestContext;
    /** The API's token policy: one object, so a token verified for the API is known here too. */
    tokenPolicy: TokenPolicy;
  },
): void {
  app.get('/invoices/:file', async (req: Request, res: Response) => {
    const match = /^(.{1,64})\.(pdf|xml)$/.exec(String(req.params.file));
    if (!match) return void res.status(404).json({ error: 'not found' });
    const reference = match[1];
    const kind = match[2] as 'pdf' | 'xml';
    const syntax = req.query.syntax;
    if (kind === 'xml' && syntax !== undefined && syntax !== 'cii' && syntax !== 'ubl') {
      return void res.status(400).json({ error: 'syntax must be cii (the default) or ubl' });
    }
    try {
      let viewer: RequestContext['viewer'];
      if (req.query.signature !== undefined || req.query.expires !== undefined) {
        const verdict = deps.links.check(reference, req.query.expires, req.query.signature, deps.clock.now());
        if (verdict === 'expired')
          return void res.status(410).json({ error: 'this link has expired; ask for a new one' });
        if (verdict === 'invalid') return void res.status(403).json({ error: 'this link is not valid' });
        viewer = { kind: 'system', name: 'signed-link' };
      } else {
        try {
          viewer = viewerFromAuthorization(req.headers.authorization, deps.tokenPolicy);
        } catch {
          return void res.status(401).json({ error: 'the bearer token is invalid or has expired' });
        }
        if (viewer.kind === 'anonymous') {
          return void res
            .status(401)
            .json({ error: 'send a bearer token, or use the signed link (Invoice.pdfUrl)' });
        }
      }
      const invoice = await deps.invoices.findVisible(deps.context(viewer), reference);
      if (!invoice) return void res.status(404).json({ error: 'not found' });
      if (kind === 'xml') {
        const xml = await deps.delivery.xmlOf(invoice, syntax === 'ubl' ? 'ubl' : 'cii');
        return void res
          .status(200)
          .type('application/xml; charset=utf-8')
          .setHeader('Content-Disposition', `inline; filename="${invoice.reference}.xml"`)
          .setHeader('Cache-Control', 'private, max-age=3600')
          .send(xml);
      }
      const pdf = await deps.delivery.pdfOf(invoice);
      res
        .status(200)
        .type('application/pdf')
        .setHeader('Content-Disposition', `inline; filename="${invoice.reference}.pdf"`)
        .setHeader('Cache-Control', 'private, max-age=3600')
        .send(pdf);
    } catch (error) {
      if (error instanceof Error && error.name === 'EInvoiceError') {
        // A document whose stored data cannot make this XML (one issued before e-invoices, in UBL): say so.
        deps.logger.warn(`${reference}.${kind}: ${error.message}`);
        return void res.status(422).json({
          error: `this document's stored data do not allow this XML form; try the CII (without syntax)`,
        });
      }
      deps.logger.error(`serving ${reference}.${kind} failed`, error);
      res.status(500).json({ error: 'internal error' });
    }
  });
}
