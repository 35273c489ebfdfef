import { FieldNode, getNamedType, getNullableType, isCompositeType, isListType, Kind } from 'graphql';
import type { ComplexityEstimator, ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination.args';

/**
 * The most entries an unpaged list can hold, from configuration and the order process. A query is costed as if
 * every list were full, so a query that fits the budget fits it whatever the data.
 */
export interface ListBounds {
  /** MAX_SALES_ITEMS_PER_ORDER: an order's items, a shipment's items, and (each holds one item or more) shipments. */
  salesItemsPerOrder: number;
  /** An item's state changes: each transition of the process at most once (the default process has no cycles). */
  stateChangesPerItem: number;
}

/** What the estimators read from graphql-query-complexity's `context`: the bounds, and one request's notes. */
export interface CostContext {
  bounds: ListBounds;
  /** The cost of each `Shipment.items` selection, noted for the `Order.shipments` above it. */
  shipmentItemsCost: WeakMap<FieldNode, number>;
}

export const costContext = (bounds: ListBounds): CostContext => ({
  bounds,
  shipmentItemsCost: new WeakMap(),
});

const boundsOf = (args: ComplexityEstimatorArgs): ListBounds => (args.context as CostContext).bounds;

/** A connection (`first`/`after`) costs its selection once per node of the page, clamped as the resolver clamps. */
export const pageCost: ComplexityEstimator = ({ args, childComplexity }) => {
  const first = typeof args.first === 'number' ? Math.trunc(args.first) : DEFAULT_PAGE_SIZE;
  return 1 + Math.min(MAX_PAGE_SIZE, Math.max(1, first)) * childComplexity;
};

/** A connection's `nodes`/`edges`: the page size was counted once, by the connection field above. */
export const pageEntriesCost = 1;

/** An unpaged list costs its selection once per entry it can hold. */
export const listCost =
  (bound: keyof ListBounds): ComplexityEstimator =>
  (args) =>
    1 + boundsOf(args)[bound] * args.childComplexity;

/** `Shipment.items`: as full as an order can be; noted so that `Order.shipments` can see the partition. */
export const shipmentItemsCost: ComplexityEstimator = (args) => {
  const cost = 1 + boundsOf(args).salesItemsPerOrder * args.childComplexity;
  (args.context as CostContext).shipmentItemsCost.set(args.node, cost);
  return cost;
};

/**
 * `Order.shipments`: every item belongs to exactly one shipment, so the items of all shipments of an order are
 * at most the order's items, not shipments × items. The shipment's own fields count once per shipment; an
 * `items` selection written directly in it counts once for the order. Anything the walk cannot see (an `items`
 * inside a named fragment) is multiplied like any list: too high, never too low.
 */
export const orderShipmentsCost: ComplexityEstimator = (args) => {
  const { salesItemsPerOrder } = boundsOf(args);
  const notes = (args.context as CostContext).shipmentItemsCost;
  let items = 0;
  const visit = (selections: readonly import('graphql').SelectionNode[]) => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD && selection.name.value === 'items')
        items += notes.get(selection) ?? 0;
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet.selections);
    }
  };
  visit(args.node.selectionSet?.selections ?? []);
  return 1 + salesItemsPerOrder * (args.childComplexity - items) + items;
};

/**
 * Lists nobody declared a bound for (error results listing items, and any list added later) are costed as the
 * largest list there is: safe until someone declares a smaller bound. Introspection counts each field once; how
 * often it may be asked for is limited apart. Everything else costs 1 plus what it selects.
 */
export const defaultCost: ComplexityEstimator = (args) => {
  const { field, type, childComplexity } = args;
  const listOfObjects = isListType(getNullableType(field.type)) && isCompositeType(getNamedType(field.type));
  if (!listOfObjects || type.name.startsWith('__') || field.name.startsWith('__')) return 1 + childComplexity;
  return 1 + boundsOf(args).salesItemsPerOrder * childComplexity;
};
