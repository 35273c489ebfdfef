import { register } from 'prom-client';
import type { DataSource } from 'typeorm';
import { JobInfo, JobQueue, PermanentJobError } from '../../src/jobs/job-queue';
import { INVOICE_DELIVERY_QUEUE as QUEUE, QUEUE_SETTINGS } from '../../src/jobs/job-settings';
import { JobWorker } from '../../src/jobs/job-worker';
import { WorkerLoop } from '../../src/jobs/worker-loop';
import {
  agePgBossJobs,
  createJobDatabase,
  deferred,
  JobDatabase,
  makeRetriesDue,
  recordingLogger,
} from './job-database';

let db: JobDatabase;
let dataSource: DataSource;
let queue: JobQueue;

beforeAll(async () => {
  db = await createJobDatabase();
  dataSource = await db.open();
  queue = new JobQueue(dataSource, recordingLogger());
});
afterAll(() => db.close());
beforeEach(async () => {
  await dataSource.query('TRUNCATE pgboss.job, pgboss.archive');
});

const worker = (logger = recordingLogger(), on = queue) => new JobWorker(on, logger);
const jobRow = async (id: string) =>
  (
    await dataSource.query(
      `SELECT *, extract(epoch FROM start_after - now())::float8 AS due_in FROM pgboss.job WHERE id = $1`,
      [id],
    )
  )[0] as Record<string, any>;

describe('sending', () => {
  it('commits and rolls back with the transaction that sends (an outbox)', async () => {
    const committed = await dataSource.transaction((m) => queue.enqueue(m, QUEUE, { to: 'a@example.com' }));
    await expect(
      dataSource.transaction(async (m) => {
        await queue.enqueue(m, QUEUE, { to: 'b@example.com' });
        throw new Error('the order change failed');
      }),
    ).rejects.toThrow('the order change failed');
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM pgboss.job`)).toEqual([{ n: 1 }]);

    const seen: unknown[] = [];
    const summary = await worker()
      .register(QUEUE, async (payload) => void seen.push(payload))
      .runDueJobs(10);
    expect(summary).toEqual({ claimed: 1, done: 1, retried: 0, failed: 0 });
    expect(seen).toEqual([{ to: 'a@example.com' }]);
    const row = await jobRow(committed);
    expect(row.state).toBe('completed');
    const settings = QUEUE_SETTINGS[QUEUE];
    expect(row).toMatchObject({
      retry_limit: settings.retryLimit,
      retry_delay: settings.retryDelaySeconds,
      retry_backoff: true,
    });
    expect(row.expire_in).toMatchObject({ minutes: 10 });
  });

  it('refuses a queue it has no settings for', async () => {
    await expect(queue.enqueue(dataSource.manager, 'no.such.queue', {})).rejects.toThrow(/no settings/);
  });
});

describe('retries', () => {
  it('retries with doubling, jittered delays, then keeps the job as failed and logs it once', async () => {
    const logger = recordingLogger();
    const attempts: JobInfo[] = [];
    const w = worker(logger).register(QUEUE, async (_payload, job) => {
      attempts.push(job);
      throw new Error(`SMTP down (attempt ${job.attempt})`);
    });
    const id = await queue.enqueue(dataSource.manager, QUEUE, { invoiceId: 1 });
    const { retryLimit, retryDelaySeconds } = QUEUE_SETTINGS[QUEUE];

    for (let retry = 1; retry <= retryLimit; retry++) {
      expect(await w.runDueJobs()).toMatchObject({ claimed: 1, retried: 1 });
      const row = await jobRow(id);
      expect(row.state).toBe('retry');
      // pg-boss: delay × 2^(retry − 1) × (1 + random), so between one and two times the doubled delay.
      const base = retryDelaySeconds * 2 ** (retry - 1);
      expect(row.due_in).toBeGreaterThan(base - 1);
      expect(row.due_in).toBeLessThanOrEqual(2 * base);
      expect((await w.runDueJobs()).claimed).toBe(0); // not before its time
      expect(await makeRetriesDue(dataSource)).toBe(1);
    }
    expect(await w.runDueJobs()).toMatchObject({ claimed: 1, failed: 1 });
    expect(await makeRetriesDue(dataSource)).toBe(0);
    expect((await w.runDueJobs()).claimed).toBe(0);

    expect(attempts.map((a) => a.attempt)).toEqual(Array.from({ length: retryLimit + 1 }, (_, i) => i + 1));
    expect(attempts[0].maxAttempts).toBe(retryLimit + 1);
    const row = await jobRow(id);
    expect(row.state).toBe('failed');
    expect(row.output).toEqual({ message: `Error: SMTP down (attempt ${retryLimit + 1})` });
    expect(logger.entries.filter((e) => e.level === 'warn')).toHaveLength(retryLimit);
    expect(logger.entries.filter((e) => e.level === 'error').map((e) => e.message)).toEqual([
      `job ${QUEUE} ${id} failed for good`,
    ]);
    expect(await queue.stats()).toMatchObject({ queued: 0, failed: 1 });
  });

  it('gives up at once on a PermanentJobError', async () => {
    const id = await queue.enqueue(dataSource.manager, QUEUE, { invoiceId: 9 });
    const w = worker().register(QUEUE, async () => {
      throw new PermanentJobError('invoice 9 does not exist');
    });
    const failedTotal = async () =>
      (await register.getSingleMetric('om_jobs_finished_total')!.get()).values.find(
        (v) => v.labels.queue === QUEUE && v.labels.outcome === 'failed',
      )?.value ?? 0;
    const before = await failedTotal();
    expect(await w.runDueJobs()).toMatchObject({ claimed: 1, failed: 1, retried: 0 });
    expect((await jobRow(id)).state).toBe('failed');
    expect(await failedTotal()).toBe(before + 1);
  });
});

describe('several workers', () => {
  it('runs every job exactly once when two workers with their own pools fetch at the same time', async () => {
    const ids = new Set(
      await dataSource.transaction(async (m) => {
        const created: string[] = [];
        for (let i = 0; i < 300; i += 1) created.push(await queue.enqueue(m, QUEUE, { i }));
        return created;
      }),
    );
    const runs: { worker: string; id: string }[] = [];
    const drain = async (name: string) => {
      const own = new JobQueue(await db.open(), recordingLogger());
      const w = worker(recordingLogger(), own).register(QUEUE, async (_payload, job) => {
        runs.push({ worker: name, id: job.id });
        await new Promise((resolve) => setImmediate(resolve)); // let the two workers interleave
      });
      while ((await w.runDueJobs(7)).claimed > 0);
    };
    await Promise.all([drain('a'), drain('b')]);

    expect(runs).toHaveLength(300);
    expect(new Set(runs.map((r) => r.id))).toEqual(ids);
    expect(new Set(runs.map((r) => r.worker))).toEqual(new Set(['a', 'b']));
    const [state] = await dataSource.query(
      `SELECT count(*) FILTER (WHERE state = 'completed')::int AS done, max(retry_count) AS retries FROM pgboss.job`,
    );
    expect(state).toEqual({ done: 300, retries: 0 });
  });

  it('takes back an attempt that outlived its expiry; the late finisher cannot complete it', async () => {
    const id = await queue.enqueue(dataSource.manager, QUEUE, { invoiceId: 2 });
    const stuck = deferred();
    const started = deferred<JobInfo>();
    const loggerA = recordingLogger();
    const a = worker(loggerA).register(QUEUE, async (_p, job) => {
      started.resolve(job);
      await stuck.promise;
    });
    const b = worker().register(QUEUE, async () => {});

    const runA = a.runDueJobs();
    expect((await started.promise).attempt).toBe(1);
    expect((await b.runDueJobs()).claimed).toBe(0);
    await agePgBossJobs(dataSource, QUEUE_SETTINGS[QUEUE].expireInSeconds - 5);
    await queue.maintain();
    expect((await jobRow(id)).state).toBe('active'); // still within its expiry
    await agePgBossJobs(dataSource, 10);
    await queue.maintain();
    expect((await jobRow(id)).state).toBe('retry');
    await makeRetriesDue(dataSource);
    expect(await b.runDueJobs()).toMatchObject({ claimed: 1, done: 1 });

    stuck.resolve();
    expect(await runA).toEqual({ claimed: 1, done: 0, retried: 0, failed: 0 });
    const row = await jobRow(id);
    expect(row).toMatchObject({ state: 'completed', retry_count: 1 });
    expect(loggerA.entries.some((e) => e.message.includes('ran past its expiry'))).toBe(true);
  });
});

describe('maintenance', () => {
  it('archives completed jobs after an hour and deletes them a week later; failed jobs stay for 30 days', async () => {
    const done = await queue.enqueue(dataSource.manager, QUEUE, { ok: true });
    const failed = await queue.enqueue(dataSource.manager, QUEUE, { ok: false });
    await worker()
      .register<{ ok: boolean }>(QUEUE, async ({ ok }) => {
        if (!ok) throw new PermanentJobError('no');
      })
      .runDueJobs();

    await agePgBossJobs(dataSource, 59 * 60);
    await queue.maintain();
    expect((await jobRow(done)).state).toBe('completed');
    await agePgBossJobs(dataSource, 2 * 60);
    await queue.maintain();
    expect(await jobRow(done)).toBeUndefined();
    expect(await dataSource.query(`SELECT id FROM pgboss.archive`)).toEqual([{ id: done }]);
    expect((await jobRow(failed)).state).toBe('failed');

    await dataSource.query(
      `UPDATE pgboss.archive SET archived_on = archived_on - interval '7 days 1 minute'`,
    );
    await agePgBossJobs(dataSource, 29 * 86_400);
    await queue.maintain();
    expect(await dataSource.query(`SELECT id FROM pgboss.archive`)).toEqual([]);
    expect((await jobRow(failed)).state).toBe('failed');
    await agePgBossJobs(dataSource, 86_400);
    await queue.maintain();
    expect(await jobRow(failed)).toBeUndefined();
  });

  it('starts maintenance only on the schema version the migration made', async () => {
    const own = new JobQueue(await db.open(), recordingLogger());
    await own.startMaintenance();
    await own.stop();
    await dataSource.query(`UPDATE pgboss.version SET version = version - 1`);
    try {
      await expect(new JobQueue(dataSource, recordingLogger()).startMaintenance()).rejects.toThrow(
        /requires migrations/,
      );
    } finally {
      await dataSource.query(`UPDATE pgboss.version SET version = version + 1`);
    }
  });
});

describe('stats', () => {
  it('counts queued jobs, the age of the oldest, and failed ones', async () => {
    expect(await queue.stats()).toEqual({ queued: 0, oldestQueuedAgeSeconds: 0, failed: 0 });
    await queue.enqueue(dataSource.manager, QUEUE, { n: 1 });
    await agePgBossJobs(dataSource, 90);
    await queue.enqueue(dataSource.manager, QUEUE, { n: 2 });
    const stats = await queue.stats();
    expect(stats).toMatchObject({ queued: 2, failed: 0 });
    expect(stats.oldestQueuedAgeSeconds).toBeGreaterThanOrEqual(90);
    expect(stats.oldestQueuedAgeSeconds).toBeLessThan(120);
  });
});

describe('worker loop', () => {
  it('keeps running the other tasks when one throws, and stop() waits for the round in flight', async () => {
    const logger = recordingLogger();
    const release = deferred();
    const entered = deferred();
    const ran: string[] = [];
    const loop = new WorkerLoop(
      [
        {
          name: 'broken',
          run: async () => {
            ran.push('broken');
            throw new Error('database away');
          },
        },
        {
          name: 'slow',
          run: async () => {
            ran.push('slow');
            entered.resolve();
            await release.promise;
            return false;
          },
        },
      ],
      logger,
      5,
    );
    loop.start();
    await entered.promise;
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release.resolve();
    await stopping;
    expect(ran).toEqual(['broken', 'slow']);
    expect(logger.entries.map((e) => [e.level, e.message])).toEqual([
      ['error', 'worker loop: broken failed; trying again in 5 ms'],
    ]);
  });
});
