import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counters of rate-limiter-flexible's PostgreSQL store (src/common/rate-limits.ts), shared by every API process.
 * The library would create this table itself on first use; it is told the table exists (`tableCreated`), so the
 * schema comes from here like all others. Columns as the library reads and writes them: `expire` is epoch ms.
 */
export class RateLimits1764202600000 implements MigrationInterface {
  name = 'RateLimits1764202600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rate_limit (
      key varchar(255) PRIMARY KEY,
      points integer NOT NULL DEFAULT 0,
      expire bigint
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit`);
  }
}
