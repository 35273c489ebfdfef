import type { EntityManager } from 'typeorm';
import { In, IsNull, LessThanOrEqual } from 'typeorm';
import { EventTimeout } from './event-timeout.entity';
import { ItemStateHistory } from './item-state-history.entity';

export interface HistoryRow {
  itemId: number;
  fromState: string | null;
  toState: string;
  event: string | null;
}

/** History rows of one order, written by one actor from one source. */
export interface HistoryBatch {
  orderId: number;
  rows: HistoryRow[];
  actor: string;
  source: string;
}

const historyParameters = ({ orderId, rows, actor, source }: HistoryBatch, at: Date) => [
  orderId,
  rows.map((c) => c.itemId),
  rows.map((c) => c.fromState),
  rows.map((c) => c.toState),
  rows.map((c) => c.event),
  actor,
  source,
  at,
];

/** What a failed attempt did to a timed event's rows. */
export interface TimeoutFailure {
  event: string;
  attempts: number;
  given_up: boolean;
  order_id: string;
}

/**
 * The state machine's own rows: item states (the state column of sales_order_item), their history
 * (ItemStateHistory) and timed events (EventTimeout). The writes on the hot path are set-wise hand-written SQL:
 * one statement per target state or per batch of history, however many items.
 */
export class OmsRepository {
  constructor(private readonly manager: EntityManager) {}

  private get timeouts(): string {
    return this.manager.connection.getMetadata(EventTimeout).tableName;
  }

  private get history(): string {
    return this.manager.connection.getMetadata(ItemStateHistory).tableName;
  }

  /**
   * Moves items into `state`, drops the timers of the state they leave and appends `history`, in one round trip
   * (data-modifying CTEs all run, whatever the outer statement reads).
   */
  async moveItems(itemIds: number[], state: string, at: Date, history: HistoryBatch): Promise<void> {
    await this.manager.query(
      `WITH left_timers AS (DELETE FROM ${this.timeouts} WHERE item_id = ANY($3)),
            moved AS (UPDATE sales_order_item SET state = $1, state_changed_at = $2 WHERE id = ANY($3))
       ${this.historyInsert(4)}`,
      [state, at, itemIds, ...historyParameters(history, at)],
    );
  }

  /** Schedules (or reschedules) `event` for the items, due at `dueAt`. */
  async scheduleTimeouts(
    orderId: number,
    itemIds: number[],
    state: string,
    event: string,
    dueAt: Date,
  ): Promise<void> {
    await this.manager.query(
      `INSERT INTO ${this.timeouts} (order_id, item_id, state, event, due_at)
       SELECT $1, unnest($2::bigint[]), $3, $4, $5
       ON CONFLICT (item_id, event) DO UPDATE SET state = EXCLUDED.state, due_at = EXCLUDED.due_at, attempts = 0`,
      [orderId, itemIds, state, event, dueAt],
    );
  }

  async appendHistory(history: HistoryBatch, at: Date): Promise<void> {
    await this.manager.query(this.historyInsert(1), historyParameters(history, at));
  }

  /** INSERT … SELECT of a history batch whose parameters start at `$first` (see historyParameters). */
  private historyInsert(first: number): string {
    const $ = (n: number) => `$${first + n}`;
    return `INSERT INTO ${this.history} (order_id, item_id, from_state, to_state, event, actor, source, created_at)
       SELECT ${$(0)}, unnest(${$(1)}::bigint[]), unnest(${$(2)}::varchar[]), unnest(${$(3)}::varchar[]),
              unnest(${$(4)}::varchar[]), ${$(5)}, ${$(6)}, ${$(7)}`;
  }

  /** The history of a batch of items, oldest first. */
  historyOfItems(itemIds: readonly number[]): Promise<ItemStateHistory[]> {
    return this.manager.find(ItemStateHistory, { where: { itemId: In([...itemIds]) }, order: { id: 'ASC' } });
  }

  /** When `event` is first due on each of a batch of orders (orders without it are left out). */
  firstDueOfOrders(
    orderIds: readonly number[],
    event: string,
  ): Promise<{ order_id: number; due_at: Date }[]> {
    return this.manager.query(
      `SELECT order_id, min(due_at) AS due_at FROM ${this.timeouts}
       WHERE order_id = ANY($1) AND event = $2 GROUP BY order_id`,
      [[...orderIds], event],
    );
  }

  /** When `event` is first due on the order, or null. */
  async firstDue(orderId: number, event: string): Promise<Date | null> {
    const [row] = await this.manager.query(
      `SELECT min(due_at) AS due FROM ${this.timeouts} WHERE order_id = $1 AND event = $2`,
      [orderId, event],
    );
    return row?.due ? new Date(row.due) : null;
  }

  /** Orders with timed events due at `now`, the longest waiting first. */
  async ordersWithDueTimeouts(now: Date, maxOrders: number): Promise<number[]> {
    const rows: { order_id: number }[] = await this.manager.query(
      `SELECT order_id FROM ${this.timeouts} WHERE due_at <= $1 AND given_up_at IS NULL
       GROUP BY order_id ORDER BY min(due_at) LIMIT $2`,
      [now, maxOrders],
    );
    return rows.map((r) => r.order_id);
  }

  /** Timed events due at or before `before` that have not fired and are not given up. */
  async dueCount(before: Date): Promise<number> {
    const [row] = await this.manager.query(
      `SELECT count(*)::int AS n FROM ${this.timeouts} WHERE due_at <= $1 AND given_up_at IS NULL`,
      [before],
    );
    return row.n;
  }

  /** The order's timed events due at `now` and not given up, the longest due first. */
  dueTimeoutsOfOrder(orderId: number, now: Date): Promise<EventTimeout[]> {
    return this.manager.find(EventTimeout, {
      where: { orderId, dueAt: LessThanOrEqual(now), givenUpAt: IsNull() },
      order: { dueAt: 'ASC', id: 'ASC' },
    });
  }

  /** Fired rows go; one array parameter, however many rows. */
  async deleteTimeouts(ids: number[]): Promise<void> {
    await this.manager.query(`DELETE FROM ${this.timeouts} WHERE id = ANY($1)`, [ids]);
  }

  /**
   * Counts a failed attempt on the rows (by id, or every due row of an order) and either reschedules them with
   * exponential backoff or gives them up.
   */
  async recordTimeoutFailure(
    target: { ids: number[] } | { orderId: number },
    now: Date,
    message: string,
    retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number },
  ): Promise<TimeoutFailure[]> {
    const where = 'ids' in target ? `id = ANY($5)` : `order_id = $5 AND due_at <= $1 AND given_up_at IS NULL`;
    // TypeORM answers an UPDATE with [rows, count].
    const [rows]: [TimeoutFailure[], number] = await this.manager.query(
      `UPDATE ${this.timeouts} SET
         attempts = attempts + 1,
         last_error = $2,
         given_up_at = CASE WHEN attempts + 1 >= $3 THEN $1::timestamptz END,
         due_at = CASE WHEN attempts + 1 >= $3 THEN due_at
                  ELSE $1::timestamptz + least($4::float8 * power(2, attempts), $6::float8) * interval '1 millisecond' END
       WHERE ${where}
       RETURNING event, attempts, given_up_at IS NOT NULL AS given_up, order_id`,
      [
        now,
        message,
        retry.maxAttempts,
        retry.baseDelayMs,
        'ids' in target ? target.ids : target.orderId,
        retry.maxDelayMs,
      ],
    );
    return rows;
  }
}
