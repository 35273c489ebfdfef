import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';

/**
 * The floor for the history page: the same rows read with the same statement the API sends (a page of orders with
 * their items and shipments as JSON arrays), shaped like the API's answer and serialised with JSON.stringify, by a
 * bare node:http handler. No GraphQL, no validation, no authentication: what the page costs at the least on this
 * machine, so that the API's throughput can be stated as a fraction of it.
 *
 *   node -r @swc-node/register bench/floor-server.ts <DATABASE_URL>   (prints "floor <url>"; x-customer header)
 */
const pool = new Pool({ connectionString: process.argv[2], max: 10 });
// An idle connection closed by the database (it stops when the bench ends) is no reason to crash.
pool.on('error', () => undefined);

const amount = (minor: string | number) => {
  const n = Number(minor);
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};

async function historyPage(customer: string) {
  // Prepared once per connection, as the API prepares it.
  const orders = await pool.query({
    name: 'history-page',
    text: `SELECT o.*,
            (SELECT json_agg(i ORDER BY i.id) FROM sales_order_item i WHERE i.order_id = o.id) AS items,
            (SELECT json_agg(s ORDER BY s.id) FROM sales_shipment s WHERE s.order_id = o.id) AS shipments
       FROM sales_order o WHERE o.customer_reference = $1 ORDER BY o.created_at DESC, o.id DESC LIMIT 21`,
    values: [customer],
  });
  const page = orders.rows.slice(0, 20);
  return {
    data: {
      orders: {
        nodes: page.map((o) => ({
          reference: o.reference,
          createdAt: new Date(o.created_at).toISOString(),
          itemStates: [...o.item_states].sort(),
          totals: {
            subtotal: { amount: amount(o.subtotal) },
            expenseTotal: { amount: amount(o.expense_total) },
            taxTotal: { amount: amount(o.tax_total) },
            grandTotal: { amount: amount(o.grand_total) },
          },
          items: (o.items ?? []).map((i: any) => ({
            sku: i.sku,
            name: i.name,
            quantity: i.quantity,
            state: i.state,
            unitPrice: { amount: amount(i.unit_price) },
            sumPrice: { amount: amount(i.sum_price) },
          })),
          shipments: (o.shipments ?? []).map((s: any) => ({
            methodName: s.method_name,
            carrierName: s.carrier_name,
            expense: { amount: amount(s.expense_amount) },
            address: { city: s.address_city },
          })),
        })),
      },
    },
  };
}

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    historyPage(String(req.headers['x-customer'] ?? ''))
      .then((page) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(page));
      })
      .catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`floor http://127.0.0.1:${(server.address() as AddressInfo).port}/\n`);
});
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
