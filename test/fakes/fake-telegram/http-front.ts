/**
 * The fake's HTTP side: `/bot<token>/<method>` with parameters in the query, a JSON, form or
 * multipart body; every answer the JSON envelope `{"ok":true,"result":…}` or
 * `{"ok":false,"error_code":…,"description":…,"parameters":…}`, except the injected 502
 * (nginx's HTML page) and reset (no answer at all). Every call is logged, without the token.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BAD_GATEWAY_PAGE, errorBody, notFound, okBody, TelegramError, unauthorized } from './errors.js';
import { faultError, type FaultInjector } from './faults.js';
import { findMethod, type MethodAnswer, type MethodContext, type MethodHandler } from './methods.js';
import { parseParams, type Params } from './request-params.js';

export interface FrontContext extends Omit<MethodContext, 'method' | 'signal'> {
  faults: FaultInjector;
  /** Counts every 429 sent, injected or from flood control. */
  onTooManyRequests: () => void;
}

type FoundMethod = { name: string; handler: MethodHandler };

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.writableEnded || response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

export async function serveApiRequest(ctx: FrontContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(request);
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const match = /^\/bot([^/]*)\/([^/]*)$/.exec(url.pathname);
  const found = match ? findMethod(match[2] ?? '') : undefined;
  // Never the path itself: it holds the token.
  const method = found?.name ?? match?.[2] ?? '(not a /bot<token>/<method> path)';
  const log = (status: number, outcome: { description?: string; result?: unknown }, params: Params | null) =>
    ctx.state.recordCall({ method, params: params?.record() ?? {}, at: ctx.state.now(), status, ok: status === 200, ...outcome });
  const fail = (error: TelegramError, params: Params | null) => {
    if (error.code === 429) ctx.onTooManyRequests();
    sendJson(response, error.code, errorBody(error));
    log(error.code, { description: error.description }, params);
  };

  if (!match || match[1] !== ctx.state.token) {
    // Telegram checks the token before the method: a wrong token is 401 whatever follows.
    fail(match ? unauthorized() : notFound(), null);
    return;
  }
  if (!found) {
    fail(notFound(), null);
    return;
  }
  let params: Params;
  try {
    params = parseParams(request.headers['content-type'], body, url.searchParams);
  } catch (error) {
    if (error instanceof TelegramError) fail(error, null);
    else throw error;
    return;
  }

  const fault = ctx.faults.take(found.name);
  if (fault) {
    const error = faultError(fault);
    if (error) fail(error, params);
    else if (fault.code === 502) {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end(BAD_GATEWAY_PAGE);
      log(502, { description: 'Bad Gateway (injected)' }, params);
    } else {
      request.socket.destroy();
      log(0, { description: 'connection reset (injected)' }, params);
    }
    return;
  }

  const closed = new AbortController();
  response.on('close', () => {
    if (!response.writableFinished) closed.abort();
  });
  const outcome = await runMethod(ctx, found, params, closed.signal);
  if (closed.signal.aborted) {
    log(0, { description: 'the client closed the connection before the answer' }, params);
    return;
  }
  if ('error' in outcome) {
    fail(outcome.error, params);
    return;
  }
  const { result, description } = outcome.answer;
  sendJson(response, 200, okBody(result, description));
  log(200, { result, ...(description === undefined ? {} : { description }) }, params);
}

type Outcome = { answer: MethodAnswer } | { error: TelegramError };

async function runMethod(ctx: FrontContext, found: FoundMethod, params: Params, signal: AbortSignal): Promise<Outcome> {
  try {
    return { answer: await found.handler({ ...ctx, method: found.name, signal }, params) };
  } catch (error) {
    if (error instanceof TelegramError) return { error };
    throw error;
  }
}

/** Run a webhook reply (`{"method": …, …}` in the webhook's answer) like an API call; its answer goes nowhere. */
export async function runWebhookReply(ctx: FrontContext, payload: Record<string, unknown>): Promise<void> {
  const { method: name, ...fields } = payload;
  const found = typeof name === 'string' ? findMethod(name) : undefined;
  const params = parseParams('application/json', Buffer.from(JSON.stringify(fields)), new URLSearchParams());
  const log = (status: number, outcome: { description?: string; result?: unknown }) =>
    ctx.state.recordCall({ method: found?.name ?? String(name), params: params.record(), at: ctx.state.now(), status, ok: status === 200, viaWebhookReply: true, ...outcome });
  if (!found) {
    log(404, { description: 'Not Found' });
    return;
  }
  const outcome = await runMethod(ctx, found, params, new AbortController().signal);
  if (!('error' in outcome)) {
    log(200, { result: outcome.answer.result });
    return;
  }
  if (outcome.error.code === 429) ctx.onTooManyRequests();
  log(outcome.error.code, { description: outcome.error.description });
}
