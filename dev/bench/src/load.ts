import autocannon from 'autocannon';
import { percentile } from './stats';

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections?: number;
  seconds: number;
  /** Requests per second across all connections; unlimited when omitted. */
  rate?: number;
}

export interface LoadResult {
  /** Successful (2xx) responses per second. */
  rps: number;
  ok: number;
  failed: number;
  /** Milliseconds, over successful responses. */
  p50: number;
  p99: number;
}

/**
 * Drives HTTP load with autocannon. Latencies come from autocannon's per-response timings
 * rather than its histogram, which rounds to whole milliseconds: too coarse for sub-ms floors.
 */
export const load = async (options: LoadOptions): Promise<LoadResult> => {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: options.method ?? 'GET',
        headers: options.body ? { 'content-type': 'application/json', ...options.headers } : options.headers,
        body: options.body,
        connections: options.connections ?? 10,
        duration: options.seconds,
        overallRate: options.rate,
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
  const ok = result['2xx'];
  return {
    rps: ok / result.duration,
    ok,
    failed: result.non2xx + result.errors,
    p50: latencies.length ? percentile(latencies, 50) : NaN,
    p99: latencies.length ? percentile(latencies, 99) : NaN,
  };
};

/** Throws when a load run got no successful answers or mostly failures: its numbers would mean nothing. */
export const assertHealthy = (what: string, result: LoadResult): LoadResult => {
  if (!result.ok || result.failed > result.ok * 0.01) {
    throw new Error(`${what}: ${result.ok} ok, ${result.failed} failed — the target is not answering properly`);
  }
  return result;
};
