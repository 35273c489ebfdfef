import { MIGRATIONS } from '../../migrations';
import { runMigrationsLocked } from '../../src/database/connect';
import { createDataSource } from '../../src/database/data-source';
import { recordingLogger } from '../jobs/job-database';
import { createTestDatabase } from '../support/test-database';

it('lets four processes migrate one empty database at the same moment: one applies everything, the rest nothing', async () => {
  const database = await createTestDatabase();
  const sources = Array.from({ length: 4 }, () => createDataSource({ url: database.url, poolSize: 3 }));
  try {
    await Promise.all(sources.map((s) => s.initialize()));
    const logger = recordingLogger();
    const applied = await Promise.all(sources.map((s) => runMigrationsLocked(s, logger)));
    expect(applied.map((a) => a.length).sort((x, y) => y - x)).toEqual([MIGRATIONS.length, 0, 0, 0]);
    // Those that found the lock taken said so (all three, unless one was so late that the first had finished).
    const waits = logger.entries.map((e) => e.message);
    expect(waits.length).toBeGreaterThanOrEqual(1);
    expect(new Set(waits)).toEqual(new Set(['another process is running migrations; waiting for it']));
    const rows = await sources[0].query(`SELECT name, count(*)::int AS n FROM migrations GROUP BY name`);
    expect(rows).toHaveLength(MIGRATIONS.length);
    expect(rows.every((r: { n: number }) => r.n === 1)).toBe(true);
    // The lock is released: a later start finds nothing to do and does not wait.
    expect(await runMigrationsLocked(sources[1])).toEqual([]);
  } finally {
    await Promise.all(sources.map((s) => s.isInitialized && s.destroy()));
    await database.drop();
  }
});
