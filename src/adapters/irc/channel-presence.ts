/**
 * Which channels the bot is in right now, from its own JOIN, PART and KICK, and getting back
 * into a wanted channel it is not in: after a kick (or a part it did not ask for) it joins again
 * after `lostDelay`, after a refused join (banned, invite-only, full, wrong key) every
 * `failedDelay`. A notification for a channel the bot is out of is not sent, since the server
 * would drop it unseen; it waits in the outbox until the bot is back. Buildbot's bot stays out
 * after a kick and keeps writing into the channel.
 */
import { ircChatId } from './irc-chat-id.js';
import { reconnectDelayMs } from './reconnect-delay.js';

export interface ChannelPresenceOptions {
  lostDelay: readonly [number, number];
  failedDelay: readonly [number, number];
  /** Sends the JOIN; its answer comes back through joined() or refused(). */
  join(channel: string): void;
  /** Whether the channel is still one the bot should be in (configured, or joined on request). */
  wanted(channel: string): boolean;
  random?: () => number;
}

/** The server's answers to a JOIN that mean "not now" (irc-framework's error names). */
const JOIN_REFUSALS = new Set(['channel_is_full', 'invite_only_channel', 'banned_from_channel', 'bad_channel_key', 'too_many_channels']);

export function isJoinRefusal(error: string): boolean {
  return JOIN_REFUSALS.has(error);
}

export class ChannelPresence {
  private readonly inside = new Set<string>();
  private readonly arrivals = new Map<string, Set<() => void>>();
  private readonly rejoins = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: ChannelPresenceOptions) {}

  isIn(channel: string): boolean {
    return this.inside.has(ircChatId(channel));
  }

  /** Resolves true once the bot is in the channel, false after `timeoutMs`. */
  async waitFor(channel: string, timeoutMs: number): Promise<boolean> {
    const id = ircChatId(channel);
    if (this.inside.has(id)) return true;
    return new Promise<boolean>((resolve) => {
      const waiters = this.arrivals.get(id) ?? new Set<() => void>();
      this.arrivals.set(id, waiters);
      const arrived = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        waiters.delete(arrived);
        resolve(false);
      }, timeoutMs);
      timer.unref();
      waiters.add(arrived);
    });
  }

  /** Our own JOIN came back. */
  joined(channel: string): void {
    const id = ircChatId(channel);
    this.inside.add(id);
    this.cancelRejoin(id);
    const waiters = this.arrivals.get(id);
    this.arrivals.delete(id);
    for (const arrived of waiters ?? []) arrived();
  }

  /**
   * We parted or were kicked; if the channel is still wanted, join it again after lostDelay.
   * Returns the wait in ms, or null when the bot stays out.
   */
  left(channel: string): number | null {
    const id = ircChatId(channel);
    this.inside.delete(id);
    return this.rejoinLater(channel, this.options.lostDelay);
  }

  /** The server refused a JOIN to a channel we are not in; try again after failedDelay. */
  refused(channel: string): number | null {
    if (this.isIn(channel)) return null;
    return this.rejoinLater(channel, this.options.failedDelay);
  }

  /** The link is gone: signing on again rejoins every wanted channel. */
  clear(): void {
    this.inside.clear();
    for (const timer of this.rejoins.values()) clearTimeout(timer);
    this.rejoins.clear();
  }

  /** Stop trying to get back in (the bot was told to leave). */
  cancelRejoin(channel: string): void {
    const id = ircChatId(channel);
    clearTimeout(this.rejoins.get(id));
    this.rejoins.delete(id);
  }

  private rejoinLater(channel: string, range: readonly [number, number]): number | null {
    const id = ircChatId(channel);
    if (!this.options.wanted(channel) || this.rejoins.has(id)) return null;
    const delayMs = reconnectDelayMs(range, this.options.random);
    const timer = setTimeout(() => {
      this.rejoins.delete(id);
      if (this.options.wanted(channel) && !this.inside.has(id)) this.options.join(channel);
    }, delayMs);
    timer.unref();
    this.rejoins.set(id, timer);
    return delayMs;
  }
}
