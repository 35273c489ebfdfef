import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { actorOf, type Viewer } from '../auth/viewer';

/** Mutations limited for every caller: each creates or changes an order and starts side effects. */
export const RATE_LIMITED_MUTATIONS = new Set(['placeOrder', 'cancelOrder']);
const WINDOW_SECONDS = 60;

/** Who is counted: a customer by their reference, staff by user id, an anonymous caller by IP address. */
export function callerKey(viewer: Viewer, clientIp: string): string {
  // The same names histories use for who did something; an anonymous caller is known only by address.
  return viewer.kind === 'anonymous' ? `ip:${clientIp}` : actorOf(viewer);
}

export const rateLimited = (retryAfterSeconds: number, operation: string) =>
  new GraphQLError(
    `Too many ${operation} calls; try again in ${retryAfterSeconds} s. Nothing in this request was run.`,
    {
      extensions: {
        code: 'RATE_LIMITED',
        retryAfterSeconds,
        http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
      },
    },
  );

/**
 * Per caller and mutation, `perMinute` calls in a fixed one-minute window, counted in PostgreSQL (table
 * rate_limit, from a migration) so that every API process on the database shares the count.
 */
export class MutationRateLimiter {
  private readonly limiter: RateLimiterPostgres;

  constructor(pool: Pool, perMinute: number) {
    this.limiter = new RateLimiterPostgres({
      storeClient: pool,
      storeType: 'pool',
      tableName: 'rate_limit',
      tableCreated: true,
      keyPrefix: 'mutation',
      points: perMinute,
      duration: WINDOW_SECONDS,
    });
  }

  /**
   * Counts the request's limited root mutations (an anonymous caller's every mutation) and returns the refusal
   * when one of them is over its limit. Whatever was counted stays counted: a refused burst does not refill.
   */
  async check(viewer: Viewer, clientIp: string, mutations: string[]): Promise<GraphQLError | null> {
    const counts = new Map<string, number>();
    for (const name of mutations) {
      if (viewer.kind === 'anonymous' || RATE_LIMITED_MUTATIONS.has(name))
        counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    const caller = callerKey(viewer, clientIp);
    for (const [name, points] of counts) {
      try {
        await this.limiter.consume(`${name}:${caller}`, points);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        return rateLimited(Math.max(1, Math.ceil(error.msBeforeNext / 1000)), name);
      }
    }
    return null;
  }
}

/**
 * A fixed-window count per key of one action (say, requestGuestOrderLink per IP and per order reference), in the
 * same PostgreSQL table as the mutation limits. `consume` answers the seconds to wait when over the limit.
 */
export class KeyedRateLimiter {
  private readonly limiter: RateLimiterPostgres;

  constructor(pool: Pool, keyPrefix: string, points: number, windowSeconds: number) {
    this.limiter = new RateLimiterPostgres({
      storeClient: pool,
      storeType: 'pool',
      tableName: 'rate_limit',
      tableCreated: true,
      keyPrefix,
      points,
      duration: windowSeconds,
    });
  }

  /** Counts one call for every key; null when all were within their limit, else the longest wait in seconds. */
  async consume(keys: string[]): Promise<number | null> {
    let wait: number | null = null;
    for (const key of keys) {
      try {
        await this.limiter.consume(key, 1);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        wait = Math.max(wait ?? 0, Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
      }
    }
    return wait;
  }
}
