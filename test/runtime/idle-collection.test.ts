import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { IdleCollector } from '../../src/runtime/idle-collection';
import { buildServer, ServerProcess, startServer } from '../support/server-process';
import { createTestDatabase } from '../support/test-database';

describe('IdleCollector', () => {
  it('collects at half the idle time after the last request, again after the idle time and seven quiet seconds', () => {
    let now = 0;
    const steps: string[] = [];
    const collector = new IdleCollector(20_000, () => now, {
      collect: () => steps.push('collect'),
      collectAgain: () => steps.push('again'),
    });

    now = 60_000;
    expect(collector.tick()).toBeNull(); // nothing served since start: nothing to give back
    collector.touch();
    now += 9_999;
    expect(collector.tick()).toBeNull();
    now += 1;
    expect(collector.tick()).toBe('collected');
    now += 9_999;
    expect(collector.tick()).toBeNull(); // not idle long enough
    now += 1;
    expect(collector.tick()).toBe('collected again');
    now += 60_000;
    expect(collector.tick()).toBeNull(); // idle on: once is enough
    expect(steps).toEqual(['collect', 'again']);

    // A request between the two steps starts over.
    collector.touch();
    now += 10_000;
    expect(collector.tick()).toBe('collected');
    collector.touch();
    now += 10_000;
    expect(collector.tick()).toBe('collected');
    expect(steps).toEqual(['collect', 'again', 'collect', 'collect']);
  });

  it('with a short idle time, still leaves seven seconds between the two collections', () => {
    let now = 0;
    const steps: number[] = [];
    const collector = new IdleCollector(1_000, () => now, {
      collect: () => steps.push(now),
      collectAgain: () => steps.push(now),
    });
    collector.touch();
    for (now = 0; now <= 20_000; now += 250) collector.tick();
    expect(steps).toEqual([500, 7_500]);
  });
});

describe('IdleCollector in V8', () => {
  const run = async (mode: 'once' | 'collector') => {
    const fixture = path.join(__dirname, 'fixtures/idle-young-generation.ts');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', '-r', '@swc-node/register', fixture, mode],
      { cwd: path.join(__dirname, '../..') },
    );
    return JSON.parse(stdout) as {
      grownMiB: number;
      afterMiB: number;
      oldMiB: number;
      oldLiveMiB: number;
      trickled: number;
      promoted: number;
    };
  };

  it('gives back the young generation and the half-empty old pages that full collections alone keep', async () => {
    const [once, collector] = await Promise.all([run('once'), run('collector')]);
    // The burst grew the young generation in both; collecting twice after ten quiet seconds kept it.
    expect(once.grownMiB).toBeGreaterThanOrEqual(16);
    expect(collector.grownMiB).toBe(once.grownMiB);
    expect(once.afterMiB).toBe(once.grownMiB);
    // Collected half a second after, then again seven seconds later: V8 shrank it to its smallest.
    expect(collector.afterMiB).toBeLessThanOrEqual(2);
    // The old space: half of 400,000 promoted objects let go, every other one, so no page empties. Collecting kept
    // those pages; compacting moved the survivors together.
    expect(once.oldMiB - once.oldLiveMiB).toBeGreaterThan(10);
    expect(collector.oldMiB - collector.oldLiveMiB).toBeLessThan(3);
    expect([once.trickled, collector.trickled]).toEqual([100, 100]);
    expect([once.promoted, collector.promoted]).toEqual([200_000, 200_000]);
  }, 30_000);
});

describe('the server as npm start runs it', () => {
  let build: ReturnType<typeof buildServer>;
  let database: { url: string; drop: () => Promise<void> };
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    build = buildServer();
    database = await createTestDatabase();
  });
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    await database?.drop();
    build?.remove();
  });

  it('collects once the GraphQL requests have stopped for IDLE_COLLECTION_AFTER, not before any', async () => {
    server = await startServer(build.dir, {
      DATABASE_URL: database.url,
      IDLE_COLLECTION_AFTER: '1s',
      LOG_LEVEL: 'debug',
    });
    const collected = () =>
      server!
        .log()
        .match(
          /idle: collected in \d+ ms, RSS \d+ → \d+ MiB, young generation \d+ MiB, old space \d+ MiB/g,
        ) ?? [];
    // Health checks are no work: polling /readyz collects nothing.
    for (let i = 0; i < 5; i++) expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    for (let i = 0; i < 20; i++) {
      const page = await server.gql(
        `{ orders(first: 20) { nodes { reference } } }`,
        {},
        server.customerToken('DE--I1'),
      );
      expect(page.errors).toBeUndefined();
    }
    expect(collected()).toEqual([]);
    // Waits for the log line itself: the process collects on its own timer, half a second after the last request,
    // and logs when it collects again seven seconds later.
    const deadline = Date.now() + 20_000;
    while (collected().length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(collected()).toHaveLength(1);
  });
});
