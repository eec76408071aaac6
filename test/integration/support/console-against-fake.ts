/**
 * The bot's console (test/support/console-session.ts) against a fresh fake master, both closed
 * after each test. Reads are retried with millisecond delays, so a master that is down answers
 * quickly; the master's clock stands still (manualClock).
 */
import { Agent } from 'undici';
import { afterEach } from 'vitest';
import { createBuildbotClient } from '../../../src/buildbot/rest-client.js';
import { startFakeMaster, type FakeMaster, type FakeMasterOptions } from '../../fakes/fake-master.js';
import { startConsoleSession, type ConsoleSession, type ConsoleSessionOptions } from '../../support/console-session.js';

export interface ConsoleAgainstFake {
  fake: FakeMaster;
  session: ConsoleSession;
  say(line: string): Promise<string[]>;
  /** The build link as replies print it. */
  link(builder: string, number: number): string;
}

/**
 * The master's clock, 1 h 30 s behind and standing still until advanced: replies then read
 * "1 hour ago" and "after 0s" however fast or slow the machine runs the test.
 */
export function manualClock(): { clock: () => number; advance(seconds: number): void } {
  let now = Date.now() - 3_630_000;
  return { clock: () => now, advance: (seconds) => void (now += seconds * 1000) };
}

type SessionOptions = Omit<ConsoleSessionOptions, 'masterUrl' | 'buildbot'>;

/** For a test file: `start()` gives a fake master and a console talking to it. */
export function consolePerTest(): (fakeOptions?: FakeMasterOptions, sessionOptions?: SessionOptions) => Promise<ConsoleAgainstFake> {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return async (fakeOptions = {}, sessionOptions = {}) => {
    const fake = await startFakeMaster({ clock: manualClock().clock, ...fakeOptions });
    cleanups.push(() => fake.close());
    const agent = new Agent({ keepAliveTimeout: 1_000 });
    cleanups.push(() => agent.destroy());
    const buildbot = createBuildbotClient({ url: fake.url, dispatcher: agent, retry: { baseDelayMs: 2 }, timeoutMs: 5_000 });
    const session = await startConsoleSession({
      masterUrl: fake.url,
      buildbot,
      ...sessionOptions,
      timing: { buildStartWaitMs: 5_000, buildStopWaitMs: 5_000, pollIntervalMs: 20, ...sessionOptions.timing },
    });
    cleanups.push(() => session.close());
    return {
      fake,
      session,
      say: (line) => session.say(line),
      link: (builder, number) => `${fake.url}#/builders/${fake.builder(builder).builderid}/builds/${number}`,
    };
  };
}
