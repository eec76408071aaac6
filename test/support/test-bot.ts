/**
 * The whole bot as the CLI builds it (createBot from a YAML config), for tests: the config is
 * the master URL, a database file, silent logs and the adapter sections given; the tests' short
 * waits and retries apply. The console, IRC and Telegram test bots add their own parts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { stringify } from 'yaml';
import { createBot, type Bot, type BotOptions } from '../../src/app.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import { FAST_BOT_OPTIONS } from './fast-bot-options.js';

export interface TestBotOptions {
  /** The `buildbot:` section's URL; leave it out when `sections` has `masters:`. */
  masterUrl?: string;
  database: string;
  /** Config sections besides buildbot, database and log (console, irc, telegram, http...). */
  sections: Record<string, unknown>;
  /** Environment for ${...} in the config. */
  env?: Record<string, string>;
  /** Change the parsed configuration (it is frozen: return a changed copy). */
  adjust?: (config: Config) => Config;
  bot?: Partial<Omit<BotOptions, 'config' | 'logger'>>;
  /** Where the bot logs (default: silent, or TEST_LOG_LEVEL). */
  logger?: Logger;
}

export interface TestBot {
  bot: Bot;
  /** Stops the bot once; later calls do nothing. */
  stop(): Promise<void>;
}

/** A database file in a new temporary folder whose name starts with `prefix`. */
export function temporaryDatabase(prefix: string): string {
  return join(mkdtempSync(join(tmpdir(), prefix)), 'bot.sqlite');
}

/** Builds and starts the bot. */
export async function startTestBot(options: TestBotOptions): Promise<TestBot> {
  const parsed = parseConfig(
    stringify({
      ...(options.masterUrl !== undefined ? { buildbot: { url: options.masterUrl } } : {}),
      database: options.database,
      log: { level: 'silent' },
      ...options.sections,
    }),
    options.env ?? {},
  );
  const bot = await createBot({
    config: options.adjust ? options.adjust(parsed) : parsed,
    logger: options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    ...FAST_BOT_OPTIONS,
    ...options.bot,
  });
  await bot.start();
  let stopped = false;
  return {
    bot,
    async stop() {
      if (stopped) return;
      stopped = true;
      await bot.stop();
    },
  };
}
