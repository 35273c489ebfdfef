import autocannon from 'autocannon';

/** One phase's figures, from autocannon (a load generator that keeps its own cost per request small). */
export interface LoadResult {
  requests: number;
  /** Responses that were not a 200 with the expected body, plus socket errors and timeouts. */
  errors: number;
  firstError?: string;
  seconds: number;
  perSecond: number;
  p50: number;
  /** The tail, for whoever works on p99: where it starts to rise. */
  p90: number;
  p97_5: number;
  p99: number;
  p99_9: number;
}

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** The body and headers of the n-th request (a different customer, search or order each time). */
  request: (n: number) => { body: string; headers: Record<string, string> };
  /** Whether a 200 response's body is what the request should give (no errors, the expected data). */
  isGood: (body: string) => boolean;
}

function run(spec: LoadSpec, seconds: number, onBad: (why: string) => void): Promise<autocannon.Result> {
  let n = 0;
  return autocannon({
    url: spec.url,
    connections: spec.connections,
    pipelining: 1,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const { body, headers } = spec.request(n++);
          return { ...req, body, headers: { 'content-type': 'application/json', ...headers } };
        },
        onResponse: (status, body) => {
          if (status !== 200 || !spec.isGood(body)) onBad(`${status} ${body.slice(0, 300)}`);
        },
      },
    ],
  });
}

/** A warm-up, then the measured run: closed loop, `connections` requests in flight, every response body checked. */
export async function runAutocannon(spec: LoadSpec): Promise<LoadResult> {
  if (spec.warmupSeconds > 0) await run(spec, spec.warmupSeconds, () => undefined);
  let bad = 0;
  let firstError: string | undefined;
  const result = await run(spec, spec.seconds, (why) => {
    bad += 1;
    firstError ??= why;
  });
  const requests = result.requests.total;
  return {
    requests,
    errors: bad + result.errors + result.timeouts,
    firstError,
    seconds: result.duration,
    perSecond: requests / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    p99_9: result.latency.p99_9,
  };
}
