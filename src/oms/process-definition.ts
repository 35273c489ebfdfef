/** Flags a state may carry; `cancellable` is what a customer's cancel checks. */
export type StateFlag = 'cancellable' | 'shipped';

export interface StateDefinition {
  name: string;
  /** What a person reads, e.g. in the storefront. */
  display: string;
  flags?: StateFlag[];
}

export interface EventDefinition {
  name: string;
  /** Offered to back office as a button (triggerOrderEvent accepts these and the timed ones). */
  manual?: boolean;
  /** Fired by itself right after an item enters a source state of this event. */
  onEnter?: boolean;
  /**
   * Fired by the timeout worker this long (ms) after an item entered a source state of this event. Back office may
   * fire it early (Spryker's "skip timeout"), manual or not.
   */
  timeoutMs?: number;
  /**
   * Registered commands run before the items move, in the order given: once per source state, or once per order
   * (`commandScope`). One name or several (say, cancel the items, then mail the cancellation).
   */
  command?: string | string[];
  /** 'order' for commands about the whole order (an invoice); default 'state', once per source state. */
  commandScope?: 'state' | 'order';
}

export interface TransitionDefinition {
  from: string;
  event: string;
  to: string;
}

export interface ProcessDefinition {
  name: string;
  initialState: string;
  /** The timed event that closes the customer's cancellation window (its due time is `cancellableUntil`). */
  cancellationWindowEvent: string;
  states: StateDefinition[];
  events: EventDefinition[];
  transitions: TransitionDefinition[];
}

/** Read-side helpers over a validated definition. */
export class OrderProcess {
  private readonly statesByName: Map<string, StateDefinition>;
  private readonly eventsByName: Map<string, EventDefinition>;
  private readonly transitionsFrom = new Map<string, TransitionDefinition[]>();

  constructor(readonly definition: ProcessDefinition) {
    this.statesByName = new Map(definition.states.map((s) => [s.name, s]));
    this.eventsByName = new Map(definition.events.map((e) => [e.name, e]));
    for (const t of definition.transitions) {
      const list = this.transitionsFrom.get(t.from) ?? [];
      list.push(t);
      this.transitionsFrom.set(t.from, list);
    }
  }

  get initialState(): string {
    return this.definition.initialState;
  }

  state(name: string): StateDefinition | undefined {
    return this.statesByName.get(name);
  }

  event(name: string): EventDefinition | undefined {
    return this.eventsByName.get(name);
  }

  hasFlag(state: string, flag: StateFlag): boolean {
    return this.statesByName.get(state)?.flags?.includes(flag) ?? false;
  }

  /** The commands an event runs, in order (none, one or several). */
  commandsOf(event: EventDefinition): string[] {
    return event.command === undefined ? [] : [event.command].flat();
  }

  /** Transitions leaving `state` on `event`, in declaration order. */
  transitions(state: string, event: string): TransitionDefinition[] {
    return (this.transitionsFrom.get(state) ?? []).filter((t) => t.event === event);
  }

  /** Events that leave `state` (any kind), in declaration order, without repeats. */
  eventsFrom(state: string): EventDefinition[] {
    const names = [...new Set((this.transitionsFrom.get(state) ?? []).map((t) => t.event))];
    return names.map((n) => this.eventsByName.get(n)!);
  }

  /** Whether back office may fire it: a manual event, or a timed one fired before its time. */
  isBackOfficeEvent(event: EventDefinition): boolean {
    return event.manual === true || event.timeoutMs !== undefined;
  }

  /** What back office may fire from `state`: the manual events, and the timed ones whose timeout it may skip. */
  manualEventsFrom(state: string): string[] {
    return this.eventsFrom(state)
      .filter((e) => this.isBackOfficeEvent(e))
      .map((e) => e.name);
  }

  onEnterEventFrom(state: string): string | undefined {
    return this.eventsFrom(state).find((e) => e.onEnter)?.name;
  }

  timedEventsFrom(state: string): EventDefinition[] {
    return this.eventsFrom(state).filter((e) => e.timeoutMs !== undefined);
  }

  stateNames(): string[] {
    return this.definition.states.map((s) => s.name);
  }
}
