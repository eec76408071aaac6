/**
 * The web front ends of one Buildbot cluster (masters sharing one database and message queue
 * show the same builds), and which one the bot uses now. The bot moves to the next one when the
 * current one refuses connections, or has answered 5xx for longer than `failoverAfterMs`; a
 * front end that answers again is trusted again. With one URL nothing ever moves.
 */
import type { Logger } from 'pino';

export interface FrontEndsOptions {
  urls: readonly string[];
  failoverAfterMs: number;
  logger: Logger;
  now?: () => number;
}

export class FrontEnds {
  private index = 0;
  /** When the current front end began answering 5xx (null: it answers well). */
  private failingSince: number | null = null;
  private readonly listeners: ((url: string, reason: string) => void)[] = [];
  private readonly now: () => number;

  constructor(private readonly options: FrontEndsOptions) {
    if (options.urls.length === 0) throw new RangeError('a master needs at least one URL');
    this.now = options.now ?? Date.now;
  }

  get urls(): readonly string[] {
    return this.options.urls;
  }

  current(): string {
    return this.options.urls[this.index] as string;
  }

  /** Told after each move, with the new URL and why. */
  onMove(listener: (url: string, reason: string) => void): void {
    this.listeners.push(listener);
  }

  /** `url` could not be reached: move on, when it is the one in use. Returns whether it moved. */
  unreachable(url: string, reason: string): boolean {
    if (url !== this.current() || this.options.urls.length < 2) return false;
    this.move(`${url} is not answering (${reason})`);
    return true;
  }

  /** `url` answered 5xx: move on once it has done so for `failoverAfterMs`. */
  failing(url: string, status: number): boolean {
    if (url !== this.current() || this.options.urls.length < 2) return false;
    const now = this.now();
    this.failingSince ??= now;
    if (now - this.failingSince < this.options.failoverAfterMs) return false;
    this.move(`${url} has answered HTTP ${status} for ${Math.round((now - this.failingSince) / 1000)} s`);
    return true;
  }

  /** `url` answered well. */
  answered(url: string): void {
    if (url === this.current()) this.failingSince = null;
  }

  private move(reason: string): void {
    this.index = (this.index + 1) % this.options.urls.length;
    this.failingSince = null;
    const url = this.current();
    this.options.logger.warn({ url, reason }, 'moving to the next front end of the master');
    for (const listener of this.listeners) listener(url, reason);
  }
}
