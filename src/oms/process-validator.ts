import type { ProcessDefinition } from './process-definition';

export class ProcessDefinitionError extends Error {
  constructor(
    readonly processName: string,
    readonly faults: string[],
  ) {
    super(`Order process "${processName}" is invalid:\n  - ${faults.join('\n  - ')}`);
  }
}

export interface KnownNames {
  commands: Set<string>;
}

/** Every fault of a process definition, so that the server refuses to start and names each one. */
export function findProcessFaults(process: ProcessDefinition, known: KnownNames): string[] {
  const faults: string[] = [];
  const states = new Set<string>();
  const events = new Set<string>();
  for (const s of process.states) {
    if (states.has(s.name)) faults.push(`state "${s.name}" is declared twice`);
    states.add(s.name);
  }
  for (const e of process.events) {
    if (events.has(e.name)) faults.push(`event "${e.name}" is declared twice`);
    events.add(e.name);
    for (const command of e.command === undefined ? [] : [e.command].flat()) {
      if (!known.commands.has(command)) {
        faults.push(`event "${e.name}" runs command "${command}", which no code registers`);
      }
    }
    if (e.timeoutMs !== undefined && (!Number.isFinite(e.timeoutMs) || e.timeoutMs <= 0)) {
      faults.push(`event "${e.name}" has a timeout that is not a positive duration`);
    }
  }
  if (!states.has(process.initialState))
    faults.push(`initial state "${process.initialState}" is not declared`);

  const perStateAndEvent = new Map<string, number>();
  for (const t of process.transitions) {
    const where = `transition "${t.from}" --${t.event}--> "${t.to}"`;
    if (!states.has(t.from)) faults.push(`${where} starts in unknown state "${t.from}"`);
    if (!states.has(t.to)) faults.push(`${where} ends in unknown state "${t.to}"`);
    if (!events.has(t.event)) faults.push(`${where} uses unknown event "${t.event}"`);
    // An event takes an item out of a state one way only: which of two it took would be a guess.
    const key = `${t.from}\u0000${t.event}`;
    perStateAndEvent.set(key, (perStateAndEvent.get(key) ?? 0) + 1);
    if (perStateAndEvent.get(key) === 2) {
      faults.push(`state "${t.from}" has two transitions for event "${t.event}"`);
    }
  }

  const reachable = new Set([process.initialState]);
  for (let grew = true; grew;) {
    grew = false;
    for (const t of process.transitions) {
      if (reachable.has(t.from) && !reachable.has(t.to)) {
        reachable.add(t.to);
        grew = true;
      }
    }
  }
  for (const s of process.states) {
    if (!reachable.has(s.name))
      faults.push(`state "${s.name}" cannot be reached from "${process.initialState}"`);
  }

  // onEnter events fire by themselves; a cycle of them would spin until the engine's loop guard stops it.
  const onEnterNames = new Set(process.events.filter((e) => e.onEnter).map((e) => e.name));
  const next = (state: string) =>
    process.transitions.filter((t) => t.from === state && onEnterNames.has(t.event)).map((t) => t.to);
  for (const start of states) {
    const path = [start];
    for (
      let state = next(start)[0];
      state !== undefined && path.length <= states.size;
      state = next(state)[0]
    ) {
      if (state === start) {
        faults.push(`onEnter events loop: ${[...path, start].map((s) => `"${s}"`).join(' → ')}`);
        break;
      }
      if (path.includes(state)) break;
      path.push(state);
    }
  }

  const windowEvent = process.events.find((e) => e.name === process.cancellationWindowEvent);
  if (!windowEvent)
    faults.push(`cancellation window event "${process.cancellationWindowEvent}" is not declared`);
  else if (windowEvent.timeoutMs === undefined) {
    faults.push(`cancellation window event "${process.cancellationWindowEvent}" has no timeout`);
  }
  return faults;
}

export function assertValidProcess(process: ProcessDefinition, known: KnownNames): void {
  const faults = findProcessFaults(process, known);
  if (faults.length) throw new ProcessDefinitionError(process.name, faults);
}
