import { actorOf } from '../auth/viewer';
import type { Logger } from '../common/logger';
import type { RequestContext } from '../common/request-context';
import { recalculateOrder } from '../orders/order-recalculator';
import type { SalesItem } from '../orders/sales-item.entity';
import type { SalesOrder } from '../orders/sales-order.entity';
import { savepoints } from '../database/transaction';
import { HistoryBatch, HistoryRow, OmsRepository } from './oms.repository';
import { CommandFailure, CommandInput, OmsRegistry } from './oms-registry';
import { OrderProcess, TransitionDefinition } from './process-definition';

export interface ItemMove {
  itemId: number;
  fromState: string;
  toState: string;
  event: string;
}

export interface SkippedItem {
  itemId: number;
  state: string;
  reason: string;
}

export type TriggerOutcome =
  | { ok: true; moved: ItemMove[]; skipped: SkippedItem[] }
  | { ok: false; command: string; message: string; skipped: SkippedItem[] };

/** onEnter chains deeper than this are a process bug (a loop), not work to do. Spryker uses 10 as well. */
const MAX_ON_ENTER_DEPTH = 10;
const CHUNK = 5_000;

class CommandFailed extends Error {
  constructor(
    readonly command: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The state machine. Callers hold the order row lock (SELECT … FOR UPDATE) and an open transaction; the engine
 * moves items set-wise (one UPDATE per target state, however many items), writes history, reschedules timed
 * events, follows onEnter events, and recomputes totals. A failing command rolls back to a savepoint: nothing moves.
 */
/** What one trigger has done so far, across its onEnter chain. */
interface ApplyRun {
  skipped: SkippedItem[];
  /** A command that may change items' amounts ran, so the order's totals need recomputing. */
  amountsChanged: boolean;
  /** History rows not written yet: they go with the first moves' rows, in one statement. */
  unwrittenHistory: HistoryRow[];
}

/** History rows of `order`, recorded as written by the request's viewer from its source. */
function historyBatch(tx: RequestContext, order: SalesOrder, rows: HistoryRow[]): HistoryBatch {
  return { orderId: order.id, rows, actor: actorOf(tx.viewer), source: tx.source };
}

export class OmsEngine {
  private savepoints = 0;

  constructor(
    readonly process: OrderProcess,
    private readonly registry: OmsRegistry,
    private readonly logger: Logger,
  ) {}

  /** New items enter the initial state (recorded in history) and run its onEnter chain. */
  async start(tx: RequestContext, order: SalesOrder, items: SalesItem[]): Promise<void> {
    const initial = this.process.initialState;
    const now = tx.clock.now();
    const entered = items.map((i) => ({ itemId: i.id, fromState: null, toState: initial, event: null }));
    await this.scheduleTimeouts(tx, order, initial, items, now);
    const onEnter = this.process.onEnterEventFrom(initial);
    if (!onEnter) {
      await this.writeHistory(tx, order, entered, now);
      return;
    }
    // No savepoint: a failure here fails the whole placement, so there is nothing to keep (two statements less).
    // The totals were computed from these very items a moment ago: only a command that changes amounts (a
    // cancellation in a custom process) makes them worth reading again (two statements less again). The entry
    // rows are written with the first moves' rows (one statement less).
    const outcome = await this.trigger(tx, order, onEnter, items, {
      savepoint: false,
      totalsCurrent: true,
      unwrittenHistory: entered,
    });
    if (!outcome.ok)
      throw new Error(`placing order ${order.reference}: ${outcome.command} failed: ${outcome.message}`);
  }

  async trigger(
    tx: RequestContext,
    order: SalesOrder,
    event: string,
    items: SalesItem[],
    options: { savepoint?: boolean; totalsCurrent?: boolean; unwrittenHistory?: HistoryRow[] } = {},
  ): Promise<TriggerOutcome> {
    const savepoint = options.savepoint === false ? null : `oms_${++this.savepoints}`;
    if (savepoint) await savepoints.create(tx, savepoint);
    const skipped: SkippedItem[] = [];
    const run: ApplyRun = {
      skipped,
      amountsChanged: false,
      unwrittenHistory: options.unwrittenHistory ?? [],
    };
    try {
      const moved = await this.apply(tx, order, event, items, run, 0);
      // Nothing moved (no item could take the event): rows handed in are still written.
      if (run.unwrittenHistory.length)
        await this.writeHistory(tx, order, run.unwrittenHistory.splice(0), tx.clock.now());
      if (moved.length) {
        if (!options.totalsCurrent || run.amountsChanged) await recalculateOrder(tx, order);
        for (const listener of this.registry.moveListeners) {
          await this.runListener(() => listener({ tx, order, moves: moved, items }));
        }
      }
      if (savepoint) await savepoints.release(tx, savepoint);
      return { ok: true, moved, skipped };
    } catch (error) {
      if (!(error instanceof CommandFailed)) throw error;
      if (savepoint) await savepoints.rollbackTo(tx, savepoint);
      return { ok: false, command: error.command, message: error.message, skipped };
    }
  }

  private async apply(
    tx: RequestContext,
    order: SalesOrder,
    event: string,
    items: SalesItem[],
    run: ApplyRun,
    depth: number,
  ): Promise<ItemMove[]> {
    if (depth > MAX_ON_ENTER_DEPTH) {
      throw new Error(`onEnter loop: event "${event}" fired more than ${MAX_ON_ENTER_DEPTH} times in a row`);
    }
    const definition = this.process.event(event);
    if (!definition) throw new Error(`unknown event "${event}"`);

    // Group by source state, each group with the transition its items take.
    const groups = new Map<string, { transition: TransitionDefinition; items: SalesItem[] }[]>();
    for (const item of items) {
      const transition = this.process.transitions(item.state, event)[0];
      if (!transition) {
        if (depth === 0)
          run.skipped.push({
            itemId: item.id,
            state: item.state,
            reason: `no "${event}" from "${item.state}"`,
          });
        continue;
      }
      const list = groups.get(item.state) ?? [];
      const same = list.find((g) => g.transition === transition);
      if (same) same.items.push(item);
      else list.push({ transition, items: [item] });
      groups.set(item.state, list);
    }
    if (!groups.size) return [];

    const commands = this.process.commandsOf(definition);
    if (commands.length) {
      const calls =
        definition.commandScope === 'order'
          ? [{ fromState: null, items: [...groups.values()].flat().flatMap((g) => g.items) }]
          : [...groups].flatMap(([fromState, list]) => list.map((g) => ({ fromState, items: g.items })));
      for (const call of calls) {
        for (const command of commands) {
          if (this.registry.changesAmounts(command)) run.amountsChanged = true;
          await this.runCommand(command, { tx, order, event, ...call });
        }
      }
    }

    const now = tx.clock.now();
    const moved: ItemMove[] = [];
    const entered = new Map<string, SalesItem[]>();
    const oms = new OmsRepository(tx.manager);
    for (const list of groups.values()) {
      for (const { transition, items: groupItems } of list) {
        const moves = groupItems.map((item) => ({
          itemId: item.id,
          fromState: item.state,
          toState: transition.to,
          event,
        }));
        moved.push(...moves);
        // A self-transition (a command-only event) is recorded but does not leave the state: its timers keep running.
        if (transition.to === transition.from) {
          run.unwrittenHistory.push(...moves);
          continue;
        }
        for (let i = 0; i < moves.length; i += CHUNK) {
          const chunk = moves.slice(i, i + CHUNK);
          // One round trip: the timers of the state left go, and the history rows come, with the move.
          await oms.moveItems(
            chunk.map((m) => m.itemId),
            transition.to,
            now,
            historyBatch(tx, order, [...run.unwrittenHistory.splice(0), ...chunk]),
          );
        }
        for (const item of groupItems) {
          item.state = transition.to;
          item.stateChangedAt = now;
        }
        await this.scheduleTimeouts(tx, order, transition.to, groupItems, now);
        entered.set(transition.to, [...(entered.get(transition.to) ?? []), ...groupItems]);
      }
    }
    if (run.unwrittenHistory.length) await this.writeHistory(tx, order, run.unwrittenHistory.splice(0), now);

    for (const [state, enteredItems] of entered) {
      const onEnter = this.process.onEnterEventFrom(state);
      if (onEnter) moved.push(...(await this.apply(tx, order, onEnter, enteredItems, run, depth + 1)));
    }
    return moved;
  }

  /** A listener that fails undoes the whole trigger, like a failing command. */
  private async runListener(listen: () => Promise<void>): Promise<void> {
    try {
      await listen();
    } catch (error) {
      if (!(error instanceof CommandFailure)) this.logger.error('OMS move listener failed', error);
      throw new CommandFailed(
        'after-move',
        error instanceof CommandFailure ? error.message : 'A follow-up step failed; nothing was changed.',
      );
    }
  }

  private async runCommand(name: string, input: CommandInput): Promise<void> {
    try {
      await this.registry.command(name)(input);
    } catch (error) {
      if (!(error instanceof CommandFailure)) {
        this.logger.error(`OMS command "${name}" failed on order ${input.order.reference}`, error);
      }
      const message =
        error instanceof CommandFailure ? error.message : `The "${name}" step failed; nothing was changed.`;
      throw new CommandFailed(name, message);
    }
  }

  private async scheduleTimeouts(
    tx: RequestContext,
    order: SalesOrder,
    state: string,
    items: SalesItem[],
    now: Date,
  ) {
    for (const event of this.process.timedEventsFrom(state)) {
      const dueAt = new Date(now.getTime() + event.timeoutMs!);
      for (let i = 0; i < items.length; i += CHUNK) {
        await new OmsRepository(tx.manager).scheduleTimeouts(
          order.id,
          items.slice(i, i + CHUNK).map((x) => x.id),
          state,
          event.name,
          dueAt,
        );
      }
    }
  }

  private async writeHistory(tx: RequestContext, order: SalesOrder, changes: HistoryRow[], now: Date) {
    const oms = new OmsRepository(tx.manager);
    for (let i = 0; i < changes.length; i += CHUNK) {
      await oms.appendHistory(historyBatch(tx, order, changes.slice(i, i + CHUNK)), now);
    }
  }
}
