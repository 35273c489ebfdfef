import { createUnionType } from 'type-graphql';
import { OrderNotFoundError } from '../orders/order-not-found.error';
import {
  InvoiceAlreadyIssuedError,
  InvoiceNotFoundError,
  InvoiceNotPossibleError,
} from './invoice-errors.result';
import { Invoice } from './invoice.entity';

/** What generateInvoice and resendInvoice answer; its members are listed here only. */
export const InvoiceResult = createUnionType({
  name: 'InvoiceResult',
  description: 'The invoice, or why it could not be issued or sent.',
  types: () =>
    [
      Invoice,
      OrderNotFoundError,
      InvoiceAlreadyIssuedError,
      InvoiceNotPossibleError,
      InvoiceNotFoundError,
    ] as const,
});
export type InvoiceResult = typeof InvoiceResult;
