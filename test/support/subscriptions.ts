import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface LiveSubscription {
  /** The next result (data or errors); rejects when the connection closes first (with its close event). */
  next(): Promise<{ data?: any; errors?: any[] }>;
  close(): Promise<void>;
}

/** The graphql-ws URL of an API's HTTP URL: the same path, ws:// instead of http://. */
export const wsUrl = (httpUrl: string) => httpUrl.replace(/^http/, 'ws');

/**
 * A real graphql-ws client (the package browsers and apps use) over a real socket, one connection per
 * subscription, `params` sent in connection_init. No retries: a refused connection is the answer.
 */
export function subscribe(
  httpUrl: string,
  params: Record<string, unknown>,
  query: string,
  variables: Record<string, unknown> = {},
): LiveSubscription & { client: Client; closed: Promise<{ code: number; reason: string }> } {
  let onClosed: (event: { code: number; reason: string }) => void = () => {};
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  const client = createClient({
    url: wsUrl(httpUrl),
    webSocketImpl: WebSocket,
    connectionParams: params,
    retryAttempts: 0,
    lazy: true,
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        onClosed({ code, reason: String(reason) });
      },
    },
  });
  const iterator = client.iterate({ query, variables });
  return {
    client,
    closed,
    next: async () => {
      const result = await iterator.next();
      if (result.done) throw new Error('the subscription completed');
      return result.value as { data?: any; errors?: any[] };
    },
    close: async () => {
      await iterator.return?.();
      await client.dispose();
    },
  };
}
