import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { listCost } from '../common/query-cost';
import type { RequestContext } from '../common/request-context';
import { SalesItem } from '../orders/sales-item.entity';
import { ItemStateHistory } from './item-state-history.entity';
import type { OrderProcess } from './process-definition';

@Resolver(() => SalesItem)
export class OmsItemFieldsResolver {
  constructor(private readonly process: OrderProcess) {}

  @FieldResolver(() => [ItemStateHistory], {
    description: 'Every state change of this item, oldest first.',
    complexity: listCost('stateChangesPerItem'),
  })
  stateHistory(@Root() item: SalesItem, @Ctx() ctx: RequestContext) {
    return ctx.omsLoaders.historyByItem.load(item.id);
  }

  @FieldResolver(() => String, { description: 'The state as a person reads it, e.g. "Preparing shipment".' })
  stateDisplayName(@Root() item: SalesItem): string {
    return this.process.state(item.state)?.display ?? item.state;
  }

  @FieldResolver(() => [String], {
    description: 'Back office: manual events from the current state. Empty for customers.',
  })
  manualEvents(@Root() item: SalesItem, @Ctx() ctx: RequestContext): string[] {
    return ctx.viewer.kind === 'back-office' ? this.process.manualEventsFrom(item.state) : [];
  }
}

@Resolver(() => ItemStateHistory)
export class ItemStateChangeFieldsResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'Back office: who caused it (customer:…, staff:…, system:…). Null for customers.',
  })
  actor(@Root() change: ItemStateHistory, @Ctx() ctx: RequestContext): string | null {
    return ctx.viewer.kind === 'back-office' ? change.actor : null;
  }
}
