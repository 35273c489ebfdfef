/** The PostgreSQL schema of pg-boss's tables (created by a migration). */
export const JOB_SCHEMA = 'pgboss';
