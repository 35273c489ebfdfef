import { Client, Pool } from 'pg';
import type { Logger } from '../common/logger';

/**
 * PostgreSQL LISTEN/NOTIFY, the one channel every API process on a database shares. Migrations make triggers send
 * the notifications (so they leave only with a commit); this module holds the statements that send and receive.
 */

/** NOTIFY outside any transaction (delivered at once): for publishers that are not a database change. */
export async function notify(pool: Pool, channel: string, payload: string): Promise<void> {
  await pool.query(`SELECT pg_notify($1, $2)`, [channel, payload]);
}

export interface ListenerOptions {
  pool: Pool;
  channel: string;
  onPayload: (payload: string) => void;
  /** Called after every LISTEN but the first: what was sent while the connection was away is lost. */
  onReconnected?: () => void;
  logger: Logger;
  /** First wait before reconnecting; doubles per failed attempt up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * One dedicated connection (not from the pool: a LISTEN lives as long as its session) that LISTENs on a channel.
 * When the connection breaks (a restart, a failover, pg_terminate_backend) it reconnects with backoff and LISTENs
 * again; notifications sent while it was away are lost, which is why payloads only say *which* order changed and
 * subscribers read the order itself, and why `onReconnected` lets the owner catch its subscribers up.
 */
export class NotificationListener {
  private client: Client | null = null;
  private stopped = false;
  private attempts = 0;
  private timer: NodeJS.Timeout | undefined;
  /** How often the connection was (re)established: 1 after start, +1 per reconnect. */
  connections = 0;

  constructor(private readonly options: ListenerOptions) {}

  /** Resolves once the first LISTEN is in place (or rejects if the first connection fails). */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => {});
  }

  /** The server-side process id of the listening session (tests terminate it to prove the reconnect). */
  async backendPid(): Promise<number | null> {
    const client = this.client;
    if (!client) return null;
    const [row] = (await client.query(`SELECT pg_backend_pid() AS pid`)).rows;
    return row.pid;
  }

  private async connect(): Promise<void> {
    const { pool, channel } = this.options;
    const client = new Client({ ...pool.options, application_name: 'order-management-listener' });
    client.on('notification', (message) => {
      if (message.channel === channel && message.payload) this.options.onPayload(message.payload);
    });
    const broken = (error?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      client.removeAllListeners('notification');
      client.end().catch(() => {});
      if (!this.stopped) {
        this.options.logger.warn(`LISTEN ${channel}: connection lost; reconnecting`, error?.message);
        this.scheduleReconnect();
      }
    };
    client.on('error', broken);
    client.on('end', () => broken());
    await client.connect();
    // The channel is a fixed identifier of ours, never input: LISTEN takes no parameters.
    await client.query(`LISTEN ${channel}`);
    if (this.stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.attempts = 0;
    this.connections += 1;
    if (this.connections > 1) this.options.onReconnected?.();
  }

  private scheduleReconnect(): void {
    const { retryMs = 100, maxRetryMs = 5000 } = this.options;
    const delay = Math.min(maxRetryMs, retryMs * 2 ** this.attempts);
    this.attempts += 1;
    this.timer = setTimeout(() => {
      this.connect().catch((error: Error) => {
        this.options.logger.warn(`LISTEN ${this.options.channel}: reconnect failed`, error.message);
        if (!this.stopped) this.scheduleReconnect();
      });
    }, delay);
  }
}
