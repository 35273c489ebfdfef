/**
 * How each queue retries, expires and keeps its jobs. pg-boss stores these on every job when it is sent, so a change
 * here applies to jobs sent from then on.
 */
export interface QueueSettings {
  /** Retries after the first attempt; the job is marked failed (and kept) after the last one. */
  retryLimit: number;
  /**
   * Seconds before the first retry. With backoff pg-boss waits delay × 2^(retry − 1) × (1 + a random fraction): the
   * jitter spreads a burst of failures (an SMTP outage) instead of retrying them all at the same moment.
   */
  retryDelaySeconds: number;
  retryBackoff: boolean;
  /**
   * How long one attempt may run before pg-boss's maintenance takes it back and retries it (the lease). pg-boss
   * never renews it, so it must be longer than the slowest attempt: a PDF render (well under a minute, even with a
   * cold browser) plus three SMTP timeouts of 30 s. A late finisher cannot complete a job it lost (pg-boss only
   * completes active jobs), and a repeated e-mail carries the same Message-ID (see mailer.ts).
   */
  expireInSeconds: number;
  /** A job not started within this many days (say, waiting for retries all that time) is archived unrun. */
  retentionDays: number;
}

export const INVOICE_DELIVERY_QUEUE = 'invoice.deliver';
export const ORDER_MAIL_QUEUE = 'order.mail';

export const QUEUE_SETTINGS: Record<string, QueueSettings> = {
  // 12 attempts; the 11 waits add up to 10 × (2^11 − 1) s × (1 to 2): about 6 to 11 hours of outage lose nothing.
  [INVOICE_DELIVERY_QUEUE]: {
    retryLimit: 11,
    retryDelaySeconds: 10,
    retryBackoff: true,
    expireInSeconds: 600,
    retentionDays: 14,
  },
  // Order e-mails (confirmation, shipping, cancellation, guest links): no PDF, so a shorter lease.
  [ORDER_MAIL_QUEUE]: {
    retryLimit: 11,
    retryDelaySeconds: 10,
    retryBackoff: true,
    expireInSeconds: 300,
    retentionDays: 14,
  },
};

/**
 * Housekeeping that pg-boss's maintenance does in worker processes (one of them at a time, whichever gets there):
 * completed jobs leave the job table after an hour for the archive, failed ones stay in it for 30 days where
 * operators look (`SELECT * FROM pgboss.job WHERE state = 'failed'`), and the archive is emptied after 7 days.
 */
export const MAINTENANCE = {
  maintenanceIntervalSeconds: 60,
  archiveCompletedAfterSeconds: 60 * 60,
  archiveFailedAfterSeconds: 30 * 24 * 60 * 60,
  deleteAfterDays: 7,
} as const;
