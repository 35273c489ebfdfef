import { MIGRATIONS } from '../../migrations';
import { runMigrationsLocked } from '../../src/database/connect';
import { createDataSource } from '../../src/database/data-source';
import { createTestDatabase } from '../support/test-database';

it('lets four processes migrate one empty database at the same moment: one applies everything, the rest nothing', async () => {
  const database = await createTestDatabase();
  const sources = Array.from({ length: 4 }, () => createDataSource({ url: database.url, poolSize: 3 }));
  try {
    await Promise.all(sources.map((s) => s.initialize()));
    const applied = await Promise.all(sources.map((s) => runMigrationsLocked(s)));
    expect(applied.map((a) => a.length).sort((x, y) => y - x)).toEqual([MIGRATIONS.length, 0, 0, 0]);
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
