import { createHash } from 'node:crypto';
import { CatalogService } from '../catalog/catalog.service';
import { FieldProblem, forbidden, invalidInput } from '../common/errors';
import type { Logger } from '../common/logger';
import type { RequestContext } from '../common/request-context';
import { taxContainedInGross } from '../common/tax';
import { inTransaction } from '../database/transaction';
import { canonicalLocale, type MessageCatalogs } from '../i18n/message-catalogs';
import { DeliveryDatePolicy, deliveryDateProblem } from '../shipments/delivery-date-policy';
import { toAddress } from './address.input';
import { salesItemsFor, splitQuantities } from './item-splitter';
import { calculateTotals } from './order-calculator';
import type { NewItemRow } from './order-rows';
import { OrderRepository } from './order.repository';
import { PlaceOrderInput } from './place-order.input';
import {
  IdempotencyKeyReusedError,
  OrderTooLargeError,
  PlaceOrderResult,
  ProductNotSoldInCurrencyError,
  UnknownShipmentMethodError,
  UnknownSkuError,
} from './place-order.result';
import { SalesItem } from './sales-item.entity';
import { SalesOrder } from './sales-order.entity';

export interface PlacementSettings {
  store: string;
  currency: string;
  locale: string;
  /** The languages the shop writes in: an order's requested locale is matched against them. */
  catalogs: MessageCatalogs;
  itemNonsplitQuantityThreshold: number | null;
  maxSalesItemsPerOrder: number;
  deliveryDates: DeliveryDatePolicy;
}

/** Who places the order: a customer (by reference) or a guest (no reference, scoped by e-mail address). */
interface Buyer {
  customerReference: string | null;
  email: string;
}

/** Hands a guest order its access token inside the placement transaction (see guests/). */
export type GuestTokenIssuer = (tx: RequestContext, order: SalesOrder) => Promise<string>;

/** Called inside the placement transaction once rows exist: the order process starts here (see oms/). */
export type OrderPlacedHook = (tx: RequestContext, order: SalesOrder, items: SalesItem[]) => Promise<void>;

export class OrderPlacementService {
  private readonly onPlaced: OrderPlacedHook[] = [];
  private issueGuestToken: GuestTokenIssuer | undefined;

  constructor(
    private readonly settings: PlacementSettings,
    private readonly catalog: CatalogService,
    private readonly logger: Logger,
  ) {}

  addPlacedHook(hook: OrderPlacedHook): void {
    this.onPlaced.push(hook);
  }

  setGuestTokenIssuer(issuer: GuestTokenIssuer): void {
    this.issueGuestToken = issuer;
  }

  async placeOrder(ctx: RequestContext, input: PlaceOrderInput): Promise<PlaceOrderResult> {
    const viewer = ctx.viewer;
    if (viewer.kind !== 'customer' && viewer.kind !== 'anonymous') {
      throw forbidden('Only customers and guests place orders');
    }
    const guest = viewer.kind === 'anonymous';
    if (guest && !input.email) {
      throw invalidInput([{ field: 'email', messages: ['an e-mail address is required for a guest order'] }]);
    }
    const buyer: Buyer = guest
      ? { customerReference: null, email: input.email! }
      : {
          customerReference: viewer.customerReference,
          email: viewer.email || input.email || input.billingAddress.email || '',
        };
    const idempotencyKey = input.idempotencyKey ?? null;
    const requestHash = idempotencyKey ? hashRequest(input) : null;
    // A retry gets its first answer even if the date it asked for is past now or a product was delisted since.
    if (idempotencyKey) {
      const earlier = await this.answerToRetry(ctx, buyer, idempotencyKey, requestHash);
      if (earlier) return earlier;
    }
    const email = buyer.email;
    this.checkInputAgainstNow(ctx, input, email);

    const { currency } = this.settings;
    const skus = [...new Set(input.shipments.flatMap((s) => s.items.map((i) => i.sku)))];
    const methodKeys = [...new Set(input.shipments.map((s) => s.method))];
    // Side by side: two independent reads, so a checkout waits for two round trips here instead of four.
    const [products, methods] = await Promise.all([
      this.catalog.priceProducts(ctx.manager, skus, currency),
      this.catalog.priceShipmentMethods(ctx.manager, methodKeys, currency),
    ]);
    for (const sku of skus) {
      const priced = products.get(sku);
      if (!priced) return new UnknownSkuError(sku);
      if (priced.unitPrice === null) return new ProductNotSoldInCurrencyError(sku, currency);
    }
    for (const key of methodKeys) {
      if (methods.get(key)?.price == null) return new UnknownShipmentMethodError(key);
    }

    const threshold = this.settings.itemNonsplitQuantityThreshold;
    let salesItemCount = 0;
    for (const line of input.shipments.flatMap((s) => s.items)) {
      const splittable = products.get(line.sku)!.product.isQuantitySplittable;
      salesItemCount += salesItemsFor(line.quantity, splittable, threshold);
    }
    if (salesItemCount > this.settings.maxSalesItemsPerOrder) {
      return new OrderTooLargeError(this.settings.maxSalesItemsPerOrder);
    }

    const customReference = input.customReference?.trim() || null;
    const locale = this.orderLocale(input.locale);

    return inTransaction(ctx, async (tx) => {
      if (idempotencyKey) {
        // Serialises requests carrying the same key; the unique constraint is the backstop.
        await new OrderRepository(tx.manager).serialiseOn(
          buyer.customerReference === null
            ? `place-order:guest:${buyer.email}:${idempotencyKey}`
            : `place-order:${buyer.customerReference}:${idempotencyKey}`,
        );
        const earlier = await this.answerToRetry(tx, buyer, idempotencyKey, requestHash);
        if (earlier) return earlier;
      }

      const now = tx.clock.now();

      const shipmentRows = input.shipments.map((s) => {
        const { method, price } = methods.get(s.method)!;
        return {
          methodKey: method.key,
          methodName: method.name,
          carrierName: method.carrierName,
          deliveryTime: method.deliveryTime,
          requestedDeliveryDate: s.requestedDeliveryDate ?? null,
          address: toAddress(s.address),
          expenseAmount: price!,
          expenseTaxRateBp: method.taxRateBp,
          expenseTaxAmount: taxContainedInGross(price!, method.taxRateBp),
          expenseCanceledAmount: 0,
        };
      });

      let lineNumber = 0;
      const itemRows = input.shipments.map((s) =>
        s.items.flatMap((line): NewItemRow[] => {
          lineNumber += 1;
          const { product, unitPrice } = products.get(line.sku)!;
          return splitQuantities(line.quantity, product.isQuantitySplittable, threshold).map((quantity) => ({
            lineNumber,
            sku: product.sku,
            name: product.name,
            quantity,
            unitPrice: unitPrice!,
            sumPrice: unitPrice! * quantity,
            taxRateBp: product.taxRateBp,
            taxAmount: taxContainedInGross(unitPrice! * quantity, product.taxRateBp),
            canceledAmount: 0,
            isQuantitySplittable: product.isQuantitySplittable,
            state: 'new',
            stateChangedAt: now,
          }));
        }),
      );

      const totals = calculateTotals(itemRows.flat(), shipmentRows);
      const row = {
        customReference,
        buyerReference: input.buyerReference?.trim() || null,
        customerReference: buyer.customerReference,
        email,
        store: this.settings.store,
        currencyCode: currency,
        priceMode: 'GROSS_MODE',
        locale,
        billingAddress: toAddress(input.billingAddress),
        ...totals,
        idempotencyKey,
        requestHash,
        createdAt: now,
      };
      // One statement for the order, its shipments and items (see insertOrder); the entities are what save()
      // and insert() used to leave behind: the values given plus the ids and defaults the database assigned.
      const inserted = await new OrderRepository(tx.manager).insertWithShipmentsAndItems(
        row,
        shipmentRows,
        itemRows,
      );
      const order = tx.manager.create(SalesOrder, {
        ...row,
        id: inserted.id,
        reference: inserted.reference,
        updatedAt: inserted.updatedAt,
      });
      const itemIds = inserted.itemIds.values();
      const items = itemRows.flatMap((rows, index) =>
        rows.map((item) =>
          tx.manager.create(SalesItem, {
            ...item,
            id: itemIds.next().value!,
            orderId: order.id,
            shipmentId: inserted.shipmentIds[index],
          }),
        ),
      );

      for (const hook of this.onPlaced) await hook(tx, order, items);
      if (guest) order.guestAccessToken = await this.guestToken(tx, order);
      return order;
    });
  }

  /**
   * The locale the order is written in. Stored is the locale whose catalog serves the order, not the tag asked
   * for: labels come from the catalog while dates, amounts and country names come from Intl in the stored tag, so
   * storing "fr-FR" with no French catalog would print German words beside French dates: the mixed document this
   * is here to prevent. It also keeps an order's later documents in the language of its first, whatever catalogs
   * are added meanwhile. A tag without a catalog of its language is no error for the customer: the store's
   * language is used, and the log says so.
   */
  private orderLocale(requested: string | null | undefined): string {
    const store = this.settings.locale;
    if (!requested) return store;
    const tag = canonicalLocale(requested);
    if (tag === canonicalLocale(store)) return store;
    const resolved = this.settings.catalogs.resolve(requested);
    if (resolved.exact) return resolved.locale;
    const sameLanguage =
      tag !== null && new Intl.Locale(tag).language === new Intl.Locale(resolved.locale).language;
    const locale = sameLanguage ? resolved.locale : store;
    this.logger.warn(
      `placeOrder: no message catalog for locale "${requested}"; the order is written in ${locale}`,
      {
        requestedLocale: requested,
        locale,
        catalogs: this.settings.catalogs.locales,
      },
    );
    return locale;
  }

  private guestToken(tx: RequestContext, order: SalesOrder): Promise<string> {
    if (!this.issueGuestToken) throw new Error('guest orders need a token issuer (container.ts)');
    return this.issueGuestToken(tx, order);
  }

  /**
   * The first order placed with this key, or why the key cannot be used for this request; null for a new key.
   * A guest's retry gets a fresh access token: the first one may have been lost with the first answer.
   */
  private async answerToRetry(
    ctx: RequestContext,
    buyer: Buyer,
    idempotencyKey: string,
    requestHash: string | null,
  ): Promise<SalesOrder | IdempotencyKeyReusedError | null> {
    const orders = new OrderRepository(ctx.manager);
    const earlier =
      buyer.customerReference === null
        ? await orders.placedByGuestWithKey(buyer.email, idempotencyKey)
        : await orders.placedWithKey(buyer.customerReference, idempotencyKey);
    if (!earlier) return null;
    if (earlier.requestHash !== requestHash) return new IdempotencyKeyReusedError(earlier.reference);
    if (buyer.customerReference === null) {
      earlier.guestAccessToken = await inTransaction(ctx, (tx) => this.guestToken(tx, earlier));
    }
    return earlier;
  }

  /** Rules that need the clock or the token, reported like validation errors: every bad field at once. */
  private checkInputAgainstNow(ctx: RequestContext, input: PlaceOrderInput, email: string): void {
    const problems: FieldProblem[] = [];
    input.shipments.forEach((s, i) => {
      const problem = deliveryDateProblem(
        this.settings.deliveryDates,
        ctx.clock.now(),
        s.requestedDeliveryDate,
        `shipments.${i}.requestedDeliveryDate`,
        'requestedDeliveryDate',
      );
      if (problem) problems.push(problem);
    });
    if (!email) {
      problems.push({
        field: 'billingAddress.email',
        messages: ['an e-mail address is required when the token carries none'],
      });
    }
    if (problems.length) throw invalidInput(problems);
  }
}

function hashRequest(input: PlaceOrderInput): string {
  const { idempotencyKey: _key, ...body } = input;
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}
