import { Writable } from 'node:stream';
import { createLogger, createPino, requestScope } from '../../src/common/logger';
import { PLACE_ORDER, placeOrderInput } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

let app: TestApp;
let origin: string;

beforeAll(async () => {
  app = await startTestApp();
  origin = new URL(app.url).origin;
});
afterAll(() => app.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${origin}${path}`, { headers });

describe('health', () => {
  it('GET /healthz says the process is alive', async () => {
    const response = await get('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz is 200 with every migration applied and 503 while one is missing', async () => {
    expect((await get('/readyz')).status).toBe(200);
    const [last] = await app.dataSource.query('SELECT * FROM migrations ORDER BY id DESC LIMIT 1');
    await app.dataSource.query('DELETE FROM migrations WHERE id = $1', [last.id]);
    try {
      const response = await get('/readyz');
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'migrations pending', pending: [last.name] });
    } finally {
      await app.dataSource.query('INSERT INTO migrations (id, timestamp, name) VALUES ($1, $2, $3)', [
        last.id,
        last.timestamp,
        last.name,
      ]);
    }
    expect((await get('/readyz')).status).toBe(200);
  });

  it('keeps the old GET /health', async () => {
    expect((await get('/health')).status).toBe(200);
  });
});

describe('request ids', () => {
  it('echoes a sane x-request-id and replaces anything else with a fresh one', async () => {
    expect((await get('/healthz', { 'x-request-id': 'lb-4711.abc' })).headers.get('x-request-id')).toBe(
      'lb-4711.abc',
    );
    const made = (await get('/healthz', { 'x-request-id': 'x'.repeat(300) })).headers.get('x-request-id');
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    const none = (await get('/healthz')).headers.get('x-request-id');
    expect(none).toMatch(/^[0-9a-f-]{36}$/);
    expect(none).not.toBe(made);
  });
});

describe('GET /metrics', () => {
  it('counts GraphQL requests by operation name and errors by code, beside queue, pool and process figures', async () => {
    const placed = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${app.customerToken('DE--M1')}` },
      body: JSON.stringify({
        query: PLACE_ORDER,
        variables: { input: placeOrderInput() },
        operationName: 'Place',
      }),
    });
    expect(placed.status).toBe(200);
    await app.gql('query Broken { noSuchField }');

    const response = await get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(
      /^om_graphql_request_duration_seconds_count\{operation="Place",type="mutation"\} [1-9]/m,
    );
    expect(text).toMatch(/^om_graphql_errors_total\{code="GRAPHQL_VALIDATION_FAILED"\} [1-9]/m);
    // HTTP durations by route group: the GraphQL requests above under "graphql" (not "other"), by status class.
    expect(text).toMatch(/^om_http_request_duration_seconds_count\{route="graphql",status="2xx"\} [1-9]/m);
    expect(text).toMatch(/^om_http_request_duration_seconds_count\{route="graphql",status="4xx"\} [1-9]/m);
    for (const name of [
      'om_job_queue_depth',
      'om_job_queue_oldest_age_seconds',
      'om_jobs_failed',
      'om_oms_timeouts_overdue',
      'om_db_pool_connections{state="max"}',
      'om_process_resident_memory_bytes',
      'om_nodejs_eventloop_lag_seconds',
    ]) {
      expect(text).toMatch(new RegExp(`^${name.replace(/[{}]/g, '\\$&')} \\d`, 'm'));
    }
    expect(text).toMatch(/^om_job_queue_stats_up 1$/m);
    // The order placed above left a delivery-free, undue state: nothing queued, nothing overdue.
    expect(text).toMatch(/^om_oms_timeouts_overdue 0$/m);
  });
});

describe('draining', () => {
  it('answers /readyz with 503 once the app drains, while it still serves', async () => {
    app.app.drain();
    const response = await get('/readyz');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'draining' });
    expect((await get('/healthz')).status).toBe(200);
  });
});

describe('JSON logs', () => {
  function capture() {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    return { lines, logger: createLogger('debug', createPino('debug', stream)) };
  }

  it('carry the request id of the request being served', () => {
    const { lines, logger } = capture();
    requestScope.run({ requestId: 'req-1' }, () => logger.info('inside'));
    logger.info('outside');
    expect(lines.map((l) => [l.message, l.requestId])).toEqual([
      ['inside', 'req-1'],
      ['outside', undefined],
    ]);
    expect(lines[0]).toMatchObject({ level: 'info', pid: process.pid });
    expect(typeof lines[0].time).toBe('string');
  });

  it('give each request its whole path, without the query string', async () => {
    const { lines, logger } = capture();
    const logged = await startTestApp({}, { logger, sameDatabaseAs: app });
    try {
      expect((await logged.gql('{ products { nodes { sku } } }')).errors).toBeUndefined();
      await fetch(`${new URL(logged.url).origin}/invoices/1.pdf?token=secret-token`);
      const requests = lines.filter((l) => l.message === 'request');
      expect(requests.map((l) => (l.detail as { path: string }).path)).toEqual([
        '/graphql',
        '/invoices/1.pdf',
      ]);
      expect(JSON.stringify(lines)).not.toContain('secret-token');
    } finally {
      await logged.close();
    }
  });

  it('never carry e-mail addresses or tokens, in messages, details or errors', () => {
    const { lines, logger } = capture();
    const jwt = app.customerToken('DE--L1');
    logger.warn(`mail to anna.schmidt@example.com failed`, {
      to: 'anna@example.com',
      note: `token ${jwt}`,
      password: 'hunter2-hunter2',
    });
    logger.error('send failed', new Error(`550 mailbox olga@example.org unavailable; link ?token=${jwt}`));
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/[\w.]+@example\.(com|org)/);
    expect(text).not.toContain(jwt.split('.')[1]);
    expect(lines[0].message).toBe('mail to ***@example.com failed');
    expect(lines[0].detail).toEqual({ to: '***@example.com', note: 'token <token>', password: '<redacted>' });
    expect(lines[1].error).toBe('550 mailbox ***@example.org unavailable; link ?token=<token>');
  });
});
