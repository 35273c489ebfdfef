import { AbstractLogger, LogLevel, LogMessage, ObjectLiteral, QueryRunner } from 'typeorm';

/**
 * Counts every SQL statement TypeORM sends, so tests and benchmarks can prove that a page of 50 orders costs as
 * many statements as a page of 5. Prints nothing unless LOG_SQL is set.
 */
export class QueryCounter extends AbstractLogger {
  count = 0;
  /** While true, statements and their parameters are kept in `recorded`: tests EXPLAIN what the API really ran. */
  recording = false;
  recorded: { query: string; parameters: unknown[] }[] = [];
  constructor(private readonly print = false) {
    super('all');
  }

  override logQuery(query: string, parameters?: unknown[] | ObjectLiteral, queryRunner?: QueryRunner): void {
    this.count += 1;
    if (this.recording)
      // String(): a prepared statement (src/database/prepared.ts) is an object whose text is the SQL.
      this.recorded.push({ query: String(query), parameters: Array.isArray(parameters) ? parameters : [] });
    if (this.print) super.logQuery(query, parameters, queryRunner);
  }

  protected writeLog(
    level: LogLevel,
    message: LogMessage | string | number | (LogMessage | string | number)[],
  ): void {
    if (!this.print) return;
    for (const m of Array.isArray(message) ? message : [message]) {
      console.log(`[sql:${level}]`, typeof m === 'object' ? m.message : m);
    }
  }
}
