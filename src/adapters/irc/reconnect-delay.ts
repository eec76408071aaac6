/**
 * Buildbot's lostDelay and failedDelay are [min, max] seconds drawn at random, so that bots that
 * lost the same server do not all come back in the same second. Unlike Buildbot, which draws
 * once per master process, each wait draws again.
 */
export function reconnectDelayMs(range: readonly [number, number], random: () => number = Math.random): number {
  const [min, max] = range;
  return Math.round((min + (max - min) * random()) * 1000);
}
