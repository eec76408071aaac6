/**
 * Wraps a Transport to report each exchange with the master (metrics: master request latency).
 * The endpoint label is the collection asked for, never the full path: ids and names in paths
 * would make a new time series per build.
 */
import type { Transport } from './http-transport.js';

export interface RequestSample {
  method: string;
  /** "builders", "builds", "forceschedulers", "config", "auth"... */
  endpoint: string;
  /** The HTTP status, or "error" when no answer came. */
  status: number | 'error';
  seconds: number;
}

/** "http://m/api/v2/builds/7/steps?x" (base "http://m/") is "builds"; "http://m/auth/login" is "auth". */
export function endpointOf(url: string, baseUrl: string): string {
  const path = (url.startsWith(baseUrl) ? url.slice(baseUrl.length) : new URL(url).pathname.slice(1)).split(/[?#]/)[0] ?? '';
  const segments = path.split('/').filter((segment) => segment !== '');
  const [first = '', second = '', third = ''] = segments;
  return first === 'api' && /^v\d+$/.test(second) ? third || 'api' : first || 'root';
}

export function observeTransport(transport: Transport, baseUrl: string, onRequest: (sample: RequestSample) => void): Transport {
  return async (exchange) => {
    const started = performance.now();
    const report = (status: number | 'error') =>
      onRequest({ method: exchange.method, endpoint: endpointOf(exchange.url, baseUrl), status, seconds: (performance.now() - started) / 1000 });
    try {
      const answer = await transport(exchange);
      report(answer.status);
      return answer;
    } catch (error) {
      report('error');
      throw error;
    }
  };
}
