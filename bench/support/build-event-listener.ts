/**
 * A WebSocket listener on the master's /ws of its own (the `ws` package, not the bot's event
 * stream), so the moment a build finished on the master is seen apart from either bot. Records
 * when each build's `new` and `finished` events arrived (performance.now()).
 */
import WebSocket from 'ws';

export interface BuildTimes {
  buildid: number;
  builderid: number;
  number: number;
  buildrequestid: number;
  newAt?: number;
  finishedAt?: number;
}

interface BuildMessage {
  buildid: number;
  builderid: number;
  number: number;
  buildrequestid: number;
}

function isBuildMessage(value: unknown): value is BuildMessage {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return ['buildid', 'builderid', 'number', 'buildrequestid'].every((key) => typeof record[key] === 'number');
}

export class BuildEventListener {
  private readonly builds = new Map<number, BuildTimes>();
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const at = performance.now();
      const frame = JSON.parse(String(data)) as { k?: string; m?: unknown };
      const kind = /^builds\/\d+\/(new|finished)$/.exec(frame.k ?? '')?.[1];
      if (!kind || !isBuildMessage(frame.m)) return;
      const { buildid, builderid, number, buildrequestid } = frame.m;
      const times = this.builds.get(buildid) ?? { buildid, builderid, number, buildrequestid };
      if (kind === 'new') times.newAt ??= at;
      else times.finishedAt ??= at;
      this.builds.set(buildid, times);
      for (const wake of [...this.waiters]) wake();
    });
  }

  /** Connects to MASTER/ws and consumes builds/*\/*; resolves once the master acknowledged. */
  static async connect(masterUrl: string): Promise<BuildEventListener> {
    const socket = new WebSocket(new URL('ws', masterUrl.replace(/^http/, 'ws')));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const acknowledged = new Promise<void>((resolve) => {
      const onReply = (data: WebSocket.RawData) => {
        const frame = JSON.parse(String(data)) as { _id?: number; code?: number };
        if (frame._id === 1) {
          socket.off('message', onReply);
          resolve();
        }
      };
      socket.on('message', onReply);
    });
    const listener = new BuildEventListener(socket);
    socket.send(JSON.stringify({ cmd: 'startConsuming', path: 'builds/*/*', _id: 1 }));
    await acknowledged;
    return listener;
  }

  /** The build made for a build request, once its `new` (or, with `finished`, its end) arrived. */
  waitFor(buildrequestid: number, event: 'new' | 'finished', timeoutMs = 120_000): Promise<BuildTimes> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = [...this.builds.values()].find(
          (b) => b.buildrequestid === buildrequestid && (event === 'new' ? b.newAt !== undefined : b.finishedAt !== undefined),
        );
        if (!found) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no ${event} event for build request ${buildrequestid} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  close(): void {
    this.socket.close();
  }
}
