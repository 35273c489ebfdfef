import { spawn } from 'node:child_process';
import path from 'node:path';

// Real processes: each way a process can be told to end, and what it runs on the way out.

const FIXTURE = path.join(__dirname, 'fixtures/lifecycle-child.ts');

interface Run {
  lines: string[];
  signal(name: NodeJS.Signals): void;
  exited: Promise<number | null>;
  ready: Promise<void>;
}

function run(mode: string): Run {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', FIXTURE, mode], {
    cwd: path.resolve(__dirname, '../..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let readyResolve: () => void;
  const ready = new Promise<void>((resolve) => (readyResolve = resolve));
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      if (line === 'ready') readyResolve();
    }
  });
  return {
    lines,
    ready,
    signal: (name) => child.kill(name),
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
}

const ORDERLY = ['step http', 'step jobs', 'step database'];

it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)(
  '%s runs every step in order and exits 0',
  async (signal) => {
    const child = run('signal');
    await child.ready;
    child.signal(signal);
    expect(await child.exited).toBe(0);
    expect(child.lines.slice(1)).toEqual(ORDERLY);
  },
);

it.each(['throw', 'reject'])(
  'an uncaught exception or unhandled rejection (%s) stops in order with exit code 1',
  async (mode) => {
    const child = run(mode);
    expect(await child.exited).toBe(1);
    expect(child.lines.slice(1, 2)[0]).toMatch(/^error (uncaught exception|unhandled rejection)$/);
    expect(child.lines.slice(2)).toEqual(ORDERLY);
  },
);

it('a second signal during a stuck stop kills what must not outlive the process and exits', async () => {
  const child = run('hang');
  await child.ready;
  child.signal('SIGTERM');
  // The same Ctrl-C delivered twice (terminal and npm) within a second is one request, not two.
  child.signal('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  expect(child.lines).toEqual(['ready', 'step http']);
  child.signal('SIGTERM');
  expect(await child.exited).toBe(1);
  expect(child.lines.slice(2)).toEqual([
    'warn SIGTERM during shutdown: stopping the database and exiting now',
    'kill',
  ]);
});

it('a stop that outlasts its deadline kills and exits', async () => {
  const child = run('deadline');
  await child.ready;
  child.signal('SIGTERM');
  expect(await child.exited).toBe(1);
  expect(child.lines.slice(1)).toEqual([
    'step http',
    'warn shutdown took longer than 800 ms: stopping the database and exiting now',
    'kill',
  ]);
});
