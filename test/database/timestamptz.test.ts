import { Client } from 'pg';
import { parseTimestamptz } from '../../src/database/pg-types';
import { createTestDatabase } from '../support/test-database';

let database: { url: string; drop: () => Promise<void> };
let client: Client;

beforeAll(async () => {
  database = await createTestDatabase();
  client = new Client({ connectionString: database.url });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await database?.drop();
});

describe('timestamptz values', () => {
  it.each(['UTC', 'Asia/Kolkata', 'America/St_Johns', 'Pacific/Chatham', 'Europe/Amsterdam'])(
    'read as the instant PostgreSQL means, to the millisecond, in the session time zone %s',
    async (zone) => {
      await client.query(`SET TIME ZONE '${zone}'`);
      // Random instants to the microsecond from 1850 to 2150 (Amsterdam before 1937 has offsets with seconds, read by
      // the fallback), whole seconds, and the edges of the fast path: years before 100 and after 9999, BC.
      const { rows } = await client.query<{ text: string; ms: number }>(
        `SELECT v::text AS text, floor(extract(epoch FROM v) * 1000)::float8 AS ms
           FROM (SELECT timestamptz '1850-01-01 00:00:00+00' + random() * interval '300 years' AS v
                   FROM generate_series(1, 400)
                 UNION ALL SELECT date_trunc('second', now())
                 UNION ALL SELECT timestamptz '2026-11-18 08:07:21.1+00'
                 UNION ALL SELECT timestamptz '1969-12-31 23:59:59.9995+00'
                 UNION ALL SELECT timestamptz '0050-06-01 12:00:00+00'
                 UNION ALL SELECT timestamptz '12345-06-01 12:00:00+00'
                 UNION ALL SELECT timestamptz '0044-03-15 12:00:00+00 BC') t`,
      );
      expect(rows).toHaveLength(406);
      for (const { text, ms } of rows) {
        const parsed = parseTimestamptz(text);
        expect([text, parsed.getTime()]).toEqual([text, ms]);
      }
      // And through pg's type parser, as every query of the server reads them.
      const [{ at }] = (await client.query(`SELECT timestamptz '2026-11-18 08:07:21.194567+00' AS at`)).rows;
      expect(at).toEqual(new Date('2026-11-18T08:07:21.194Z'));
    },
  );

  it('keeps infinity as pg-types gives it', () => {
    expect(parseTimestamptz('infinity')).toBe(Infinity);
    expect(parseTimestamptz('-infinity')).toBe(-Infinity);
  });
});
