import { MigrationInterface, QueryRunner } from 'typeorm';
import { PG_BOSS_CREATE_SQL } from './pg-boss-schema-24';

/**
 * Jobs move to pg-boss: its schema (`pgboss`) and the invoice delivery queue are created here, like every other
 * schema change, so no server process ever runs DDL at start-up (pg-boss is started with `migrate: false` and only
 * checks the version). The home-made `job` table goes; jobs still queued in it are copied over first, so a
 * delivery waiting at upgrade time is not lost.
 */
export class JobEngine1764202400000 implements MigrationInterface {
  name = 'JobEngine1764202400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(PG_BOSS_CREATE_SQL);
    // Queue defaults; each send states its own retry and expiry too (src/jobs/job-settings.ts), so these only
    // matter for jobs sent by hand.
    await q.query(`SELECT pgboss.create_queue($1, $2)`, [
      'invoice.deliver',
      JSON.stringify({
        policy: 'standard',
        retryLimit: 11,
        retryDelay: 10,
        retryBackoff: true,
        expireInSeconds: 600,
        retentionMinutes: 14 * 24 * 60,
      }),
    ]);
    await q.query(`
      INSERT INTO pgboss.job (name, data, retry_limit, retry_delay, retry_backoff, expire_in, keep_until)
      SELECT 'invoice.deliver', payload, 11, 10, true, interval '600 seconds', now() + interval '14 days'
      FROM job
      WHERE type = 'invoice.deliver' AND done_at IS NULL AND failed_at IS NULL`);
    await q.query(`DROP TABLE job`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE job (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        type varchar(64) NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        run_at timestamptz NOT NULL,
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        max_attempts integer NOT NULL CHECK (max_attempts >= 1),
        last_error text,
        locked_until timestamptz,
        locked_by varchar(128),
        done_at timestamptz,
        failed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT job_finished_once CHECK (done_at IS NULL OR failed_at IS NULL)
      )`);
    await q.query(`CREATE INDEX job_due_idx ON job (run_at, id) WHERE done_at IS NULL AND failed_at IS NULL`);
    await q.query(`DROP SCHEMA pgboss CASCADE`);
  }
}
