import type { EntityManager } from 'typeorm';
import { decodeCursor, encodeCursor, Page } from '../common/connection';
import { invalidInput } from '../common/errors';
import { money } from '../common/money';
import type { RequestContext } from '../common/request-context';
import { CatalogRepository } from './catalog.repository';
import type { Product } from './product.entity';
import type { ShipmentMethod } from './shipment-method.entity';

export interface PricedProduct {
  product: Product;
  /** Gross unit price in the requested currency; null when the product is not sold in it. */
  unitPrice: number | null;
}

export interface PricedShipmentMethod {
  method: ShipmentMethod;
  price: number | null;
}

/** What placeOrder prices from: products and shipment methods with their prices per currency. */
export class CatalogService {
  constructor(private readonly currency: string) {}

  async listProducts(ctx: RequestContext, first: number, after?: string): Promise<Page<Product>> {
    const afterSku = after === undefined ? null : decodeCursor(after, ['string']);
    if (after !== undefined && !afterSku)
      throw invalidInput([{ field: 'after', messages: ['after is not a cursor'] }]);
    const catalog = new CatalogRepository(ctx.manager);
    const rows = await catalog.productsPricedIn(
      this.currency,
      afterSku ? String(afterSku[0]) : null,
      first + 1,
    );
    const nodes = rows.slice(0, first).map((row) => {
      row.price = money(row.priceRow.grossAmount, this.currency);
      return row;
    });
    return {
      nodes,
      hasNextPage: rows.length > first,
      hasPreviousPage: after !== undefined,
      cursorOf: (p) => encodeCursor([p.sku]),
      countTotal: () => catalog.countProductsPricedIn(this.currency),
    };
  }

  async listShipmentMethods(ctx: RequestContext): Promise<ShipmentMethod[]> {
    const methods = await new CatalogRepository(ctx.manager).shipmentMethods();
    const prices = await this.methodPrices(
      ctx.manager,
      methods.map((m) => m.key),
      this.currency,
    );
    return methods
      .filter((m) => prices.has(m.key))
      .map((m) => {
        m.price = money(prices.get(m.key)!, this.currency);
        return m;
      });
  }

  /** Products sold in the store currency, with their price, by SKU (for `node`); unknown or unsold ones are absent. */
  async productsBySku(ctx: RequestContext, skus: string[]): Promise<Product[]> {
    const priced = await this.priceProducts(ctx.manager, skus, this.currency);
    return [...priced.values()].flatMap(({ product, unitPrice }) => {
      if (unitPrice === null) return [];
      product.price = money(unitPrice, this.currency);
      return [product];
    });
  }

  /** Shipment methods offered in the store currency, with their price, by key (for `node`). */
  async shipmentMethodsByKey(ctx: RequestContext, keys: string[]): Promise<ShipmentMethod[]> {
    const priced = await this.priceShipmentMethods(ctx.manager, keys, this.currency);
    return [...priced.values()].flatMap(({ method, price }) => {
      if (price === null) return [];
      method.price = money(price, this.currency);
      return [method];
    });
  }

  /** Products by SKU with their price in `currency`; SKUs that do not exist are absent from the map. */
  async priceProducts(
    manager: EntityManager,
    skus: string[],
    currency: string,
  ): Promise<Map<string, PricedProduct>> {
    const products = await new CatalogRepository(manager).productsBySkuPricedIn(skus, currency);
    return new Map(
      products.map((product) => [product.sku, { product, unitPrice: product.priceRow?.grossAmount ?? null }]),
    );
  }

  async priceShipmentMethods(
    manager: EntityManager,
    keys: string[],
    currency: string,
  ): Promise<Map<string, PricedShipmentMethod>> {
    const methods = await new CatalogRepository(manager).shipmentMethodsByKeyPricedIn(keys, currency);
    return new Map(
      methods.map((method) => [method.key, { method, price: method.priceRow?.grossAmount ?? null }]),
    );
  }

  private async methodPrices(
    manager: EntityManager,
    keys: string[],
    currency: string,
  ): Promise<Map<string, number>> {
    const rows = await new CatalogRepository(manager).shipmentMethodPrices(keys, currency);
    return new Map(rows.map((r) => [r.methodKey, r.grossAmount]));
  }
}
