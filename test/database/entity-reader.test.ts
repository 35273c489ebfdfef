import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { EntityReader, entityReader } from '../../src/database/entity-reader';
import { ENTITIES } from '../../src/entities';
import { Invoice } from '../../src/invoices/invoice.entity';
import { EventTimeout } from '../../src/oms/event-timeout.entity';
import { OrderChange } from '../../src/orders/order-change.entity';
import { OrderComment } from '../../src/orders/order-comment.entity';
import { Refund } from '../../src/refunds/refund.entity';
import { SalesOrder } from '../../src/orders/sales-order.entity';
import { CANCEL } from '../support/oms-operations';
import { placeOrder, twoShipmentsInput } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  const token = app.customerToken('DE--ER1', 'reader@example.com');
  const input = twoShipmentsInput({ customReference: 'PO-READER' });
  const kept = await placeOrder(app, token, input);
  const cancelled = await placeOrder(app, token, input);
  const result = await app.gql(CANCEL, { reference: cancelled.reference }, token);
  expect(result.errors).toBeUndefined();
  // Rows of the kinds placing and cancelling do not write, with nulls and without.
  const manager = app.dataSource.manager;
  const [{ id: orderId }] = await manager.query(`SELECT id FROM sales_order WHERE reference = $1`, [
    kept.reference,
  ]);
  const createdAt = new Date('2026-11-28T09:30:15.250Z');
  await manager.save(OrderComment, { orderId, message: 'Called the customer', author: 'staff:7', createdAt });
  const invoice = await manager.save(Invoice, {
    orderId,
    kind: 'INVOICE',
    reference: 'INV-READER-1',
    issueDate: createdAt,
    correctsId: null,
    currencyCode: 'EUR',
    grandTotal: 4997,
    snapshot: { lines: [{ sku: 'TSHIRT-001', quantity: 2 }] } as never,
    pdf: Buffer.from('%PDF-1.7'),
    emailSentAt: null,
    createdAt,
  } as unknown as Partial<Invoice>);
  const [{ id: itemId }] = await manager.query(
    `SELECT id FROM sales_order_item WHERE order_id = $1 LIMIT 1`,
    [orderId],
  );
  await manager.save(EventTimeout, {
    orderId,
    itemId,
    state: 'shipped',
    event: 'deliver',
    dueAt: createdAt,
    attempts: 2,
    givenUpAt: null,
    lastError: 'the carrier did not answer',
  });
  await manager.save(OrderChange, {
    orderId,
    action: 'billing-address',
    description: 'Billing address changed',
    details: { city: ['Berlin', 'Köln'] },
    actor: 'staff:7',
    source: 'back-office',
    createdAt,
  });
  await manager.save(Refund, {
    orderId,
    currencyCode: 'EUR',
    itemAmount: 1999,
    expenseAmount: 0,
    amount: 1999,
    itemIds: [1],
    creditNoteId: invoice.id,
    actor: 'staff:7',
    source: 'back-office',
    createdAt,
  });
});
afterAll(() => app.close());

/** A row's primary key as text, to line rows up whatever order they come in. */
const keyOf = (app: TestApp, target: EntityTarget<ObjectLiteral>, entity: ObjectLiteral) =>
  JSON.stringify(app.dataSource.getMetadata(target).getEntityIdMap(entity));

describe('the entity reader', () => {
  it.each(ENTITIES.map((target) => [target.name, target] as const))(
    'reads %s rows exactly as TypeORM finds them, and as JSON arrays where their JSON reads the same',
    async (_name, target) => {
      const manager = app.dataSource.manager;
      const metadata = app.dataSource.getMetadata(target);
      const reader = entityReader(manager, target);
      const found = await manager.find(target);
      expect(found.length).toBeGreaterThan(0);
      // find leaves out columns marked `select: false` (an invoice's PDF); the reader reads every column.
      const hidden = metadata.columns.filter((c) => c.isSelect === false).map((c) => c.propertyName);
      const comparable = (entity: ObjectLiteral) => {
        const copy = { ...entity };
        for (const name of hidden) delete copy[name];
        return copy;
      };
      const sorted = (list: ObjectLiteral[]) =>
        [...list].sort((a, b) => keyOf(app, target, a).localeCompare(keyOf(app, target, b)));
      const rows = await manager.query(`SELECT ${reader.selectList('t')} FROM "${reader.tableName}" t`);
      const read = rows.map((row: Record<string, unknown>) => reader.read(row));
      expect(sorted(read).map(comparable)).toEqual(sorted(found).map(comparable));
      for (const entity of read) expect(entity).toBeInstanceOf(target);

      const inJson = metadata.columns.every(
        (c) => !c.isArray && !['bytea', 'numeric'].includes(String(c.type)),
      );
      if (!inJson) {
        // An int8[] or bytea column would read differently from JSON: the reader refuses to build that statement.
        expect(() => reader.jsonValues('t')).toThrow('would read differently from JSON');
        return;
      }
      const arrays = await manager.query(
        `SELECT ${reader.jsonValues('t')} AS v FROM "${reader.tableName}" t`,
      );
      const readValues = arrays.map((row: { v: unknown[] }) => reader.readValues(row.v));
      expect(sorted(readValues)).toEqual(sorted(found));

      // PostgreSQL 16 and later get JSON_ARRAY, older ones json_build_array (a reader told the server is 15 shows it).
      // Both write the same text for every row.
      const driver = manager.connection.driver as typeof manager.connection.driver & { version: string };
      const older = new EntityReader(Object.assign(Object.create(driver), { version: '15.6' }), metadata);
      expect(older.jsonValues('t')).toMatch(/^json_build_array\(/);
      expect(reader.jsonValues('t')).toMatch(
        Number.parseInt(driver.version, 10) >= 16 ? /^JSON_ARRAY\(/ : /^json_build_array\(/,
      );
      const texts = await manager.query(
        `SELECT ${reader.jsonValues('t')}::text AS current, ${older.jsonValues('t')}::text AS built FROM "${reader.tableName}" t`,
      );
      for (const { current, built } of texts) expect(current).toBe(built);
      const readOlder = (
        await manager.query(`SELECT ${older.jsonValues('t')} AS v FROM "${reader.tableName}" t`)
      ).map((row: { v: unknown[] }) => older.readValues(row.v));
      expect(sorted(readOlder)).toEqual(sorted(found));
    },
  );

  it('puts extra expressions after the columns, where columnCount says', async () => {
    const manager = app.dataSource.manager;
    const reader = entityReader(manager, SalesOrder);
    const [row] = await manager.query(
      `SELECT ${reader.jsonValues('o', ['o.item_states', 'NULL::text'])} AS v, o.item_states AS states
         FROM sales_order o ORDER BY o.id LIMIT 1`,
    );
    const [order] = await manager.find(SalesOrder, { order: { id: 'ASC' }, take: 1 });
    expect(reader.readValues(row.v)).toEqual(order);
    expect(row.states.length).toBeGreaterThan(0);
    expect(row.v.slice(reader.columnCount)).toEqual([row.states, null]);
  });
});
