import type { EntityManager } from 'typeorm';
import { CatalogRepository } from './catalog.repository';

/** A small catalog to try the API with: prices in EUR cents, tax in basis points. */
export const DEMO_PRODUCTS = [
  {
    sku: 'TSHIRT-001',
    name: 'Organic cotton T-shirt',
    taxRateBp: 1900,
    isQuantitySplittable: true,
    price: 1999,
  },
  { sku: 'MUG-002', name: 'Enamel mug', taxRateBp: 1900, isQuantitySplittable: true, price: 1250 },
  { sku: 'BOOK-003', name: 'Field guide to birds', taxRateBp: 700, isQuantitySplittable: true, price: 2490 },
  { sku: 'COFFEE-004', name: 'Coffee beans 1 kg', taxRateBp: 700, isQuantitySplittable: true, price: 1799 },
  {
    sku: 'PALLET-005',
    name: 'Pallet of 500 sparkling water cans',
    taxRateBp: 1900,
    isQuantitySplittable: false,
    price: 34900,
  },
];

export const DEMO_SHIPMENT_METHODS = [
  {
    key: 'standard',
    name: 'Standard',
    carrierName: 'DHL',
    deliveryTime: '2-3 business days',
    taxRateBp: 1900,
    price: 490,
    position: 1,
  },
  {
    key: 'express',
    name: 'Express',
    carrierName: 'DHL',
    deliveryTime: 'next business day',
    taxRateBp: 1900,
    price: 1290,
    position: 2,
  },
  {
    key: 'freight',
    name: 'Freight',
    carrierName: 'Spedition Nord',
    deliveryTime: '5-7 business days',
    taxRateBp: 1900,
    price: 8900,
    position: 3,
  },
];

/** Inserts the demo catalog unless products exist already. Returns whether it seeded. */
export async function seedDemoCatalog(manager: EntityManager, currency: string): Promise<boolean> {
  const catalog = new CatalogRepository(manager);
  if ((await catalog.countProducts()) > 0) return false;
  await catalog.insertAll({
    products: DEMO_PRODUCTS.map(({ price: _p, ...product }) => product),
    productPrices: DEMO_PRODUCTS.map((p) => ({ sku: p.sku, currencyCode: currency, grossAmount: p.price })),
    methods: DEMO_SHIPMENT_METHODS.map(({ price: _p, ...method }) => method),
    methodPrices: DEMO_SHIPMENT_METHODS.map((m) => ({
      methodKey: m.key,
      currencyCode: currency,
      grossAmount: m.price,
    })),
  });
  return true;
}
