import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  buildServer,
  descendants,
  ServerProcess,
  startServer,
  stillRunning,
} from '../support/server-process';

// WEB_CONCURRENCY=2: one primary (database owner) and two API processes on one port, as real processes.

jest.setTimeout(180_000);

let build: ReturnType<typeof buildServer>;
let dataDir: string;
let server: ServerProcess;

beforeAll(async () => {
  build = buildServer();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'om-cluster-'));
  fs.chmodSync(dataDir, 0o755);
  server = await startServer(build.dir, { DATA_DIR: dataDir, WEB_CONCURRENCY: '2' });
});
afterAll(async () => {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  build?.remove();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const apiProcesses = () => descendants(server.pid).filter((p) => p.command.includes('src/main.js'));
/**
 * One request on a connection of its own (`agent: false`): a pooled keep-alive connection to a process killed since
 * would be reset, as for any client of any restarted server, and would test the client's retries instead.
 */
function products(): Promise<{ data?: { products: { edges: unknown[] } } }> {
  const body = JSON.stringify({ query: 'query Products { products(first: 1) { edges { node { sku } } } }' });
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${server.url}/graphql`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve(JSON.parse(text)));
      },
    );
    request.setTimeout(10_000, () => request.destroy(new Error('no answer within 10 s')));
    request.on('error', reject);
    request.end(body);
  });
}

/** Runs `check`; when it fails, the failure carries what the server printed (a crash shows there, not in the test). */
async function withServerLog(check: () => Promise<void>): Promise<void> {
  try {
    await check();
  } catch (error) {
    if (error instanceof Error) error.message += `\n--- server output ---\n${server.log()}`;
    throw error;
  }
}

async function until(what: string, probe: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('serves from two API processes on one port and reports their metrics as one', async () => {
  // /readyz answers once the first API process listens; the primary says when both do. Killed before that, the second
  // would be an API process that could not start, and the primary gives up (the start-up rule, not this test's).
  await until('both API processes to listen', () => server.log().includes('2 API processes ready'), 60_000);
  expect(apiProcesses()).toHaveLength(2);
  const results = await Promise.all(Array.from({ length: 20 }, products));
  expect(results.every((r) => r.data?.products.edges.length === 1)).toBe(true);
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const count =
    /^om_graphql_request_duration_seconds_count\{operation="Products",type="query"\} (\d+)$/m.exec(text);
  expect(Number(count?.[1])).toBe(20);
});

it('replaces an API process that was killed, and the other serves meanwhile', () =>
  withServerLog(async () => {
    const [victim] = apiProcesses();
    process.kill(victim.pid, 'SIGKILL');
    // Once the primary has handled the exit (a connection it hands over in that instant is lost, as with any crash:
    // a balancer retries it), the other one serves alone until the replacement listens.
    await until(
      'the primary to notice',
      () => server.log().includes(`API process ${victim.pid} exited`),
      10_000,
    );
    expect((await products()).data?.products.edges).toHaveLength(1);
    await until(
      'a replacement',
      () => apiProcesses().length === 2 && !apiProcesses().some((p) => p.pid === victim.pid),
      60_000,
    );
    for (let i = 0; i < 5; i += 1) expect((await products()).data?.products.edges).toHaveLength(1);
  }));

it('SIGTERM stops the API processes, then the database, and leaves nothing behind', () =>
  withServerLog(async () => {
    const children = descendants(server.pid);
    expect(children.some((p) => /postgres -D/.test(p.command))).toBe(true);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(await stillRunning(children, 1_000)).toEqual([]);
  }));
