import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/data-source';
import { prepared } from '../../src/database/prepared';
import { createTestDatabase } from '../support/test-database';

// One connection, so that the session that prepared a statement is the one asked about it.
let database: { url: string; drop: () => Promise<void> };
let dataSource: DataSource;

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = createDataSource({ url: database.url, poolSize: 1 });
  await dataSource.initialize();
});
afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

const preparedHere = async (): Promise<{ name: string; statement: string }[]> =>
  dataSource.query(`SELECT name, statement FROM pg_prepared_statements ORDER BY name`);

describe('prepared statements', () => {
  it('are prepared once per connection under a name derived from their text, and answer as plain ones', async () => {
    const text = `SELECT $1::int + 1 AS n`;
    expect(await preparedHere()).toEqual([]);
    for (const value of [1, 41]) {
      expect(await dataSource.query(prepared(text), [value])).toEqual([{ n: value + 1 }]);
    }
    const statements = await preparedHere();
    expect(statements).toEqual([{ name: expect.stringMatching(/^om_[0-9a-f]{20}$/), statement: text }]);
    // Another text, another name; the same text, the same name (read as text, it is the SQL).
    await dataSource.query(prepared(`SELECT $1::text AS t`), ['x']);
    expect(await preparedHere()).toHaveLength(2);
    expect((prepared(text) as unknown as { name: string }).name).toBe(statements[0].name);
    expect(String(prepared(text))).toBe(text);
  });

  it('leave a plain statement unprepared', async () => {
    const before = (await preparedHere()).length;
    expect(await dataSource.query(`SELECT $1::int AS n`, [7])).toEqual([{ n: 7 }]);
    expect(await preparedHere()).toHaveLength(before);
  });
});
