/**
 * The stage for comparing the bots on IRC: a real ngircd, the real test master running
 * Buildbot's own IRC bot (BB_IRC=1) in #ci, our bot (createBot in-process, as the e2e tests
 * start it) in the same channel, and a listening client there that both bots' lines reach.
 */
import { sanitizeIrcText } from '../../src/adapters/irc/sanitize-irc-text.js';
import { startIrcBot, type IrcBot } from '../../test/e2e/support/irc-bot.js';
import { startIrcd, stopIrcd, type TestIrcd } from '../../test/e2e/support/test-ircd.js';
import { startMaster, stopMaster, type TestMaster } from '../../test/e2e/support/test-master.js';
import { RawIrcClient, type IrcLine } from '../../test/support/raw-irc-client.js';

export const CHANNEL = '#ci';
export const THEIR_NICK = 'bbbot';
export const OUR_NICK = 'ourbot';
const LISTENER_NICK = 'watcher';

export interface IrcStage {
  master: TestMaster;
  ircd: TestIrcd;
  listener: RawIrcClient;
  ours: IrcBot;
  stop(): Promise<void>;
}

export interface IrcStageOptions {
  /** BB_BUILDERS: one-step builders bulk-001... added to the master. */
  extraBuilders?: number;
  /** Our bot's irc section beyond host, port, nick and channel. */
  irc?: Record<string, unknown>;
}

const joined = (nick: string) => (line: IrcLine) => line.command === 'JOIN' && line.nick === nick && line.params[0] === CHANNEL;

export async function startIrcStage(options: IrcStageOptions = {}): Promise<IrcStage> {
  const ircd = await startIrcd();
  const stops: (() => Promise<void>)[] = [() => stopIrcd(ircd.dir, { remove: true })];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => process.stderr.write(`bench: stopping failed: ${String(error)}\n`));
  };
  try {
    const listener = await RawIrcClient.connect(ircd.host, ircd.port, LISTENER_NICK);
    stops.push(() => listener.quit());
    await listener.join(CHANNEL);
    const master = await startMaster({
      env: { BB_IRC: '1', BB_IRC_PORT: String(ircd.port), BB_IRC_CHANNEL: CHANNEL, BB_IRC_NICK: THEIR_NICK, BB_BUILDERS: String(options.extraBuilders ?? 0) },
    });
    stops.push(() => stopMaster(master.dir, { remove: true }));
    await listener.waitFor(joined(THEIR_NICK), 120_000, { since: 0, description: `${THEIR_NICK} joining ${CHANNEL}` });
    const ours = await startIrcBot(master.url, { host: ircd.host, port: ircd.port, nick: OUR_NICK, channels: [CHANNEL], ...options.irc });
    stops.push(() => ours.stop());
    await listener.waitFor(joined(OUR_NICK), 60_000, { since: 0, description: `${OUR_NICK} joining ${CHANNEL}` });
    return { master, ircd, listener, ours, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** A PRIVMSG to #ci from `nick`, its text with mIRC formatting removed. */
export function channelText(line: IrcLine, nick: string): string | null {
  if (line.command !== 'PRIVMSG' || line.nick !== nick || line.params[0] !== CHANNEL) return null;
  return sanitizeIrcText(line.params[1] ?? '');
}

/**
 * When the first line matching `predicate` from `since` on arrived (performance.now()). Call it
 * before the line can arrive: the time is taken when the waiting ends.
 */
export async function arrival(listener: RawIrcClient, predicate: (line: IrcLine) => boolean, since: number, timeoutMs: number, description: string): Promise<number> {
  await listener.waitFor(predicate, timeoutMs, { since, description });
  return performance.now();
}

/**
 * Every line matching `predicate` from `since` on until none came for `quietMs` (the first may
 * take up to `firstTimeoutMs`): the lines of one answer, and when its last line arrived.
 */
export async function collectAnswer(
  listener: RawIrcClient,
  predicate: (line: IrcLine) => boolean,
  since: number,
  options: { firstTimeoutMs: number; quietMs: number },
): Promise<{ lines: IrcLine[]; lastAt: number }> {
  const lines: IrcLine[] = [];
  let lastAt = Number.NaN;
  let from = since;
  for (;;) {
    try {
      const line = await listener.waitFor(predicate, lines.length === 0 ? options.firstTimeoutMs : options.quietMs, { since: from });
      lastAt = performance.now();
      lines.push(line);
      from = listener.lines.indexOf(line, from) + 1;
    } catch (error) {
      if (lines.length === 0) throw error;
      return { lines, lastAt };
    }
  }
}
