import type { RequestContext } from '../common/request-context';
import type { SalesItem } from '../orders/sales-item.entity';
import type { SalesOrder } from '../orders/sales-order.entity';
import type { ItemMove } from './oms-engine';

export interface CommandInput {
  tx: RequestContext;
  order: SalesOrder;
  /** The items about to move: of one source state, or all of them for an order-scoped command. */
  items: SalesItem[];
  event: string;
  /** The source state of the group; null for an order-scoped command. */
  fromState: string | null;
}

/** Runs after items moved and totals were recomputed, in the same transaction (e.g. a credit note on cancel). */
export type MoveListener = (input: {
  tx: RequestContext;
  order: SalesOrder;
  moves: ItemMove[];
  items: SalesItem[];
}) => Promise<void>;

/** A command does its work inside the trigger's transaction; throwing CommandFailure (or anything) moves nothing. */
export type OmsCommand = (input: CommandInput) => Promise<void>;

/** A command's expected refusal, with a message fit for the person who pressed the button. */
export class CommandFailure extends Error {}

/** Commands by the names a process definition uses; checked against it at start-up. */
export class OmsRegistry {
  private readonly commands = new Map<string, OmsCommand>();
  private readonly amountNeutral = new Set<string>();
  readonly moveListeners: MoveListener[] = [];

  /**
   * `changesAmounts: false` promises that the command leaves items' and shipments' amounts alone (it mails, or
   * issues a document), which spares the order's totals a recomputation. Unless promised, a command may change them.
   */
  registerCommand(name: string, command: OmsCommand, options: { changesAmounts?: boolean } = {}): this {
    this.commands.set(name, command);
    if (options.changesAmounts === false) this.amountNeutral.add(name);
    else this.amountNeutral.delete(name);
    return this;
  }

  changesAmounts(name: string): boolean {
    return !this.amountNeutral.has(name);
  }

  onMoved(listener: MoveListener): this {
    this.moveListeners.push(listener);
    return this;
  }

  command(name: string): OmsCommand {
    const command = this.commands.get(name);
    if (!command) throw new Error(`OMS command "${name}" is not registered`);
    return command;
  }

  names() {
    return { commands: new Set(this.commands.keys()) };
  }
}
