/**
 * Buildbot's lostDelay and failedDelay are [min, max] seconds drawn at random, so that bots that
 * lost the same server do not all come back in the same second. Unlike Buildbot, which draws
 * once per master process, each wait draws again.
 */
import { exponentialDelay } from '../../retry/exponential-delay.js';

export function reconnectDelayMs(range: readonly [number, number], random: () => number = Math.random): number {
  const [min, max] = range;
  return Math.round((min + (max - min) * random()) * 1000);
}

/**
 * After a lost link: `lostDelay`, doubled for each link in a row that dropped soon after
 * sign-on (a server that lets the bot in and throws it out again, a K-line, a flood kill), up to
 * the longer of the two ranges' maxima, so such a server is not hammered every few seconds.
 */
export function lostLinkDelayMs(
  lostDelay: readonly [number, number],
  failedDelay: readonly [number, number],
  quickDrops: number,
  random: () => number = Math.random,
): number {
  const maxMs = Math.max(lostDelay[1], failedDelay[1]) * 1000;
  return exponentialDelay({ initialMs: reconnectDelayMs(lostDelay, random), maxMs, jitter: 'none' }, quickDrops);
}
