import { Money, money } from '../common/money';
import type { RequestContext } from '../common/request-context';
import type { SalesItem } from './sales-item.entity';

/**
 * An amount of an item in its order's currency. Synchronous when the order is already known (always, below an
 * order): awaiting the order's batch for every amount cost a promise and a microtask turn per field, sixty and
 * more per history page.
 */
export function itemMoney(ctx: RequestContext, item: SalesItem, minor: number): Money | Promise<Money> {
  const currency = ctx.loaders.knownCurrency(item.orderId);
  if (currency !== undefined) return money(minor, currency);
  return ctx.loaders.orderOf(item).then((order) => money(minor, order.currencyCode));
}
