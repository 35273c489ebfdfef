export interface BackoffOptions {
  /** Delay before the second attempt; each further retry waits twice as long as the one before. */
  baseDelayMs: number;
  /** Ceiling of the delay, so a long outage is still retried regularly. */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseDelayMs: 10_000, maxDelayMs: 60 * 60_000 };

/**
 * How long to wait after failed attempt number `attempt` (1-based): base, 2 × base, 4 × base, … capped. No random
 * jitter: jobs are enqueued at different moments, so their retries are already spread, and tests stay exact.
 */
export function retryDelayMs(
  attempt: number,
  { baseDelayMs, maxDelayMs }: BackoffOptions = DEFAULT_BACKOFF,
): number {
  // Past 2^30 the product only overflows toward the ceiling anyway; capping the exponent keeps it a finite number.
  const factor = 2 ** Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(baseDelayMs * factor, maxDelayMs);
}
