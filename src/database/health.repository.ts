import type { DataSource } from 'typeorm';

/** What the health and readiness endpoints ask PostgreSQL: whether it answers, and which migrations it has. */
export class HealthRepository {
  constructor(private readonly dataSource: DataSource) {}

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  /** Names of the migrations applied to this database (TypeORM's `migrations` table). */
  async appliedMigrations(): Promise<Set<string>> {
    const rows: { name: string }[] = await this.dataSource.query('SELECT name FROM migrations');
    return new Set(rows.map((r) => r.name));
  }
}
