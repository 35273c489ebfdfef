import type { RequestContext } from '../common/request-context';
import type { Config } from '../config';
import type { JobQueue } from '../jobs/job-queue';
import type { OmsEngine } from '../oms/oms-engine';
import { CommandFailure, OmsRegistry } from '../oms/oms-registry';
import { inLockedOrder } from '../orders/order-lock';
import { visibleTo } from '../orders/order-visibility';
import { OrderRepository } from '../orders/order.repository';
import type { SalesOrder } from '../orders/sales-order.entity';
import { ShipmentRepository } from '../shipments/shipment.repository';
import { requestLoader } from '../common/request-loader';
import { taxContainedInGross } from '../common/tax';
import {
  InvoiceAlreadyIssuedError,
  InvoiceNotFoundError,
  InvoiceNotPossibleError,
} from './invoice-errors.result';
import { nextInvoiceReference } from './invoice-numbering';
import { buildSnapshot, expenseLine, linesOf } from './invoice-snapshot-builder';
import type { InvoiceExpenseLine, InvoiceKind, InvoiceLine } from './invoice-snapshot';
import type { Invoice } from './invoice.entity';
import { InvoiceRepository } from './invoice.repository';
import type { InvoiceResult } from './invoice.result';
import { INVOICE_DELIVERY_QUEUE } from '../jobs/job-settings';

export interface DeliverInvoicePayload {
  invoiceId: number;
  /** Send even if it was sent before: back office's resend. */
  resend?: boolean;
}

/** generateInvoice's answers: those of InvoiceResult but "not found" (that is resend's). */
export type GenerateInvoiceResult = Exclude<InvoiceResult, InvoiceNotFoundError>;

/**
 * Issues invoices and credit notes inside the state machine's transaction (the order row is locked), and leaves
 * rendering and mailing to a durable job that commits with them. The state machine calls it through commands:
 * `invoice-generate` (back office's button: refuses a second invoice) and `invoice-ensure` (when the cancellation
 * window closes: issues one unless there is one); cancelling items of an invoiced order issues a credit note, and
 * so does each refund (refunds/refund.service.ts).
 */
export class InvoiceService {
  constructor(
    private readonly config: Config,
    private readonly jobs: JobQueue,
    /** The engine is built after this service registers its commands with it, hence a getter. */
    private readonly engine: () => OmsEngine,
  ) {}

  register(registry: OmsRegistry): void {
    registry.registerCommand('invoice-generate', async ({ tx, order }) => {
      const existing = await this.invoiceOf(tx, order.id);
      if (existing) throw new CommandFailure(new InvoiceAlreadyIssuedError(existing.reference).message);
      await this.issueInvoice(tx, order);
    });
    registry.registerCommand('invoice-ensure', async ({ tx, order }) => {
      if (!(await this.invoiceOf(tx, order.id))) await this.issueInvoice(tx, order);
    });
    registry.onMoved(async ({ tx, order, moves }) => {
      const cancelled = moves.filter((m) => m.toState === 'cancelled').map((m) => m.itemId);
      if (cancelled.length) await this.issueCreditNote(tx, order, cancelled);
    });
  }

  /** Back office's generateInvoice: the `invoice-generate` event at the whole order, reported as an invoice. */
  async generate(ctx: RequestContext, orderReference: string): Promise<GenerateInvoiceResult> {
    return inLockedOrder(ctx, orderReference, async (tx, order) => {
      const existing = await this.invoiceOf(tx, order.id);
      if (existing) return new InvoiceAlreadyIssuedError(existing.reference);
      const items = await new OrderRepository(tx.manager).itemsOfOrder(order.id);
      const outcome = await this.engine().trigger(tx, order, 'invoice-generate', items);
      const issued = outcome.ok ? await this.invoiceOf(tx, order.id) : null;
      if (issued) return issued;
      return new InvoiceNotPossibleError(
        outcome.ok
          ? `Order ${orderReference} can be invoiced from "confirmed" on; its items are in ${[...new Set(items.map((i) => `"${i.state}"`))].join(', ')}.`
          : outcome.message,
      );
    });
  }

  async resend(ctx: RequestContext, reference: string): Promise<Invoice | InvoiceNotFoundError> {
    const invoice = await new InvoiceRepository(ctx.manager).byReference(reference);
    if (!invoice) return new InvoiceNotFoundError(reference);
    await this.jobs.enqueue<DeliverInvoicePayload>(ctx.manager, INVOICE_DELIVERY_QUEUE, {
      invoiceId: invoice.id,
      resend: true,
    });
    return invoice;
  }

  /** The invoice or credit note, if the viewer may see its order. */
  async findVisible(ctx: RequestContext, reference: string): Promise<Invoice | null> {
    const invoice = await new InvoiceRepository(ctx.manager).byReference(reference);
    if (!invoice) return null;
    const order = await new OrderRepository(ctx.manager).byId(invoice.orderId);
    return order && visibleTo(ctx.viewer, order) ? invoice : null;
  }

  /** An order's invoice and credit notes, oldest first; the orders of a page in one statement. */
  invoicesOfOrder(ctx: RequestContext, orderId: number): Promise<Invoice[]> {
    return requestLoader<number, Invoice[]>(ctx, 'invoicesByOrder', async (orderIds) => {
      const rows = await new InvoiceRepository(ctx.manager).ofOrders(orderIds);
      return orderIds.map((id) => rows.filter((r) => r.orderId === id));
    }).load(orderId);
  }

  private invoiceOf(tx: RequestContext, orderId: number): Promise<Invoice | null> {
    return new InvoiceRepository(tx.manager).invoiceOfOrder(orderId);
  }

  /** The whole order as it stands: every item and shipping charge not cancelled. */
  private async issueInvoice(tx: RequestContext, order: SalesOrder): Promise<Invoice> {
    const items = await new OrderRepository(tx.manager).itemsOfOrder(order.id);
    const shipments = await new ShipmentRepository(tx.manager).ofOrder(order.id);
    const live = items.filter((i) => i.canceledAmount < i.sumPrice);
    const expenses = shipments
      .filter((s) => s.expenseAmount - s.expenseCanceledAmount > 0)
      .map((s) => expenseLine(s, s.expenseAmount - s.expenseCanceledAmount, 1));
    const invoice = await this.issue(
      tx,
      order,
      'INVOICE',
      null,
      linesOf(live, 1),
      expenses,
      live.map((i) => i.id),
    );
    if (invoice.grandTotal !== order.grandTotal) {
      throw new Error(
        `invoice ${invoice.reference} totals ${invoice.grandTotal}, order ${order.reference} ${order.grandTotal}`,
      );
    }
    return invoice;
  }

  /**
   * Negates what was cancelled after invoicing: the items cancelled now, and the shipping that is no longer owed.
   * Shipping is settled per tax rate as what was invoiced, less what earlier credit notes credited, less what is
   * still charged now; so a charge cancelled before the invoice is never credited, and a charge that moved from an
   * emptied shipment to another is credited once, when that one is cancelled.
   */
  private async issueCreditNote(
    tx: RequestContext,
    order: SalesOrder,
    itemIds: number[],
  ): Promise<Invoice | null> {
    const invoice = await this.invoiceOf(tx, order.id);
    if (!invoice) return null;
    const items = await new OrderRepository(tx.manager).itemsByIds(itemIds);
    const shipments = await new ShipmentRepository(tx.manager).ofOrder(order.id);
    const creditNotes = await new InvoiceRepository(tx.manager).creditNotesOfOrder(order.id);
    const owed = new Map<number, number>();
    const add = (rateBp: number, amount: number) => owed.set(rateBp, (owed.get(rateBp) ?? 0) + amount);
    for (const e of invoice.snapshot.expenses) add(e.taxRateBp, e.amount);
    for (const note of creditNotes) for (const e of note.snapshot.expenses) add(e.taxRateBp, e.amount);
    for (const s of shipments) {
      add(s.expenseTaxRateBp, -(s.expenseAmount - s.expenseCanceledAmount - s.expenseRefundedAmount));
    }
    const expenses = [...owed]
      .filter(([, due]) => due > 0)
      .map(([rateBp, due]) => ({
        name: 'Shipping',
        amount: -due,
        taxRateBp: rateBp,
        taxAmount: -taxContainedInGross(due, rateBp),
      }));
    return this.issue(tx, order, 'CREDIT_NOTE', invoice, linesOf(items, -1), expenses, itemIds);
  }

  /**
   * The credit note of a refund, once the order is invoiced (null before): the refunded items, and the shipping
   * refunded with a shipment's last item, through the same path as a cancellation's. Runs in the refund's
   * transaction, after the refunded amounts are written.
   */
  creditNoteForRefund(tx: RequestContext, order: SalesOrder, itemIds: number[]): Promise<Invoice | null> {
    return this.issueCreditNote(tx, order, itemIds);
  }

  private async issue(
    tx: RequestContext,
    order: SalesOrder,
    kind: InvoiceKind,
    corrects: Invoice | null,
    lines: InvoiceLine[],
    expenses: InvoiceExpenseLine[],
    itemIds: number[],
  ): Promise<Invoice> {
    const issuedAt = tx.clock.now();
    const reference = await nextInvoiceReference(tx.manager, kind, issuedAt, this.config.shopTimeZone);
    const process = this.engine().process;
    const shippedStates = process.definition.states
      .filter((s) => process.hasFlag(s.name, 'shipped'))
      .map((s) => s.name);
    const shipped = await new InvoiceRepository(tx.manager).shippedBetween(itemIds, shippedStates);
    const snapshot = buildSnapshot(
      this.config,
      order,
      {
        kind,
        reference,
        issuedAt,
        correctsReference: corrects?.reference ?? null,
        correctsIssuedAt: corrects?.issueDate ?? null,
        shipped,
      },
      lines,
      expenses,
    );
    const invoice = await new InvoiceRepository(tx.manager).insert({
      orderId: order.id,
      kind,
      reference,
      issueDate: issuedAt,
      correctsId: corrects?.id ?? null,
      currencyCode: order.currencyCode,
      grandTotal: snapshot.totals.grandTotal,
      snapshot,
      pdf: null,
      emailSentAt: null,
      createdAt: issuedAt,
    });
    await this.jobs.enqueue<DeliverInvoicePayload>(tx.manager, INVOICE_DELIVERY_QUEUE, {
      invoiceId: invoice.id,
    });
    return invoice;
  }
}
