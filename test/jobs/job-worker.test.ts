import type { DataSource } from 'typeorm';
import { ManualClock } from '../../src/common/clock';
import { retryDelayMs } from '../../src/jobs/job-backoff';
import { JobInfo, JobQueue, PermanentJobError } from '../../src/jobs/job-queue';
import { JobWorker, JobWorkerOptions } from '../../src/jobs/job-worker';
import { createJobDatabase, deferred, JobDatabase, recordingLogger } from './job-database';

let db: JobDatabase;
let dataSource: DataSource;
let clock: ManualClock;
let queue: JobQueue;

beforeAll(async () => {
  db = await createJobDatabase();
  dataSource = await db.open();
});
afterAll(() => db.close());
beforeEach(async () => {
  await dataSource.query('TRUNCATE job');
  clock = new ManualClock(new Date('2026-11-27T10:00:00.000Z'));
  queue = new JobQueue(clock);
});

const worker = (options: Partial<JobWorkerOptions> = {}) =>
  new JobWorker({ dataSource, clock, logger: recordingLogger(), ...options });

const jobRow = async (id: number) =>
  (await dataSource.query('SELECT * FROM job WHERE id = $1', [id]))[0] as Record<string, any>;

describe('enqueue', () => {
  it('commits and rolls back with the transaction that enqueues', async () => {
    const committed = await dataSource.transaction((m) => queue.enqueue(m, 'mail', { to: 'a@example.com' }));
    await expect(
      dataSource.transaction(async (m) => {
        await queue.enqueue(m, 'mail', { to: 'b@example.com' });
        throw new Error('the order change failed');
      }),
    ).rejects.toThrow('the order change failed');

    const seen: unknown[] = [];
    const summary = await worker()
      .register('mail', async (payload) => void seen.push(payload))
      .runDueJobs(10);
    expect(summary).toEqual({ claimed: 1, done: 1, retried: 0, failed: 0 });
    expect(seen).toEqual([{ to: 'a@example.com' }]);
    const row = await jobRow(committed);
    expect(row.done_at).toEqual(clock.now());
    expect(row.attempts).toBe(1);
    expect(row.locked_until).toBeNull();
  });

  it('runs a job only once its runAt has come, by the clock', async () => {
    await queue.enqueue(dataSource.manager, 'later', {}, { runAt: new Date('2026-11-27T10:30:00.000Z') });
    const w = worker().register('later', async () => {});
    expect((await w.runDueJobs()).claimed).toBe(0);
    clock.advance(30 * 60_000 - 1);
    expect((await w.runDueJobs()).claimed).toBe(0);
    clock.advance(1);
    expect(await w.runDueJobs()).toMatchObject({ claimed: 1, done: 1 });
    expect((await w.runDueJobs()).claimed).toBe(0);
  });

  it('leaves jobs of types this worker has no handler for to other workers', async () => {
    await queue.enqueue(dataSource.manager, 'render', {});
    expect(
      (
        await worker()
          .register('mail', async () => {})
          .runDueJobs()
      ).claimed,
    ).toBe(0);
    expect(
      (
        await worker()
          .register('render', async () => {})
          .runDueJobs()
      ).claimed,
    ).toBe(1);
  });
});

describe('retries', () => {
  it('retries with exponential backoff from the clock, then marks the job failed and logs it', async () => {
    const logger = recordingLogger();
    const backoff = { baseDelayMs: 1000, maxDelayMs: 3000 };
    const attempts: JobInfo[] = [];
    const w = worker({ logger, backoff }).register('flaky', async (_payload, job) => {
      attempts.push(job);
      throw new Error(`SMTP down (attempt ${job.attempt})`);
    });
    const id = await queue.enqueue(dataSource.manager, 'flaky', {}, { maxAttempts: 4 });

    // Delays after attempts 1, 2, 3: 1 s, 2 s, then 4 s capped at 3 s.
    for (const delay of [1000, 2000, 3000]) {
      const failedAt = clock.now().getTime();
      expect(await w.runDueJobs()).toMatchObject({ claimed: 1, retried: 1 });
      expect((await jobRow(id)).run_at).toEqual(new Date(failedAt + delay));
      clock.advance(delay - 1);
      expect((await w.runDueJobs()).claimed).toBe(0);
      clock.advance(1);
    }
    const gaveUpAt = clock.now();
    expect(await w.runDueJobs()).toMatchObject({ claimed: 1, failed: 1 });
    clock.advance(24 * 60 * 60_000);
    expect((await w.runDueJobs()).claimed).toBe(0);

    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
    const row = await jobRow(id);
    expect(row.failed_at).toEqual(gaveUpAt);
    expect(row.done_at).toBeNull();
    expect(row.last_error).toBe('Error: SMTP down (attempt 4)');
    expect(logger.entries.filter((e) => e.level === 'warn')).toHaveLength(3);
    expect(logger.entries.filter((e) => e.level === 'error').map((e) => e.message)).toEqual([
      `job flaky #${id} failed for good`,
    ]);
  });

  it('doubles the default delay per attempt up to an hour', () => {
    expect([1, 2, 3, 4, 9, 10, 50].map((n) => retryDelayMs(n))).toEqual([
      10_000, 20_000, 40_000, 80_000, 2_560_000, 3_600_000, 3_600_000,
    ]);
  });

  it('gives up at once on a PermanentJobError', async () => {
    const id = await queue.enqueue(dataSource.manager, 'doomed', {});
    const w = worker().register('doomed', async () => {
      throw new PermanentJobError('invoice INV-2026-000009 does not exist');
    });
    expect(await w.runDueJobs()).toMatchObject({ claimed: 1, failed: 1, retried: 0 });
    expect((await jobRow(id)).attempts).toBe(1);
  });
});

describe('several workers', () => {
  it('processes every due job exactly once when two workers with their own pools poll at the same time', async () => {
    const ids = await dataSource.transaction(async (m) => {
      const created: number[] = [];
      for (let i = 0; i < 300; i += 1) created.push(await queue.enqueue(m, 'count', { i }));
      return created;
    });
    const runs: { worker: string; id: number }[] = [];
    const drain = async (name: string) => {
      const w = new JobWorker({ dataSource: await db.open(), clock, logger: recordingLogger() });
      w.register('count', async (_payload, job) => {
        runs.push({ worker: name, id: job.id });
        // Yield so the two workers' claims and completions interleave.
        await new Promise((resolve) => setImmediate(resolve));
      });
      while ((await w.runDueJobs(7)).claimed > 0);
    };
    await Promise.all([drain('a'), drain('b')]);

    expect(runs.map((r) => r.id).sort((x, y) => x - y)).toEqual(ids);
    expect(new Set(runs.map((r) => r.worker))).toEqual(new Set(['a', 'b']));
    const [state] = await dataSource.query(
      `SELECT count(*) FILTER (WHERE done_at IS NOT NULL) AS done, max(attempts) AS attempts FROM job`,
    );
    expect(state).toEqual({ done: 300, attempts: 1 });
  });

  it('lets another worker reclaim a job whose lease ran out, and ignores the first worker finishing late', async () => {
    const id = await queue.enqueue(dataSource.manager, 'slow', { invoice: 'INV-2026-000001' });
    const stuck = deferred();
    const started = deferred<JobInfo>();
    const loggerA = recordingLogger();
    const a = worker({ leaseMs: 60_000, logger: loggerA }).register('slow', async (_p, job) => {
      started.resolve(job);
      await stuck.promise;
    });
    const b = worker({ leaseMs: 60_000 }).register('slow', async () => {});

    const runA = a.runDueJobs();
    expect((await started.promise).attempt).toBe(1);
    expect((await b.runDueJobs()).claimed).toBe(0);
    clock.advance(59_999);
    expect((await b.runDueJobs()).claimed).toBe(0);
    clock.advance(1);
    expect(await b.runDueJobs()).toMatchObject({ claimed: 1, done: 1 });

    stuck.resolve();
    expect(await runA).toEqual({ claimed: 1, done: 0, retried: 0, failed: 0 });
    const row = await jobRow(id);
    expect(row.attempts).toBe(2);
    expect(row.done_at).toEqual(clock.now());
    expect(loggerA.entries.some((e) => e.message.includes('taken over by another worker'))).toBe(true);
  });

  it('marks failed a job whose worker died during its last allowed attempt', async () => {
    const id = await queue.enqueue(dataSource.manager, 'once', {}, { maxAttempts: 1 });
    // What a worker that crashed right after claiming leaves behind.
    await dataSource.query(
      `UPDATE job SET attempts = 1, locked_until = $2, locked_by = 'host:123:dead' WHERE id = $1`,
      [id, new Date(clock.now().getTime() + 60_000)],
    );
    const logger = recordingLogger();
    const w = worker({ logger }).register('once', async () => {});
    expect(await w.runDueJobs()).toMatchObject({ claimed: 0, failed: 0 });
    clock.advance(60_000);
    expect(await w.runDueJobs()).toMatchObject({ claimed: 0, failed: 1 });
    const row = await jobRow(id);
    expect(row.failed_at).toEqual(clock.now());
    expect(row.last_error).toContain('host:123:dead');
    expect(logger.entries.map((e) => e.level)).toEqual(['error']);
  });
});

describe('polling loop', () => {
  it('runs due jobs by itself and stop() waits for the job in flight', async () => {
    const release = deferred();
    const started = deferred();
    let finished = false;
    const w = worker().register('poll', async () => {
      started.resolve();
      await release.promise;
      finished = true;
    });
    const id = await queue.enqueue(dataSource.manager, 'poll', {});
    w.start(5);
    await started.promise;

    let stopped = false;
    const stopping = w.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release.resolve();
    await stopping;
    expect(finished).toBe(true);
    expect((await jobRow(id)).done_at).toEqual(clock.now());
  });
});
