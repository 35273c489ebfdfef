import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The durable job queue: side effects (PDF rendering, e-mail) are written as rows in the transaction that causes
 * them and claimed by any worker process with `FOR UPDATE SKIP LOCKED`.
 */
export class Jobs1764202000000 implements MigrationInterface {
  name = 'Jobs1764202000000';

  async up(q: QueryRunner): Promise<void> {
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
    // Only unfinished jobs are ever scanned for claiming; finished ones pile up without slowing the poll down.
    await q.query(`CREATE INDEX job_due_idx ON job (run_at, id) WHERE done_at IS NULL AND failed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE job`);
  }
}
