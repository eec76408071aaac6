/**
 * The fake master's web server: routes a request to /config, /auth, /api/v2 (REST or
 * JSON-RPC), /change_hook/base, and records every request for tests to assert on.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { FakeAuth, SessionUser } from './auth.js';
import type { BuildRunner } from './build-runner.js';
import { answerJsonRpc } from './json-rpc-routes.js';
import type { MasterState } from './master-state.js';
import { pythonJson, restJson } from './python-json.js';
import { answerRestGet } from './rest-routes.js';

export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. /api/v2/builds */
  path: string;
  /** Query options, each with all its values */
  query: Record<string, string[]>;
  /** Parsed JSON when the body is JSON, the raw text otherwise, null when empty */
  body: unknown;
  headers: IncomingHttpHeaders;
}

export interface FrontContext {
  state: MasterState;
  runner: BuildRunner;
  auth: FakeAuth;
  url: () => string;
  addChange: (fields: Record<string, string>) => void;
}

const ROOT_LINKS = ['builders', 'builds', 'buildrequests', 'workers', 'logchunks', 'buildsets', 'changes', 'changesources', 'masters', 'sourcestamps', 'schedulers', 'forceschedulers'];

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function recordOf(request: IncomingMessage, url: URL, text: string): RecordedRequest {
  const query: Record<string, string[]> = {};
  for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key);
  let body: unknown = text === '' ? null : text;
  try {
    if (text !== '') body = JSON.parse(text);
  } catch {
    // keep the raw text
  }
  return { method: request.method ?? 'GET', path: url.pathname, query, body, headers: request.headers };
}

function send(response: ServerResponse, status: number, contentType: string, text: string, headers: Record<string, string | string[]> = {}): void {
  response.writeHead(status, { 'content-type': contentType, ...headers });
  response.end(text);
}

export function serveRequest(ctx: FrontContext, request: IncomingMessage, response: ServerResponse, url: URL, text: string): void {
  const method = request.method ?? 'GET';
  const user = ctx.auth.userOf(request.headers.cookie);
  const path = url.pathname;
  if (path === '/config' && method === 'GET') {
    const config = {
      title: ctx.state.title, titleURL: 'http://127.0.0.1/', buildbotURL: ctx.url(), multiMaster: false, plugins: {},
      versions: [['Python', '3.11.2'], ['Buildbot', '3.7.0-2'], ['Twisted', '22.4.0']],
      auth: { name: ctx.auth.mode === 'none' ? 'NoAuth' : 'UserPasswordAuth' },
      user: ctx.auth.userInfo(user),
    };
    send(response, 200, 'application/json', pythonJson(config));
    return;
  }
  if (path === '/auth/login') {
    const answer = ctx.auth.login(request.headers.authorization);
    if (answer.status === 302) {
      send(response, 302, 'text/html', '<html><body>redirect</body></html>', { location: `${ctx.url()}#/`, 'set-cookie': answer.cookies });
    } else if (answer.status === 401) {
      send(response, 401, 'text/html', '<html><head><title>401 - Unauthorized</title></head><body><h1>Unauthorized</h1></body></html>', {
        'www-authenticate': 'basic realm="buildbot"',
      });
    } else {
      send(response, 500, 'text/html', '<html><head><title>500 - Internal Server Error</title></head></html>');
    }
    return;
  }
  if (path === '/auth/logout') {
    send(response, 302, 'text/html', '', { location: `${ctx.url()}#/` });
    return;
  }
  if (path === '/change_hook/base' && method === 'POST') {
    ctx.addChange(Object.fromEntries(new URLSearchParams(text)));
    send(response, 200, 'text/plain', '1 change found');
    return;
  }
  if (path === '/api/v2' || path.startsWith('/api/v2/')) {
    serveApi(ctx, request, response, url, text, user);
    return;
  }
  if (path === '/') {
    send(response, 200, 'text/html', '<html><body>buildbot www placeholder (fake master)</body></html>');
    return;
  }
  send(response, 404, 'text/html', '<html><head><title>404 - No Such Resource</title></head></html>');
}

function serveApi(ctx: FrontContext, request: IncomingMessage, response: ServerResponse, url: URL, text: string, user: SessionUser | null): void {
  const method = request.method ?? 'GET';
  const segments = url.pathname.split('/').slice(3).map(decodeURIComponent);
  if (method === 'POST') {
    const answer = answerJsonRpc({ state: ctx.state, runner: ctx.runner, user, controlNeedsLogin: ctx.auth.mode !== 'none' }, segments, request.headers['content-type'], text);
    send(response, answer.status, 'application/json', answer.text);
    return;
  }
  if (method !== 'GET') {
    send(response, 400, 'text/plain; charset=utf-8', JSON.stringify({ error: 'invalid HTTP method' }));
    return;
  }
  if (ctx.auth.mode === 'all' && user === null) {
    send(response, 403, 'text/plain; charset=utf-8', pythonJson({ error: "you need to have role 'users'" }));
    return;
  }
  const compact = (request.headers.accept ?? '').includes('application/json');
  const contentType = compact ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
  if (segments.length === 0) {
    const rootlinks = ROOT_LINKS.map((name) => ({ name }));
    send(response, 200, contentType, restJson({ rootlinks, meta: { total: rootlinks.length } }, compact));
    return;
  }
  const answer = answerRestGet(ctx.state, segments, url.searchParams);
  if (answer.status === 200) {
    send(response, 200, contentType, restJson(answer.body, compact));
  } else {
    // Buildbot writes REST errors as JSON with a text/plain content type.
    send(response, answer.status, 'text/plain; charset=utf-8', pythonJson(answer.body));
  }
}
