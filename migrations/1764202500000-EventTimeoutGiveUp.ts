import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A timed event that keeps failing is given up after a number of attempts instead of being retried for ever: the
 * row stays (for an operator to see why, in `last_error`) but is no longer due. The due index leaves those out.
 */
export class EventTimeoutGiveUp1764202500000 implements MigrationInterface {
  name = 'EventTimeoutGiveUp1764202500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE oms_event_timeout ADD COLUMN given_up_at timestamptz, ADD COLUMN last_error text`,
    );
    await q.query(`DROP INDEX oms_event_timeout_due_idx`);
    await q.query(
      `CREATE INDEX oms_event_timeout_due_idx ON oms_event_timeout (due_at) WHERE given_up_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX oms_event_timeout_due_idx`);
    await q.query(`CREATE INDEX oms_event_timeout_due_idx ON oms_event_timeout (due_at)`);
    await q.query(`ALTER TABLE oms_event_timeout DROP COLUMN given_up_at, DROP COLUMN last_error`);
  }
}
