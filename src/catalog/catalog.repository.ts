import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { Product } from './product.entity';
import { ProductPrice } from './product-price.entity';
import { ShipmentMethod } from './shipment-method.entity';
import { ShipmentMethodPrice } from './shipment-method-price.entity';

/** Products, shipment methods and their prices per currency, in PostgreSQL. */
export class CatalogRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Products priced in `currency`, by SKU after `afterSku`, at most `limit`, each with its price row. */
  productsPricedIn(
    currency: string,
    afterSku: string | null,
    limit: number,
  ): Promise<(Product & { priceRow: ProductPrice })[]> {
    const query = this.manager
      .createQueryBuilder(Product, 'p')
      .innerJoinAndMapOne(
        'p.priceRow',
        ProductPrice,
        'pp',
        'pp.sku = p.sku AND pp.currency_code = :currency',
        {
          currency,
        },
      )
      .orderBy('p.sku', 'ASC')
      .take(limit);
    if (afterSku !== null) query.andWhere('p.sku > :after', { after: afterSku });
    return query.getMany() as Promise<(Product & { priceRow: ProductPrice })[]>;
  }

  countProductsPricedIn(currency: string): Promise<number> {
    return this.manager.countBy(ProductPrice, { currencyCode: currency });
  }

  countProducts(): Promise<number> {
    return this.manager.count(Product);
  }

  /** Products by SKU, each with its price row in `currency` if it has one: one statement for a checkout's lines. */
  productsBySkuPricedIn(
    skus: string[],
    currency: string,
  ): Promise<(Product & { priceRow?: ProductPrice })[]> {
    return this.manager
      .createQueryBuilder(Product, 'p')
      .leftJoinAndMapOne(
        'p.priceRow',
        ProductPrice,
        'pp',
        'pp.sku = p.sku AND pp.currency_code = :currency',
        {
          currency,
        },
      )
      .where('p.sku IN (:...skus)', { skus })
      .getMany();
  }

  /** Every shipment method, in display order. */
  shipmentMethods(): Promise<ShipmentMethod[]> {
    return this.manager.find(ShipmentMethod, { order: { position: 'ASC', key: 'ASC' } });
  }

  /** Shipment methods by key, each with its price row in `currency` if it has one, in one statement. */
  shipmentMethodsByKeyPricedIn(
    keys: string[],
    currency: string,
  ): Promise<(ShipmentMethod & { priceRow?: ShipmentMethodPrice })[]> {
    return this.manager
      .createQueryBuilder(ShipmentMethod, 'm')
      .leftJoinAndMapOne(
        'm.priceRow',
        ShipmentMethodPrice,
        'mp',
        'mp.method_key = m.key AND mp.currency_code = :currency',
        { currency },
      )
      .where('m.key IN (:...keys)', { keys })
      .getMany();
  }

  shipmentMethodPrices(keys: string[], currency: string): Promise<ShipmentMethodPrice[]> {
    return this.manager.find(ShipmentMethodPrice, { where: { methodKey: In(keys), currencyCode: currency } });
  }

  /** Inserts products, methods and their prices in one transaction. */
  async insertAll(rows: {
    products: Partial<Product>[];
    productPrices: Partial<ProductPrice>[];
    methods: Partial<ShipmentMethod>[];
    methodPrices: Partial<ShipmentMethodPrice>[];
  }): Promise<void> {
    await this.manager.transaction(async (tx) => {
      await tx.insert(Product, rows.products);
      await tx.insert(ProductPrice, rows.productPrices);
      await tx.insert(ShipmentMethod, rows.methods);
      await tx.insert(ShipmentMethodPrice, rows.methodPrices);
    });
  }
}
