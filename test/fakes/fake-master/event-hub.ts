/**
 * The master's /ws endpoint (buildbot/www/ws.py 3.7, "buildbot" protocol): clients
 * startConsuming paths such as `builds/*\/*` and get `{"k": "builds/7/new", "m": {...}}` for
 * each event whose key has as many segments and matches segment by segment (`*` any), once
 * per matching subscription, as the master's MQ delivers it. Replies as in the README.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

export function pathMatches(path: string, key: string): boolean {
  const want = path.split('/');
  const have = key.split('/');
  return want.length === have.length && want.every((segment, i) => segment === '*' || segment === have[i]);
}

export class EventHub {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly subscriptions = new Map<WebSocket, Set<string>>();

  /** Every event published, in order, whether anyone listened or not. */
  readonly published: { k: string; m: unknown }[] = [];

  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.server.handleUpgrade(request, socket, head, (client) => {
      this.subscriptions.set(client, new Set());
      client.on('message', (data) => this.onFrame(client, data));
      client.on('close', () => this.subscriptions.delete(client));
      client.on('error', () => this.subscriptions.delete(client));
    });
  }

  get clientCount(): number {
    return this.subscriptions.size;
  }

  /** Paths consumed by all clients (to wait until a test's client has subscribed). */
  consumedPaths(): string[] {
    return [...this.subscriptions.values()].flatMap((paths) => [...paths]);
  }

  publish(key: string, message: unknown): void {
    this.published.push({ k: key, m: message });
    const frame = JSON.stringify({ k: key, m: message });
    for (const [client, paths] of this.subscriptions) {
      for (const path of paths) {
        if (pathMatches(path, key)) client.send(frame);
      }
    }
  }

  /** Cut every client off without a close handshake, as a master that dies does. */
  dropAll(): void {
    for (const client of this.subscriptions.keys()) client.terminate();
    this.subscriptions.clear();
  }

  close(): Promise<void> {
    this.dropAll();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private onFrame(client: WebSocket, data: RawData): void {
    let frame: unknown;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      // Buildbot's handler raises on a frame that is not JSON: the connection drops (1006).
      client.terminate();
      return;
    }
    const send = (reply: object) => client.send(JSON.stringify(reply));
    const fields = typeof frame === 'object' && frame !== null ? (frame as Record<string, unknown>) : {};
    const id = fields._id ?? null;
    if (fields._id === undefined && fields.type === undefined) {
      send({ error: "no '_id' or 'type' in websocket frame", code: 400, _id: null });
      return;
    }
    if (fields.type !== undefined) {
      send({ message: 'graphql is not supported by the fake master', type: 'error', id: fields.id ?? null });
      return;
    }
    const cmd = fields.cmd;
    if (cmd === undefined) {
      send({ error: "no 'cmd' in websocket frame", code: 400, _id: null });
      return;
    }
    const paths = this.subscriptions.get(client) ?? new Set<string>();
    const path = fields.path;
    switch (cmd) {
      case 'ping':
        send({ msg: 'pong', code: 200, _id: id });
        return;
      case 'startConsuming':
      case 'stopConsuming':
        if (path === undefined) {
          send({ error: `Invalid method argument 'cmd_${cmd}() missing 1 required positional argument: 'path''`, code: 400, _id: id });
        } else if (typeof path !== 'string') {
          send({ error: `invalid path format '${JSON.stringify(path)}'`, code: 400, _id: id });
        } else if (cmd === 'startConsuming') {
          // paths are not checked; the same path twice is acknowledged once more, not doubled
          paths.add(path);
          send({ msg: 'OK', code: 200, _id: id });
        } else if (paths.delete(path)) {
          send({ msg: 'OK', code: 200, _id: id });
        } else {
          send({ error: `path was not consumed '${path}'`, code: 400, _id: id });
        }
        return;
      default:
        send({ error: `no such command type '${String(cmd)}'`, code: 404, _id: id });
    }
  }
}
