import type { RequestContext } from '../common/request-context';
import type { Address } from './address';
import { AddressInput, toAddress } from './address.input';
import { logOrderChange } from './order-change-log';
import { inLockedOrder } from './order-lock';
import { OrderNotFoundError } from './order-not-found.error';
import { OrderRepository } from './order.repository';
import type { SalesOrder } from './sales-order.entity';

/** One line for the change log: what a person reads to tell the old address from the new one. */
export function addressLine(a: Address): string {
  return [
    [a.salutation, a.firstName, a.lastName].filter(Boolean).join(' '),
    a.company,
    a.address1,
    a.address2,
    a.address3,
    `${a.zipCode} ${a.city}`,
    a.country,
    a.phone,
    a.email,
    // The buyer's VAT ID prints on invoices, so a change of it alone is a change of the address.
    a.vatId ? `VAT ID ${a.vatId}` : null,
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * Back office corrects the billing address at any time. Issued invoices and credit notes keep the address they
 * printed (their snapshot is frozen); documents issued afterwards print the new one, as they read the order.
 */
export class BillingAddressService {
  async update(
    ctx: RequestContext,
    orderReference: string,
    input: AddressInput,
  ): Promise<SalesOrder | OrderNotFoundError> {
    return inLockedOrder(ctx, orderReference, async (tx, order) => {
      const previous = { ...order.billingAddress };
      const current = toAddress(input);
      if (addressLine(previous) === addressLine(current)) return order;
      order.billingAddress = Object.assign(order.billingAddress, current);
      await new OrderRepository(tx.manager).setBillingAddress(order.id, current);
      await logOrderChange(
        tx,
        order.id,
        'BILLING_ADDRESS_UPDATED',
        `Billing address changed from "${addressLine(previous)}" to "${addressLine(current)}".`,
        { previous, current },
      );
      return order;
    });
  }
}
