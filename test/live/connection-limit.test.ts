import WebSocket from 'ws';
import { wsUrl } from '../support/subscriptions';
import { startTestApp, TestApp } from '../support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ WS_MAX_CONNECTIONS_PER_IP: '2' });
});
afterAll(() => app.close());

/** Opens a real WebSocket to /graphql: resolves with the socket, or with the HTTP status of a refused upgrade. */
function connect(): Promise<{ socket?: WebSocket; status?: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(app.url), 'graphql-transport-ws');
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode });
      response.resume();
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

const closed = (socket: WebSocket) =>
  new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    socket.close();
  });

describe('WebSocket connections per client address', () => {
  it('refuses the one over WS_MAX_CONNECTIONS_PER_IP with 429, and counts only open ones', async () => {
    const first = await connect();
    const second = await connect();
    expect([first.socket, second.socket].every(Boolean)).toBe(true);
    // Refused upgrades do not count: ten of them change nothing.
    for (let i = 0; i < 10; i++) expect(await connect()).toEqual({ status: 429 });

    await closed(first.socket!);
    // The server counts the connection down when its end of the socket closes, just after the client's.
    let third = await connect();
    for (let attempt = 0; !third.socket && attempt < 50; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      third = await connect();
    }
    expect(third.socket).toBeDefined();
    expect(await connect()).toEqual({ status: 429 });
    await Promise.all([closed(second.socket!), closed(third.socket!)]);
  });
});
