import { Field, ObjectType } from 'type-graphql';
import { ErrorResult } from '../common/error-result';

@ObjectType({
  simpleResolvers: true,
  implements: ErrorResult,
  description: 'The order has its invoice already; a second is never issued.',
})
export class InvoiceAlreadyIssuedError extends ErrorResult {
  @Field({ description: 'Reference of the existing invoice.' })
  invoiceReference!: string;

  constructor(invoiceReference: string) {
    super();
    Object.assign(this, {
      errorCode: 'INVOICE_ALREADY_ISSUED',
      message: `This order was invoiced already with ${invoiceReference}; use resendInvoice to send it again.`,
      invoiceReference,
    });
  }
}

@ObjectType({
  simpleResolvers: true,
  implements: ErrorResult,
  description: 'The order cannot be invoiced in its current state.',
})
export class InvoiceNotPossibleError extends ErrorResult {
  constructor(message: string) {
    super();
    Object.assign(this, { errorCode: 'INVOICE_NOT_POSSIBLE', message });
  }
}

@ObjectType({
  simpleResolvers: true,
  implements: ErrorResult,
  description: 'No invoice or credit note with this reference exists.',
})
export class InvoiceNotFoundError extends ErrorResult {
  @Field({ description: 'The reference asked for.' })
  reference!: string;

  constructor(reference: string) {
    super();
    Object.assign(this, {
      errorCode: 'INVOICE_NOT_FOUND',
      message: `No invoice ${reference} was found.`,
      reference,
    });
  }
}
