/**
 * The rules for talking to a master, endpoint by endpoint alike:
 * - reads retry network failures and 5xx with backoff, then give up with MasterUnavailableError
 *   (no answer) or MasterResponseError (a bad answer); a 403 logs in (again) once and repeats;
 * - control calls (JSON-RPC) go out exactly once, except that a 403 — refused before anything
 *   ran — may be repeated once after logging in again.
 */
import { ZodError } from 'zod';
import { MasterAuthError, MasterRejectedError, MasterResponseError, MasterUnavailableError } from './errors.js';
import { NetworkError, type HttpAnswer, type Transport } from './http-transport.js';
import { excerpt, readRpcAnswer, rpcRequestBody } from './json-rpc.js';
import type { LoginSession } from './login-session.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay, isRetryableStatus, type RetryPolicy } from './retry-policy.js';

/** What the client logs through: pino or anything with the same four methods. */
export interface ClientLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface MasterConnectionOptions {
  baseUrl: string;
  transport: Transport;
  retry: RetryPolicy;
  logger: ClientLogger;
  /** Present when the bot has credentials. */
  session: LoginSession | null;
  random?: () => number;
  wait?: (ms: number) => Promise<void>;
}

const READ_ACTION = 'read from the REST API';

/**
 * Request lines longer than this are where web servers stop reading: Twisted, which serves
 * Buildbot's web UI, reads at most 16 KB of request line and headers (twisted.web.http
 * HTTPChannel.totalHeadersSize) and closes the connection beyond; proxies often allow 8 KB.
 * A connection closed on such a request is the master refusing it, not the master being down.
 */
export const OVERSIZED_REQUEST_BYTES = 8_192;

export class MasterConnection {
  private nextRpcId = 1;

  constructor(private readonly options: MasterConnectionOptions) {}

  /** GET `target` (relative to the web root, query included) and parse its JSON. */
  async read<T>(target: string, parse: (json: unknown) => T): Promise<T> {
    const answer = await this.get(target, false);
    return this.parseAnswer('GET', target, answer, parse);
  }

  /** The same for one object: null when the master answers 404 (it does not exist). */
  async readOptional<T>(target: string, parse: (json: unknown) => T): Promise<T | null> {
    const answer = await this.get(target, true);
    return answer.status === 404 ? null : this.parseAnswer('GET', target, answer, parse);
  }

  /** A 200 answer (or a 404 when `allow404`), after retries and at most one fresh login. */
  private async get(target: string, allow404: boolean): Promise<HttpAnswer> {
    const { baseUrl, retry, session } = this.options;
    let failures = 0;
    let loggedInAgain = false;
    for (;;) {
      if (session?.cookie && session.needsLogin()) await session.login(READ_ACTION);
      let answer: HttpAnswer;
      try {
        answer = await this.exchange('GET', target);
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        const bytes = Buffer.byteLength(`${baseUrl}${target}`);
        if (bytes > OVERSIZED_REQUEST_BYTES) {
          // Trying again would only be refused again; the master is up.
          throw new MasterResponseError('GET', `/${excerpt(target, 60)}`, 0, `the Buildbot master closed the connection on a request of ${bytes.toLocaleString('en-US')} bytes, longer than it reads (${error.message})`);
        }
        if (++failures < retry.attempts) {
          await this.backoff(failures, target, error.message);
          continue;
        }
        throw new MasterUnavailableError(baseUrl, error);
      }
      if (isRetryableStatus(answer.status)) {
        if (++failures < retry.attempts) {
          await this.backoff(failures, target, `HTTP ${answer.status}`);
          continue;
        }
        throw new MasterResponseError('GET', `/${target}`, answer.status, restErrorDetail(answer.text));
      }
      if ((answer.status === 401 || answer.status === 403) && session && !loggedInAgain) {
        loggedInAgain = true;
        session.forget();
        await session.login(READ_ACTION);
        continue;
      }
      if (answer.status === 401 || answer.status === 403) throw new MasterAuthError(READ_ACTION, restErrorDetail(answer.text));
      if (answer.status === 200 || (answer.status === 404 && allow404)) return answer;
      throw new MasterResponseError('GET', `/${target}`, answer.status, restErrorDetail(answer.text));
    }
  }

  /** A JSON-RPC call on `target`; returns its `result`. `action` ("force a build") is for errors. */
  async control(target: string, method: string, params: Record<string, unknown>, action: string): Promise<unknown> {
    const { session } = this.options;
    if (session?.needsLogin()) await session.login(action);
    const body = rpcRequestBody(method, params, this.nextRpcId++);
    let answer = await this.post(target, body);
    if (answer.status === 403 && session) {
      // Refused before anything ran (www authz), so one more try after a fresh login is safe.
      session.forget();
      await session.login(action);
      answer = await this.post(target, body);
    }
    const rpc = readRpcAnswer(answer.text);
    if (rpc.kind === 'error') {
      if (answer.status === 401 || answer.status === 403) throw new MasterAuthError(action, rpc.detail);
      throw new MasterRejectedError(action, answer.status, rpc.detail);
    }
    if (rpc.kind === 'other' || answer.status !== 200) {
      throw new MasterResponseError('POST', `/${target}`, answer.status, rpc.kind === 'other' ? rpc.detail : 'unexpected JSON-RPC answer');
    }
    return rpc.result;
  }

  private async post(target: string, body: string): Promise<HttpAnswer> {
    try {
      return await this.exchange('POST', target, body);
    } catch (error) {
      // Never retried: the call may have reached the master and started a build.
      if (error instanceof NetworkError) throw new MasterUnavailableError(this.options.baseUrl, error);
      throw error;
    }
  }

  private async exchange(method: 'GET' | 'POST', target: string, body?: string): Promise<HttpAnswer> {
    const { baseUrl, transport, logger, session } = this.options;
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'buildbot-chat' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (session?.cookie) headers.cookie = session.cookie;
    const started = Date.now();
    try {
      const answer = await transport({ method, url: `${baseUrl}${target}`, headers, ...(body !== undefined ? { body } : {}) });
      logger.debug({ method, path: `/${target}`, status: answer.status, ms: Date.now() - started }, 'buildbot request');
      return answer;
    } catch (error) {
      logger.debug({ method, path: `/${target}`, error: error instanceof Error ? error.message : String(error), ms: Date.now() - started }, 'buildbot request failed');
      throw error;
    }
  }

  private async backoff(failures: number, target: string, reason: string): Promise<void> {
    const { retry, logger, random, wait } = this.options;
    const delayMs = backoffDelay(retry, failures, random);
    logger.warn({ path: `/${target}`, reason, attempt: failures, of: retry.attempts, delayMs }, 'buildbot read failed, retrying');
    await (wait ?? sleep)(delayMs);
  }

  private parseAnswer<T>(method: string, target: string, answer: HttpAnswer, parse: (json: unknown) => T): T {
    let json: unknown;
    try {
      json = JSON.parse(answer.text);
    } catch {
      throw new MasterResponseError(method, `/${target}`, answer.status, `the answer is not JSON: ${excerpt(answer.text)}`);
    }
    try {
      return parse(json);
    } catch (error) {
      if (error instanceof ZodError) throw new MasterResponseError(method, `/${target}`, answer.status, `unexpected answer: ${summarizeIssues(error)}`);
      throw error;
    }
  }
}

/** Buildbot's REST errors are `{"error": "text"}` (served as text/plain). */
export function restErrorDetail(text: string): string {
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === 'object' && json !== null && 'error' in json) {
      const error = (json as { error: unknown }).error;
      if (typeof error === 'string') return error;
      if (typeof error === 'object' && error !== null && 'message' in error) return String((error as { message: unknown }).message);
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return excerpt(text);
}

function summarizeIssues(error: ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
