/**
 * One HTTP exchange with the master over undici, nothing more: no retries, no meaning given
 * to statuses. Connection failures and timeouts become `NetworkError`, so callers can tell
 * "the master did not answer" from "the master answered something unwelcome".
 */
import { request, type Dispatcher } from 'undici';

export interface HttpExchange {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpAnswer {
  status: number;
  /** Lower-case names; set-cookie may repeat. */
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export class NetworkError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'NetworkError';
  }
}

export type Transport = (exchange: HttpExchange) => Promise<HttpAnswer>;

export function createTransport(options: { dispatcher?: Dispatcher; timeoutMs: number }): Transport {
  return async ({ method, url, headers, body }) => {
    try {
      const response = await request(url, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
        // Covers connecting, headers and body alike; the master streams nothing we wait on.
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
    } catch (error) {
      throw new NetworkError(describeNetworkFailure(error, options.timeoutMs), error);
    }
  };
}

function describeNetworkFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
