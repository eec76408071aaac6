/**
 * A bot with only the console adapter, started in-process on PassThrough streams, with its own
 * temporary database: tests type lines and read what the console printed. It resolves once the
 * bot hears the master's events live.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Logger } from 'pino';
import type { Bot, BotOptions } from '../../src/app.js';
import { eventStreamConnected } from './event-stream-connected.js';
import { startTestBot, temporaryDatabase } from './test-bot.js';

export interface ConsoleBot {
  bot: Bot;
  /** Every line printed so far, replies and notifications alike. */
  lines: string[];
  /** The database file (reuse it to start the "same" bot again). */
  database: string;
  type(line: string): void;
  /** Waits until `predicate` holds over the printed lines (polls; fails after timeoutMs). */
  waitFor(predicate: (lines: string[]) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  stop(): Promise<void>;
}

export interface ConsoleBotOptions {
  /** The `buildbot:` section's URL; leave it out when `config` has `masters:`. */
  masterUrl?: string;
  /** The config's console section beyond its defaults. */
  console?: Record<string, unknown>;
  /** Other config sections. */
  config?: Record<string, unknown>;
  /** Reuse a database file (a restart); default: a new one, removed by stop({ remove }) . */
  database?: string;
  bot?: Partial<Omit<BotOptions, 'config' | 'logger' | 'terminal'>>;
  /** Where the bot logs (default: silent). */
  logger?: Logger;
  /** How long the event stream may take to connect (default 10 s). */
  connectTimeoutMs?: number;
}

export async function startConsoleBot(options: ConsoleBotOptions): Promise<ConsoleBot> {
  const database = options.database ?? temporaryDatabase('buildbot-chat-test-');
  const input = new PassThrough();
  const output = new PassThrough();
  const lines: string[] = [];
  let partial = '';
  output.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  const started = await startTestBot({
    ...(options.masterUrl !== undefined ? { masterUrl: options.masterUrl } : {}),
    database,
    sections: { console: { user: 'operator', authz: { '': true, '!': ['operator'] }, ...options.console }, ...options.config },
    bot: { terminal: { input, output }, ...options.bot },
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const { bot } = started;
  await eventStreamConnected(bot, options.connectTimeoutMs);
  return {
    bot,
    lines,
    database,
    type: (line) => void input.write(`${line}\n`),
    async waitFor(predicate, timeoutMs = 30_000, what = 'the expected lines') {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(lines)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the console printed:\n${lines.join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop() {
      if (!input.writableEnded) input.end();
      await started.stop();
    },
  };
}

/** Removes a database made by startConsoleBot (its folder). */
export function removeDatabase(database: string): void {
  rmSync(join(database, '..'), { recursive: true, force: true });
}
