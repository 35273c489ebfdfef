import { IdleCollector } from '../../src/runtime/idle-collection';
import { buildServer, ServerProcess, startServer } from '../support/server-process';
import { createTestDatabase } from '../support/test-database';

describe('IdleCollector', () => {
  it('collects once when requests were served and then none for the idle time, and again after new ones', () => {
    let now = 0;
    let collections = 0;
    const collector = new IdleCollector(
      10_000,
      () => now,
      () => (collections += 1),
    );

    now = 60_000;
    expect(collector.tick()).toBe(false); // nothing served since start: nothing to give back
    collector.touch();
    now += 9_999;
    expect(collector.tick()).toBe(false); // not idle long enough
    collector.touch(); // another request restarts the wait
    now += 9_999;
    expect(collector.tick()).toBe(false);
    now += 1;
    expect(collector.tick()).toBe(true);
    expect(collections).toBe(1);
    now += 60_000;
    expect(collector.tick()).toBe(false); // idle on: once is enough
    collector.touch();
    now += 10_000;
    expect(collector.tick()).toBe(true);
    expect(collections).toBe(2);
  });
});

describe('the server as npm start runs it', () => {
  let build: ReturnType<typeof buildServer>;
  let database: { url: string; drop: () => Promise<void> };
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    build = buildServer();
    database = await createTestDatabase();
  });
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    await database?.drop();
    build?.remove();
  });

  it('collects once the GraphQL requests have stopped for IDLE_COLLECTION_AFTER, not before any', async () => {
    server = await startServer(build.dir, {
      DATABASE_URL: database.url,
      IDLE_COLLECTION_AFTER: '1s',
      LOG_LEVEL: 'debug',
    });
    const collected = () => server!.log().match(/idle: collected in \d+ ms, RSS \d+ → \d+ MiB/g) ?? [];
    // Health checks are no work: polling /readyz collects nothing.
    for (let i = 0; i < 5; i++) expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    for (let i = 0; i < 20; i++) {
      const page = await server.gql(
        `{ orders(first: 20) { nodes { reference } } }`,
        {},
        server.customerToken('DE--I1'),
      );
      expect(page.errors).toBeUndefined();
    }
    expect(collected()).toEqual([]);
    // Waits for the log line itself (the process collects on its own timer, a second after the last request).
    const deadline = Date.now() + 20_000;
    while (collected().length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(collected()).toHaveLength(1);
  });
});
