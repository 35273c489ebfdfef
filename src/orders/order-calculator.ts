import { taxContainedInGross } from '../common/tax';

export interface PricedItem {
  sumPrice: number;
  taxRateBp: number;
  canceledAmount: number;
  /** What refunds paid back of it; absent is none. */
  refundedAmount?: number;
}

export interface PricedExpense {
  expenseAmount: number;
  expenseTaxRateBp: number;
  expenseCanceledAmount: number;
  expenseRefundedAmount?: number;
}

export interface OrderTotalsValues {
  subtotal: number;
  expenseTotal: number;
  discountTotal: number;
  taxTotal: number;
  grandTotal: number;
  canceledTotal: number;
  refundTotal: number;
}

/**
 * Order totals in gross price mode, all in minor units:
 * grandTotal = subtotal + expenseTotal − discountTotal − canceledTotal; taxTotal is the tax contained in what is
 * not cancelled, rounded per item and per expense. refundTotal is what refunds paid back of items and shipping;
 * grandTotal keeps the original (what was charged), as in Spryker.
 */
export function calculateTotals(items: PricedItem[], expenses: PricedExpense[]): OrderTotalsValues {
  let subtotal = 0;
  let expenseTotal = 0;
  let canceledTotal = 0;
  let taxTotal = 0;
  let refundTotal = 0;
  for (const item of items) {
    refundTotal += item.refundedAmount ?? 0;
    subtotal += item.sumPrice;
    canceledTotal += item.canceledAmount;
    taxTotal += taxContainedInGross(item.sumPrice - item.canceledAmount, item.taxRateBp);
  }
  for (const expense of expenses) {
    refundTotal += expense.expenseRefundedAmount ?? 0;
    expenseTotal += expense.expenseAmount;
    canceledTotal += expense.expenseCanceledAmount;
    taxTotal += taxContainedInGross(
      expense.expenseAmount - expense.expenseCanceledAmount,
      expense.expenseTaxRateBp,
    );
  }
  const discountTotal = 0;
  const grandTotal = subtotal + expenseTotal - discountTotal - canceledTotal;
  return {
    subtotal,
    expenseTotal,
    discountTotal,
    taxTotal,
    grandTotal,
    canceledTotal,
    refundTotal,
  };
}
