import { MIGRATIONS } from '../../migrations';
import { createJobDatabase } from './job-database';

it('moves deliveries still queued in the old job table into pg-boss, and can be undone', async () => {
  const db = await createJobDatabase();
  try {
    const dataSource = await db.open();
    // Every later migration (EventTimeoutGiveUp, RateLimits, …), then JobEngine: the old table is back, pg-boss gone.
    const last = async (): Promise<string> =>
      (await dataSource.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`))[0].name;
    while ((await last()) !== 'JobEngine1764202400000') await dataSource.undoLastMigration();
    await dataSource.undoLastMigration();
    expect(await dataSource.query(`SELECT to_regnamespace('pgboss') AS schema`)).toEqual([{ schema: null }]);
    await dataSource.query(
      `INSERT INTO job (type, payload, run_at, max_attempts, done_at) VALUES
         ('invoice.deliver', '{"invoiceId": 1}', now(), 12, NULL),
         ('invoice.deliver', '{"invoiceId": 2}', now(), 12, now()),
         ('invoice.deliver', '{"invoiceId": 3, "resend": true}', now(), 12, NULL)`,
    );
    // JobEngine and every migration after it run again.
    const names = MIGRATIONS.map((m) => m.name);
    expect((await dataSource.runMigrations()).map((m) => m.name)).toEqual(
      names.slice(names.indexOf('JobEngine1764202400000')),
    );
    const jobs = await dataSource.query(
      `SELECT name, data, state, retry_limit FROM pgboss.job ORDER BY data->>'invoiceId'`,
    );
    expect(jobs).toEqual([
      { name: 'invoice.deliver', data: { invoiceId: 1 }, state: 'created', retry_limit: 11 },
      { name: 'invoice.deliver', data: { invoiceId: 3, resend: true }, state: 'created', retry_limit: 11 },
    ]);
    expect(await dataSource.query(`SELECT to_regclass('job') AS old`)).toEqual([{ old: null }]);
  } finally {
    await db.close();
  }
});
