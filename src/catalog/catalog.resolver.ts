import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { connectionType } from '../common/connection';
import { DEFAULT_PAGE_SIZE, PaginationArgs } from '../common/pagination.args';
import { pageCost } from '../common/query-cost';
import type { RequestContext } from '../common/request-context';
import { CatalogService } from './catalog.service';
import { Product } from './product.entity';
import { ShipmentMethod } from './shipment-method.entity';

const ProductConnection = connectionType('Product', Product);

/** Public catalog reads: the only data an anonymous caller may see. */
@Resolver()
export class CatalogResolver {
  constructor(private readonly catalog: CatalogService) {}

  @Query(() => ProductConnection, {
    description: 'Public: products sold in the store currency, by SKU.',
    complexity: pageCost,
  })
  async products(@Ctx() ctx: RequestContext, @Args() { first, after }: PaginationArgs) {
    return ProductConnection.of(await this.catalog.listProducts(ctx, first ?? DEFAULT_PAGE_SIZE, after));
  }

  @Query(() => [ShipmentMethod], {
    description: 'Public: shipment methods with their prices in the store currency.',
  })
  shipmentMethods(@Ctx() ctx: RequestContext) {
    return this.catalog.listShipmentMethods(ctx);
  }
}
