import { defaultProcess } from '../../src/oms/default-process';
import { ProcessDefinition } from '../../src/oms/process-definition';
import { assertValidProcess, findProcessFaults } from '../../src/oms/process-validator';
import { startTestApp } from '../support/test-app';

const known = {
  commands: new Set([
    'cancel-items',
    'invoice-generate',
    'invoice-ensure',
    'mail-order-confirmation',
    'mail-shipping-notification',
    'mail-cancellation',
    'refund-items',
  ]),
};

describe('order process definition', () => {
  it('accepts the default process', () => {
    expect(findProcessFaults(defaultProcess({ cancellationWindowMs: 1_800_000 }), known)).toEqual([]);
  });

  it('names every fault of a broken process', () => {
    const base = defaultProcess({ cancellationWindowMs: 1_800_000 });
    const broken: ProcessDefinition = {
      ...base,
      states: [...base.states, { name: 'limbo', display: 'Limbo' }],
      events: [...base.events, { name: 'teleport', manual: true, command: 'beam-up' }],
      transitions: [
        ...base.transitions,
        { from: 'waiting', event: 'ship', to: 'shipped-twice' },
        { from: 'nowhere', event: 'pay', to: 'paid' },
        { from: 'paid', event: 'levitate', to: 'closed' },
      ],
    };
    const faults = findProcessFaults(broken, known);
    expect(faults).toEqual(
      expect.arrayContaining([
        'event "teleport" runs command "beam-up", which no code registers',
        'transition "waiting" --ship--> "shipped-twice" ends in unknown state "shipped-twice"',
        'state "waiting" has two transitions for event "ship"',
        'transition "nowhere" --pay--> "paid" starts in unknown state "nowhere"',
        'transition "paid" --levitate--> "closed" uses unknown event "levitate"',
        'state "limbo" cannot be reached from "new"',
      ]),
    );
    expect(() => assertValidProcess(broken, known)).toThrow(
      /Order process "DefaultOrderProcess01" is invalid/,
    );
  });

  it('refuses onEnter events that would loop forever', () => {
    const base = defaultProcess({ cancellationWindowMs: 1_800_000 });
    const looping: ProcessDefinition = {
      ...base,
      events: base.events.map((e) => (e.name === 'pay' ? { ...e, onEnter: true } : e)),
      transitions: [...base.transitions, { from: 'paid', event: 'pay', to: 'payment pending' }].filter(
        (t) => !(t.from === 'paid' && t.event === 'confirm'),
      ),
    };
    expect(findProcessFaults(looping, known)).toContain(
      'onEnter events loop: "payment pending" → "paid" → "payment pending"',
    );
  });

  it('stops the server from starting with a broken process, naming the fault', async () => {
    const base = defaultProcess({ cancellationWindowMs: 1_800_000 });
    const broken = { ...base, transitions: base.transitions.filter((t) => t.to !== 'closed') };
    await expect(startTestApp({}, { processDefinition: broken })).rejects.toThrow(
      'state "closed" cannot be reached from "new"',
    );
  });
});
