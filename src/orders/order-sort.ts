import { decodeCursor, encodeCursor } from '../common/connection';
import { invalidInput } from '../common/errors';
import { SortDirection } from '../common/sort-direction.enum';
import { OrderSortField } from './order-sort-field.enum';
import type { OrderSort } from './order-sort.input';
import type { SalesOrder } from './sales-order.entity';

/** The number of a `{STORE}--{n}` reference, as text; mirrors the generated column sales_order.reference_number. */
export function referenceNumber(reference: string): string {
  const match = /--([0-9]{1,18})$/.exec(reference);
  return match ? String(BigInt(match[1])) : '0';
}

interface SortKey {
  /** The key of an order as cursor text. */
  keyOf(order: SalesOrder): string;
  /** Cursor text back to a query parameter, or null when it cannot be one. */
  parse(text: string): unknown;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const INTEGER = /^-?[0-9]{1,18}$/;

const SORT_KEYS: Record<OrderSortField, SortKey> = {
  [OrderSortField.CREATED_AT]: {
    keyOf: (o) => o.createdAt.toISOString(),
    parse: (text) => (ISO_INSTANT.test(text) && !Number.isNaN(Date.parse(text)) ? new Date(text) : null),
  },
  [OrderSortField.REFERENCE]: {
    keyOf: (o) => referenceNumber(o.reference),
    parse: (text) => (INTEGER.test(text) ? text : null),
  },
  [OrderSortField.GRAND_TOTAL]: {
    keyOf: (o) => String(o.grandTotal),
    parse: (text) => (INTEGER.test(text) ? text : null),
  },
  [OrderSortField.REFUND_TOTAL]: {
    keyOf: (o) => String(o.refundTotal),
    parse: (text) => (INTEGER.test(text) ? text : null),
  },
};

const SORT_TAGS = new Set(
  Object.values(OrderSortField).flatMap((field) => Object.values(SortDirection).map((d) => `${field}:${d}`)),
);

export const DEFAULT_ORDER_SORT: OrderSort = {
  field: OrderSortField.CREATED_AT,
  direction: SortDirection.DESC,
};

/**
 * Keyset paging for one sort: rows come in (key, id) order and a cursor is [sort, key, id] of the last row, so the
 * next page starts strictly after it with an index range scan, however deep the page. Cursors name their sort:
 * one made for another sort would silently skip or repeat rows, so it is refused instead.
 */
export class OrderKeyset {
  private readonly key: SortKey;
  private readonly tag: string;

  constructor(readonly sort: OrderSort = DEFAULT_ORDER_SORT) {
    this.key = SORT_KEYS[sort.field];
    this.tag = `${sort.field}:${sort.direction}`;
  }

  /**
   * The row a cursor names, as its sort key (a query parameter) and id: the page starts strictly after it.
   * Null without a cursor; throws BAD_USER_INPUT for a bad cursor.
   */
  after(after: string | undefined): { key: unknown; id: number } | null {
    if (after === undefined) return null;
    const [tag, keyText, id] = decodeCursor(after, ['string', 'string', 'number']) ?? [];
    if (typeof tag === 'string' && SORT_TAGS.has(tag) && tag !== this.tag) {
      throw invalidInput([
        {
          field: 'after',
          messages: [`after belongs to the sort ${tag}, not ${this.tag}; start again without after`],
        },
      ]);
    }
    const value = tag === this.tag ? this.key.parse(keyText as string) : null;
    if (value === null || !Number.isSafeInteger(id)) {
      throw invalidInput([{ field: 'after', messages: ['after is not a cursor of this list'] }]);
    }
    return { key: value, id: id as number };
  }

  cursorOf(order: SalesOrder): string {
    return encodeCursor([this.tag, this.key.keyOf(order), order.id]);
  }
}
