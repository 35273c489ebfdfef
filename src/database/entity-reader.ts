import type { Driver, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

interface ColumnReader {
  column: ColumnMetadata;
  /** Property of the embedded object (e.g. billingAddress) holding this column, or null for a plain column. */
  embedded: string | null;
  createEmbedded: () => ObjectLiteral;
  bigint: boolean;
  hydration: Hydration;
}

/**
 * What TypeORM's PostgresDriver.prepareHydratedValue does to a value of the column, for the kinds of column whose
 * answer is fixed by the type alone: nothing ('as-is'), a string made a Date ('date'), any value made a boolean
 * ('boolean'). Every other column (a transformer, enums, dates without time, hstore, …) is hydrated by TypeORM
 * itself.
 */
type Hydration = 'as-is' | 'date' | 'boolean' | 'driver';

const AS_IS = new Set<unknown>([
  String,
  'varchar',
  'character varying',
  'char',
  'character',
  'text',
  'citext',
  'uuid',
  'integer',
  'int',
  'int2',
  'int4',
  'int8',
  'smallint',
  'bigint',
  'boolean',
  'bool',
  'numeric',
  'decimal',
  'json',
  'jsonb',
]);
const DATES = new Set<unknown>([
  Date,
  'datetime',
  'timestamp',
  'timestamptz',
  'timestamp with time zone',
  'timestamp without time zone',
]);

/**
 * Whether a column's JSON form hydrates to what its text gives. Not so for numeric (a float instead of its exact
 * text), arrays (an int8[] as numbers instead of strings, timestamps as text), bytea, intervals and the like. Dates
 * come as ISO text, which reads the same for the years 100 to 9999 and offsets in whole minutes.
 */
function sameInJson(column: ColumnMetadata): boolean {
  if (column.isArray) return false;
  if (DATES.has(column.type) || column.type === 'date') return true;
  return AS_IS.has(column.type) && column.type !== 'numeric' && column.type !== 'decimal';
}

/**
 * Whether the connected PostgreSQL has SQL/JSON's JSON_ARRAY (16 and later). TypeORM's driver knows the server's
 * version once connected; an unknown version takes json_build_array, which every supported version has.
 */
function jsonArraySupported(driver: Driver): boolean {
  const version = (driver as { version?: string }).version;
  return version !== undefined && Number.parseInt(version, 10) >= 16;
}

function hydrationOf(column: ColumnMetadata): Hydration {
  if (column.transformer) return 'driver';
  // The driver tests the Boolean constructor only; a column typed 'boolean' comes back from pg as one already.
  if (column.type === Boolean) return 'boolean';
  if (DATES.has(column.type)) return 'date';
  return AS_IS.has(column.type) ? 'as-is' : 'driver';
}

/**
 * Turns plain SQL rows into entities exactly as TypeORM's find does (same constructor, embedded objects, value
 * hydration), without what find costs on every call: building the statement from metadata and grouping the rows
 * by primary key, about a tenth of the server's time on a history page. Statements still go through the manager,
 * so they are logged and counted like any other.
 *
 * Each entity's readers are compiled once into straight-line functions (one assignment per column, its hydration
 * written out): asking the driver to hydrate every value of a history page, and storing each under a computed
 * property name, was 4 % of the page.
 */
export class EntityReader<T extends ObjectLiteral> {
  private readonly columns: ColumnReader[];
  /** `read` and `readValues` as compiled for this entity. */
  private readonly readRow: (row: Record<string, unknown>) => T;
  private readonly readArray: (values: readonly unknown[]) => T;
  /** `jsonValues` by alias and extra expressions: the same text on every call of a hot statement. */
  private readonly jsonValuesSql = new Map<string, string>();

  constructor(
    private readonly driver: Driver,
    private readonly metadata: EntityMetadata,
  ) {
    this.columns = metadata.columns.map((column) => {
      const tree = column.embeddedMetadata?.embeddedMetadataTree ?? [];
      if (tree.length > 1)
        throw new Error(`${metadata.name}.${column.propertyPath}: nested embeddeds are not supported`);
      const embedded = tree[0] ?? null;
      return {
        column,
        embedded: embedded?.propertyName ?? null,
        createEmbedded: () => embedded!.create(),
        bigint: column.type === 'bigint',
        hydration: hydrationOf(column),
      };
    });
    this.readRow = this.compile((i) => `input[${JSON.stringify(this.columns[i].column.databaseName)}]`);
    this.readArray = this.compile((i) => `input[${i}]`);
  }

  /**
   * A function from a row (or an array of values) to an entity: for each column, in order, its value taken by
   * `valueAt` and, unless undefined, hydrated and assigned. Names come from the entity's metadata and are written as
   * JSON string literals.
   */
  private compile<I>(valueAt: (index: number) => string): (input: I) => T {
    const lines = this.columns.map((reader, i) => {
      const target =
        reader.embedded === null
          ? `entity[${JSON.stringify(reader.column.propertyName)}]`
          : `(entity[${JSON.stringify(reader.embedded)}] ??= columns[${i}].createEmbedded())[${JSON.stringify(reader.column.propertyName)}]`;
      const hydrated = {
        'as-is': 'value',
        date: 'value && typeof value === "string" ? new Date(value) : value',
        boolean: 'value === null ? null : value ? true : false',
        driver: `driver.prepareHydratedValue(value, columns[${i}].column)`,
      }[reader.hydration];
      const checked = reader.bigint ? `checkSafe(value, ${i}), ` : '';
      return `value = ${valueAt(i)}; if (value !== undefined) ${target} = (${checked}${hydrated});`;
    });
    const factory = new Function(
      'create',
      'columns',
      'driver',
      'checkSafe',
      `return function read(input) { const entity = create(); let value; ${lines.join(' ')} return entity; };`,
    ) as (...args: unknown[]) => (input: I) => T;
    return factory(
      () => this.metadata.create(undefined, { fromDeserializer: true }),
      this.columns,
      this.driver,
      (value: unknown, index: number) => {
        if (typeof value === 'number' && !Number.isSafeInteger(value)) {
          throw new Error(
            `int8 value ${value} of ${this.columns[index].column.databaseName} exceeds the safe integer range`,
          );
        }
      },
    );
  }

  get tableName(): string {
    return this.metadata.tableName;
  }

  /** How many columns the entity has: where `jsonValues`'s extra expressions start in its array. */
  get columnCount(): number {
    return this.columns.length;
  }

  /** Every column of the entity under `alias`, named as in the table: the select list for `read`. */
  selectList(alias: string): string {
    return this.columns.map(({ column }) => `${alias}."${column.databaseName}"`).join(', ');
  }

  /**
   * The entity's columns under `alias` as one JSON array, in the order `readValues` expects: for rows aggregated into
   * a column (`json_agg`). Without the column names repeated in every element, a history page's aggregates are 12 KB
   * instead of 32 KB for PostgreSQL to write and for the server to decode and parse. `extra` expressions follow the
   * columns in the array (read them by position after `readValues`).
   *
   * PostgreSQL 16 and later build it with the standard JSON_ARRAY, which does less per row than json_build_array
   * (whose variadic arguments are extracted and their types resolved again for every row): the history statement
   * alone ran in 0.79-0.84 instead of 0.94-0.99 ms. RETURNING json, because without it any jsonb argument would make
   * the whole array jsonb, printed differently. The same text either way (the entity-reader test compares them).
   */
  jsonValues(alias: string, extra: readonly string[] = []): string {
    const key = `${alias}\u0000${extra.join('\u0000')}`;
    let sql = this.jsonValuesSql.get(key);
    if (sql === undefined) {
      const different = this.columns.find(({ column }) => !sameInJson(column));
      if (different) {
        throw new Error(
          `${this.metadata.name}.${different.column.propertyName} would read differently from JSON: read it as text`,
        );
      }
      const list = [this.selectList(alias), ...extra].join(', ');
      if (jsonArraySupported(this.driver)) {
        sql = `JSON_ARRAY(${list} NULL ON NULL RETURNING json)`;
      } else {
        // json_build_array takes at most 100 arguments.
        if (this.columns.length + extra.length > 100)
          throw new Error(`${this.metadata.name} has too many columns`);
        sql = `json_build_array(${list})`;
      }
      this.jsonValuesSql.set(key, sql);
    }
    return sql;
  }

  /** A row of the select list: every column under its name, as pg parsed it (int8 checked by pg-types.ts). */
  read(row: Record<string, unknown>): T {
    return this.readRow(row);
  }

  /**
   * An array built by `jsonValues`, by position. JSON brings timestamps as ISO text, which hydration turns into Dates
   * as find would, and int8 as plain numbers, checked here as pg-types.ts checks text.
   */
  readValues(values: readonly unknown[]): T {
    return this.readArray(values);
  }

  /** Runs `sql` through `manager` (a transaction's, say) and reads every row. */
  async query(manager: EntityManager, sql: string, parameters: unknown[]): Promise<T[]> {
    const rows: Record<string, unknown>[] = await manager.query(sql, parameters);
    return rows.map((row) => this.read(row));
  }
}

const readers = new WeakMap<
  EntityManager['connection'],
  Map<EntityTarget<ObjectLiteral>, EntityReader<ObjectLiteral>>
>();

/** The reader of an entity for this manager's data source, built once. */
export function entityReader<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
): EntityReader<T> {
  let byTarget = readers.get(manager.connection);
  if (!byTarget) {
    byTarget = new Map();
    readers.set(manager.connection, byTarget);
  }
  let reader = byTarget.get(target);
  if (!reader) {
    reader = new EntityReader(manager.connection.driver, manager.connection.getMetadata(target));
    byTarget.set(target, reader);
  }
  return reader as unknown as EntityReader<T>;
}
