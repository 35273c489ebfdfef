import { placeOrder } from '../support/factories';
import { expectStructuredTwin } from '../support/e-invoice-assertions';
import { trigger } from '../support/oms-operations';
import { startTestApp, TestApp } from '../support/test-app';

const GENERATE = `mutation($r: String!) { generateInvoice(orderReference: $r) { __typename
  ... on Invoice { reference issueDate } ... on ErrorResult { errorCode message } } }`;

describe('the invoice year follows the shop’s time zone', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ SHOP_TIME_ZONE: 'Europe/Berlin' });
  });
  afterAll(() => app.close());

  it('numbers an invoice issued at 00:30 on 1 January in Berlin (23:30 UTC) in the new year, and dates it so', async () => {
    app.clock.set(new Date('2026-12-31T23:30:00.000Z'));
    const order = await placeOrder(app, app.customerToken('DE--NEWYEAR'));
    await trigger(app, order.reference, 'pay');
    const result = await app.gql(GENERATE, { r: order.reference }, app.backOfficeToken());
    expect(result.errors).toBeUndefined();
    expect(result.data!.generateInvoice).toMatchObject({
      __typename: 'Invoice',
      reference: 'INV-2027-000001',
      issueDate: '2026-12-31T23:30:00.000Z',
    });
    const [{ timeZone }] = await app.dataSource.query(
      `SELECT snapshot->>'timeZone' AS "timeZone" FROM sales_invoice WHERE reference = 'INV-2027-000001'`,
    );
    expect(timeZone).toBe('Europe/Berlin');
    // Its EN 16931 twin is dated by the same calendar: 1 January 2027, due 14 days later.
    const twin = await expectStructuredTwin(app, 'INV-2027-000001');
    expect(twin.cii.ExchangedDocument.IssueDateTime.DateTimeString['#text']).toBe('20270101');
    expect(
      twin.cii.SupplyChainTradeTransaction.ApplicableHeaderTradeSettlement.SpecifiedTradePaymentTerms
        .DueDateDateTime.DateTimeString['#text'],
    ).toBe('20270115');
  });
});
