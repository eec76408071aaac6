/**
 * Live events from the master's /ws endpoint, with a polling fallback.
 *
 * - Consumes builds/*\/* and workers/*\/*; emits 'connected' once both startConsuming commands
 *   are acknowledged. The master does not replay what happened while we were away, so every
 *   'connected' (and every 'tick' in polling mode) tells the listener to catch up over REST.
 * - Liveness: a JSON `ping` command every pingIntervalMs (the master closes the connection on a
 *   frame that is not JSON, so we never send WebSocket-level junk); no pong by the next ping
 *   means the connection is dead even if TCP has not noticed.
 * - Reconnects forever (backoff.ts). After wsFailuresBeforePolling failed connects in a row it
 *   switches to polling mode, and keeps trying the WebSocket every backoff.maxMs.
 *
 * Events: 'event' (MasterEvent), 'connected', 'disconnected' (reason), 'tick', 'mode'.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { WebSocket as UndiciWebSocket } from 'undici';
import { checkBackoffRange, ReconnectBackoff } from './backoff.js';
import { parseFrame, pingFrame, readEvent, startConsumingFrame } from './ws-frames.js';
import { webSocketUrl } from './ws-url.js';

import type { MasterEvent } from './ws-frames.js';

export type { MasterEvent } from './ws-frames.js';

/** What an EventStream emits, and with what: listeners are checked against this. */
export interface EventStreamEvents {
  event: [MasterEvent];
  connected: [];
  disconnected: [reason: string];
  /** Polling mode: time to read what happened over REST. */
  tick: [];
  mode: [mode: Mode];
}

export interface EventStreamOptions {
  /**
   * The master's web root, http(s)://host:port/; /ws is found next to /api/v2. A function is
   * asked at each connect: the root changes when a cluster fails over to another front end.
   */
  url: string | (() => string);
  logger: Logger;
  /** Default 30000; a pong missing for pingIntervalMs closes and reconnects. */
  pingIntervalMs?: number;
  /** Default 1000 .. 60000, exponential with full jitter. */
  backoff?: { initialMs: number; maxMs: number };
  /** Polling mode tick, default 10000. */
  pollIntervalMs?: number;
  /** Failed connects in a row before polling mode, default 5. */
  wsFailuresBeforePolling?: number;
  /** Default: undici's WebSocket (Node 20 has no global one without a flag). */
  WebSocketImpl?: typeof UndiciWebSocket;
}

type Mode = 'websocket' | 'polling';
type Socket = InstanceType<typeof UndiciWebSocket>;

const CONSUMED_PATHS = ['builds/*/*', 'workers/*/*'];
/** A connection that lasted this long proves the master is healthy again: backoff restarts. */
const STABLE_CONNECTION_MS = 30_000;
/** stop() waits this long for the close handshake before giving up on a silent master. */
const CLOSE_WAIT_MS = 2_000;

/** One attempt to connect, and the connection it becomes. */
interface Link {
  socket: Socket;
  /** startConsuming commands not yet acknowledged: _id -> path */
  pendingAcks: Map<number, string>;
  connectedAt: number | null;
  /** _id of the ping still waiting for its pong */
  pingId: number | null;
  /** the handshake deadline until connected, then the ping interval */
  timer: NodeJS.Timeout | null;
}

export class EventStream extends EventEmitter<EventStreamEvents> {
  private readonly url: () => string;
  private readonly log: Logger;
  private readonly pingIntervalMs: number;
  private readonly backoffMaxMs: number;
  private readonly pollIntervalMs: number;
  private readonly failuresBeforePolling: number;
  /** Checked at start(): a runtime without a usable class means polling only. */
  private readonly WebSocketImpl: typeof UndiciWebSocket;
  private readonly backoff: ReconnectBackoff;

  private running = false;
  private currentMode: Mode = 'websocket';
  private link: Link | null = null;
  private failures = 0;
  private nextId = 1;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;

  constructor(options: EventStreamOptions) {
    super();
    const { url } = options;
    this.url = typeof url === 'string' ? () => url : url;
    webSocketUrl(this.url()); // a URL that can have no /ws fails here, at construction
    this.log = options.logger;
    this.pingIntervalMs = positive('pingIntervalMs', options.pingIntervalMs ?? 30_000);
    this.pollIntervalMs = positive('pollIntervalMs', options.pollIntervalMs ?? 10_000);
    this.failuresBeforePolling = positive('wsFailuresBeforePolling', options.wsFailuresBeforePolling ?? 5);
    const range = checkBackoffRange(options.backoff ?? { initialMs: 1_000, maxMs: 60_000 });
    this.backoffMaxMs = range.maxMs;
    this.backoff = new ReconnectBackoff(range);
    this.WebSocketImpl = options.WebSocketImpl ?? UndiciWebSocket;
  }

  get mode(): Mode {
    return this.currentMode;
  }

  isConnected(): boolean {
    return this.link !== null && this.link.connectedAt !== null;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.currentMode = 'websocket';
    this.failures = 0;
    this.backoff.reset();
    if (typeof (this.WebSocketImpl as unknown) !== 'function') {
      this.enterPolling('no WebSocket class available', false);
      return;
    }
    this.connect();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearTimer(this.reconnectTimer);
    this.reconnectTimer = null;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    const link = this.link;
    this.link = null;
    if (link) {
      clearTimer(link.timer);
      await closeAndWait(link.socket);
      if (link.connectedAt !== null) this.emitSafely('disconnected', 'stopped');
    }
    this.log.info({ url: webSocketUrl(this.url()) }, 'event stream stopped');
  }

  /** The web root changed (a cluster failed over to another front end): connect there now. */
  moved(): void {
    if (!this.running) return;
    this.backoff.reset();
    this.failures = 0;
    if (this.link) this.drop(this.link, 'the master moved to another front end');
    this.scheduleConnect(0);
  }

  private connect(): void {
    const Impl = this.WebSocketImpl;
    if (!this.running || this.link) return;
    let socket: Socket;
    try {
      socket = new Impl(webSocketUrl(this.url()));
    } catch (err) {
      this.afterFailedConnect(`cannot open ${webSocketUrl(this.url())}: ${errorText(err)}`);
      return;
    }
    const link: Link = { socket, pendingAcks: new Map(), connectedAt: null, pingId: null, timer: null };
    this.link = link;
    // A master that accepts TCP but never answers would otherwise hold us here forever.
    link.timer = setTimeout(() => this.drop(link, `no answer to startConsuming within ${this.pingIntervalMs} ms`), this.pingIntervalMs);
    socket.addEventListener('open', () => {
      for (const path of CONSUMED_PATHS) {
        const id = this.nextId++;
        link.pendingAcks.set(id, path);
        this.send(link, startConsumingFrame(path, id));
      }
    });
    socket.addEventListener('message', (message) => this.onFrame(link, message.data));
    // 'error' is always followed by 'close' (WHATWG WebSocket): handle the end there only.
    // undici's ErrorEvent carries no cause (an empty TypeError), so only the fact is logged.
    socket.addEventListener('error', () => this.log.debug({ url: webSocketUrl(this.url()) }, 'WebSocket error'));
    socket.addEventListener('close', (event) => {
      this.lost(link, `connection closed (code ${event.code}${event.reason ? `: ${event.reason}` : ''})`);
    });
  }

  private onFrame(link: Link, data: unknown): void {
    if (this.link !== link) return;
    const frame = parseFrame(data);
    if (frame.type === 'malformed') {
      this.log.warn({ reason: frame.reason, frame: excerpt(data) }, 'skipped a malformed /ws frame');
    } else if (frame.type === 'event') {
      const reading = readEvent(frame.key, frame.message);
      if (reading.type === 'event') this.emitSafely('event', reading.event);
      else if (reading.type === 'malformed') this.log.warn({ key: frame.key, reason: reading.reason }, 'skipped a /ws event that does not fit its schema');
      else this.log.debug({ key: frame.key }, 'ignored /ws event');
    } else if (frame.id !== null && link.pendingAcks.has(frame.id)) {
      this.onAck(link, frame.id, frame.ok, frame.text);
    } else if (frame.id !== null && frame.id === link.pingId) {
      link.pingId = null;
    } else {
      this.log.debug({ id: frame.id, ok: frame.ok, text: frame.text }, 'unexpected /ws reply');
    }
  }

  private onAck(link: Link, id: number, ok: boolean, text: string): void {
    const path = link.pendingAcks.get(id);
    if (!ok) {
      this.drop(link, `the master refused startConsuming ${path ?? ''}: ${text}`);
      return;
    }
    link.pendingAcks.delete(id);
    if (link.pendingAcks.size === 0 && link.connectedAt === null) this.onConnected(link);
  }

  private onConnected(link: Link): void {
    link.connectedAt = Date.now();
    this.failures = 0;
    clearTimer(link.timer);
    link.timer = setInterval(() => this.ping(link), this.pingIntervalMs);
    if (this.currentMode === 'polling') {
      if (this.pollTimer) clearInterval(this.pollTimer);
      this.pollTimer = null;
      this.currentMode = 'websocket';
      this.log.info({ url: webSocketUrl(this.url()) }, 'the master /ws answers again: leaving polling mode');
      this.emitSafely('mode', 'websocket');
    }
    this.log.info({ url: webSocketUrl(this.url()) }, 'event stream connected');
    this.emitSafely('connected');
  }

  private ping(link: Link): void {
    if (link.pingId !== null) {
      this.drop(link, `no pong within ${this.pingIntervalMs} ms`);
      return;
    }
    link.pingId = this.nextId++;
    this.send(link, pingFrame(link.pingId));
  }

  private send(link: Link, frame: string): void {
    try {
      link.socket.send(frame);
    } catch (err) {
      this.drop(link, `cannot send: ${errorText(err)}`);
    }
  }

  /** We give up on a link (dead, refused): close it without waiting for the master. */
  private drop(link: Link, reason: string): void {
    if (this.link !== link) return;
    try {
      link.socket.close();
    } catch {
      // already closing: nothing left to do with it
    }
    this.lost(link, reason);
  }

  private lost(link: Link, reason: string): void {
    if (this.link !== link) return;
    this.link = null;
    clearTimer(link.timer);
    if (!this.running) return;
    if (link.connectedAt === null) {
      this.afterFailedConnect(reason);
      return;
    }
    if (Date.now() - link.connectedAt > STABLE_CONNECTION_MS) this.backoff.reset();
    this.log.warn({ url: webSocketUrl(this.url()), reason }, 'event stream disconnected');
    this.emitSafely('disconnected', reason);
    this.scheduleConnect(this.backoff.nextDelay());
  }

  private afterFailedConnect(reason: string): void {
    this.failures++;
    // In polling mode the warning was given once; background retries stay quiet.
    const level = this.currentMode === 'polling' ? 'debug' : 'info';
    this.log[level]({ url: webSocketUrl(this.url()), reason, failures: this.failures }, 'cannot connect to the master /ws');
    if (this.currentMode === 'polling') {
      this.scheduleConnect(this.backoffMaxMs);
    } else if (this.failures >= this.failuresBeforePolling) {
      this.enterPolling(`${this.failures} failed connects in a row, the last: ${reason}`, true);
    } else {
      this.scheduleConnect(this.backoff.nextDelay());
    }
  }

  private enterPolling(reason: string, retryWebSocket: boolean): void {
    this.currentMode = 'polling';
    this.log.warn({ url: webSocketUrl(this.url()), reason, pollIntervalMs: this.pollIntervalMs }, 'no live events from the master: polling instead');
    this.emitSafely('mode', 'polling');
    this.pollTimer = setInterval(() => this.emitSafely('tick'), this.pollIntervalMs);
    // Catch up at once: events were missed while the connects failed.
    this.emitSafely('tick');
    if (retryWebSocket) this.scheduleConnect(this.backoffMaxMs);
  }

  private scheduleConnect(delayMs: number): void {
    if (!this.running) return;
    clearTimer(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delayMs);
  }

  /** A listener that throws must not break the connection handling (nor crash the process). */
  private emitSafely<K extends keyof EventStreamEvents>(name: K, ...args: EventStreamEvents[K]): void {
    try {
      (this.emit as (name: K, ...args: EventStreamEvents[K]) => boolean)(name, ...args);
    } catch (err) {
      this.log.error({ err, event: name }, 'an event stream listener threw');
    }
  }
}

/** Close and wait for the socket to be gone, bounded: a master that stopped answering never confirms. */
function closeAndWait(socket: Socket): Promise<void> {
  if (socket.readyState === socket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, CLOSE_WAIT_MS);
    timer.unref();
    socket.addEventListener('close', done, { once: true });
    try {
      socket.close(1000);
    } catch {
      done();
    }
  });
}

function clearTimer(timer: NodeJS.Timeout | null): void {
  if (timer) clearTimeout(timer);
}

function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a positive number, not ${value}`);
  return value;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function excerpt(data: unknown): string {
  const text = typeof data === 'string' ? data : `(${typeof data})`;
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
