import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { entityReader } from '../../src/database/entity-reader';
import { ENTITIES } from '../../src/entities';
import { CANCEL } from '../support/oms-operations';
import { placeOrder, twoShipmentsInput } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  const token = app.customerToken('DE--ER1', 'reader@example.com');
  const input = twoShipmentsInput({ customReference: 'PO-READER' });
  await placeOrder(app, token, input);
  const cancelled = await placeOrder(app, token, input);
  const result = await app.gql(CANCEL, { reference: cancelled.reference }, token);
  expect(result.errors).toBeUndefined();
});
afterAll(() => app.close());

/** A row's primary key as text, to line rows up whatever order they come in. */
const keyOf = (app: TestApp, target: EntityTarget<ObjectLiteral>, entity: ObjectLiteral) =>
  JSON.stringify(app.dataSource.getMetadata(target).getEntityIdMap(entity));

describe('the entity reader', () => {
  it.each(ENTITIES.map((target) => [target.name, target] as const))(
    'reads %s rows, and the same rows as JSON arrays, exactly as TypeORM finds them',
    async (_name, target) => {
      const manager = app.dataSource.manager;
      const reader = entityReader(manager, target);
      const found = await manager.find(target);
      const sorted = (list: ObjectLiteral[]) =>
        [...list].sort((a, b) => keyOf(app, target, a).localeCompare(keyOf(app, target, b)));
      const rows = await manager.query(`SELECT ${reader.selectList('t')} FROM "${reader.tableName}" t`);
      const read = rows.map((row: Record<string, unknown>) => reader.read(row));
      expect(sorted(read)).toEqual(sorted(found));
      const arrays = await manager.query(
        `SELECT ${reader.jsonValues('t')} AS v FROM "${reader.tableName}" t`,
      );
      const readValues = arrays.map((row: { v: unknown[] }) => reader.readValues(row.v));
      expect(sorted(readValues)).toEqual(sorted(found));
      for (const entity of read) expect(entity).toBeInstanceOf(target);
    },
  );

  it('had rows to compare for every kind of order data', async () => {
    for (const table of ['sales_order', 'sales_order_item', 'sales_shipment', 'oms_item_state_history']) {
      const [{ n }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
      expect([table, n > 0]).toEqual([table, true]);
    }
  });
});
