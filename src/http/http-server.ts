/**
 * The bot's one optional HTTP server (`http: {host, port}`): /healthz, /metrics and the
 * Telegram webhook register their routes on it, so one port serves them all.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';

export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

export interface HttpServerOptions {
  host: string;
  /** 0: any free port (tests); `port` tells which after start(). */
  port: number;
  logger: Logger;
}

export class HttpServer {
  private readonly routes = new Map<string, RouteHandler>();
  private server: Server | null = null;

  constructor(private readonly options: HttpServerOptions) {}

  /** Register METHOD PATH (exact path, query ignored). Later registrations of the same route win. */
  /** One handler per route: a second one (two bots' webhooks on one path) is a start-up error. */
  route(method: string, path: string, handler: RouteHandler): void {
    const key = `${method.toUpperCase()} ${path}`;
    if (this.routes.has(key)) throw new Error(`${key} is served already: give each webhook its own path`);
    this.routes.set(key, handler);
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? this.options.port;
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => void this.dispatch(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.options.logger.info({ host: this.options.host, port: this.port }, 'HTTP server listening');
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const handler = this.routes.get(`${request.method ?? 'GET'} ${path}`);
    try {
      if (!handler) {
        const known = [...this.routes.keys()].some((key) => key.endsWith(` ${path}`));
        response.writeHead(known ? 405 : 404, { 'content-type': 'text/plain' }).end(known ? 'method not allowed\n' : 'not found\n');
        return;
      }
      await handler(request, response);
    } catch (error) {
      this.options.logger.error({ err: error, path }, 'HTTP handler failed');
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('internal error\n');
    }
  }
}
