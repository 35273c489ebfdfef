import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/**
 * Resolver -> service -> repository -> PostgreSQL, in one direction: SQL and direct database access live in
 * repositories (`*.repository.ts`), the database infrastructure and migrations/ (outside src/, not scanned), and
 * nowhere else. This test reads every source file under src/ and names each place that breaks the rule.
 */

const SRC = join(__dirname, '..', 'src');

/**
 * Files that may touch the database without being a repository, each for a reason. Keep this list short: a new
 * entry needs a reason that is not "it was quicker".
 */
const ALLOWED: Record<string, string> = {
  // Creates the database if missing and runs the migrations under an advisory lock, before any repository exists.
  'database/connect.ts': 'creates the database and runs the migrations at start-up',
  // Reads plain SQL rows into entities for the repositories' fast readers; holds no statement of its own.
  'database/entity-reader.ts': 'the row reader repositories use',
  // Joins the conditions a repository writes into `WHERE a AND b`, with positional parameters: no table of its own.
  'database/sql-conditions.ts': "the WHERE builder of repositories' statements",
  // Transactions and their savepoints: no table of any feature.
  'database/transaction.ts': 'savepoints of the open transaction',
  // The pg-boss adapter: pg-boss writes its own SQL and needs a way to run it on our pool or transaction.
  'jobs/job-queue.ts': "runs pg-boss's own statements on the application's pool or transaction",
  // Creates the embedded cluster's database on first start, before any DataSource (and so any repository) exists.
  'database/embedded.ts': "creates the embedded cluster's database",
};

/** Methods of an EntityManager, DataSource or Repository that read or write rows. */
const DATA_METHODS = new Set([
  'find',
  'findOne',
  'findBy',
  'findOneBy',
  'findOneOrFail',
  'findOneByOrFail',
  'findAndCount',
  'findAndCountBy',
  'save',
  'update',
  'insert',
  'upsert',
  'delete',
  'remove',
  'softDelete',
  'restore',
  'count',
  'countBy',
  'exists',
  'existsBy',
  'increment',
  'decrement',
  'sum',
  'average',
  'minimum',
  'maximum',
  'clear',
  'preload',
]);

/** Calls that are database access whatever they are called on. */
const ALWAYS = new Set(['query', 'createQueryBuilder', 'getRepository', 'executeSql']);

/** SQL statements and fragments in string or template literals (upper-case keywords, as the project writes SQL). */
const SQL =
  /\bSELECT\b[\s\S]*\bFROM\b|\bINSERT\s+INTO\b|\bUPDATE\s+[\w."${}]+\s+SET\b|\bDELETE\s+FROM\b|\bSAVEPOINT\b|\bpg_advisory|\bORDER\s+BY\b|\bWHERE\b|\bnextval\(|\bLIKE\s+lower\(/;

/** Receivers whose data methods are database access: a manager, a data source, a repository. */
const DATABASE_HANDLE = /(manager|dataSource|Repository|repo)$/i;

export function violations(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node, what: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${file}:${line + 1}: ${what}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const receiver = node.expression.expression.getText(source).replace(/\s+/g, '');
      if (ALWAYS.has(method)) at(node, `${receiver}.${method}(…)`);
      else if (DATA_METHODS.has(method) && DATABASE_HANDLE.test(receiver))
        at(node, `${receiver}.${method}(…)`);
    }
    if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isStringLiteral(node)) {
      if (SQL.test(node.text)) at(node, 'SQL text');
    }
    if (ts.isTemplateExpression(node)) {
      const literal = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' x ');
      if (SQL.test(literal)) at(node, 'SQL text');
      node.templateSpans.forEach((span) => visit(span.expression));
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts|mjs|js)$/.test(entry.name) ? [path] : [];
  });
}

describe('architecture', () => {
  it('keeps SQL and database access in repositories and the database infrastructure', () => {
    const offending = sourceFiles(SRC)
      .map((path) => relative(SRC, path).split(sep).join('/'))
      .filter((file) => !file.endsWith('.repository.ts') && !(file in ALLOWED))
      .flatMap((file) => violations(file, readFileSync(join(SRC, file), 'utf8')));
    expect(offending).toEqual([]);
  });

  it('lists only allowed files that exist and still need the exception', () => {
    for (const file of Object.keys(ALLOWED)) {
      const found = violations(file, readFileSync(join(SRC, file), 'utf8'));
      expect({ file, needed: found.length > 0 }).toEqual({ file, needed: true });
    }
  });

  it('keeps the lower layers (common/, database/) free of any feature', () => {
    // Features hand their entities (entities.ts) and request-scoped loaders (container.ts) to the composition root.
    const FEATURES = ['catalog', 'invoices', 'jobs', 'nodes', 'oms', 'orders', 'playground', 'shipments'];
    const offending = sourceFiles(SRC)
      .map((path) => relative(SRC, path).split(sep).join('/'))
      .filter((file) => file.startsWith('common/') || file.startsWith('database/'))
      .flatMap((file) =>
        [...readFileSync(join(SRC, file), 'utf8').matchAll(/from '\.\.\/([a-z-]+)\//g)]
          .filter(([, folder]) => FEATURES.includes(folder))
          .map(([, folder]) => `${file} imports from ${folder}/`),
      );
    expect(offending).toEqual([]);
  });

  it('recognises each kind of database access it forbids', () => {
    const sample = [
      'await tx.manager.query(`SELECT id FROM t`);',
      'await ctx.manager.findOneBy(SalesOrder, { id });',
      'await this.dataSource.manager.save(order);',
      'manager.createQueryBuilder(SalesOrder, "o");',
      'dataSource.getRepository(Invoice);',
      'const sql = `UPDATE ${table} SET state = $1`;',
      "const sql = 'DELETE FROM oms_event_timeout';",
      'const orderBy = `ORDER BY ${column} ${direction}`;',
      'const sql = `INSERT INTO sales_order_change (a) VALUES ($1)`;',
    ].join('\n');
    expect(violations('sample.ts', sample).map((v) => Number(v.split(':')[1]))).toEqual([
      1, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    // Words in comments and ordinary prose are not SQL; calls on non-database objects are fine.
    const innocent = [
      '// SELECT … FOR UPDATE locks the row',
      "const message = 'Select a shipment from the list';",
      'items.find((i) => i.id === id);',
      'map.delete(key);',
    ].join('\n');
    expect(violations('innocent.ts', innocent)).toEqual([]);
  });
});
