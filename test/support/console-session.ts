/**
 * The whole bot (createBot) with its console adapter on in-memory streams, talking to a master
 * at `masterUrl`: `say(line)` types one line and resolves to the reply lines printed for it.
 * Used against the fake master (integration) and the real one (e2e). Logs go to `logs`, never
 * to the output, as in the CLI.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import pino from 'pino';
import { createBot, type Bot, type BotOptions } from '../../src/app.js';
import type { BuildbotClient } from '../../src/buildbot/client.js';
import { parseConfig } from '../../src/config/load-config.js';
import { loadCommands } from '../../src/core/registry.js';

export interface ConsoleSessionOptions {
  masterUrl: string;
  /** The console's user id (default: operator). */
  user?: string;
  /** console.authz of the config; default: the example config's ("!" for the operator). */
  authz?: Record<string, boolean | string[]>;
  /** Replace the REST client (fast retries against a master that is down). */
  buildbot?: BuildbotClient;
  timing?: BotOptions['timing'];
  /** More keys of the console section (notifyEvents, logTailLines...). */
  console?: Record<string, unknown>;
  /** The config's `source` option. */
  source?: string;
  /** Several masters (the config's `masters:` by name) instead of the one at `masterUrl`. */
  masters?: Record<string, { url: string }>;
}

export interface ConsoleSession {
  readonly bot: Bot;
  /** Everything the bot logged (pino JSON lines). */
  readonly logs: string[];
  /** Everything printed on the console so far. */
  readonly printed: string[];
  /** Types LINE and resolves to the lines printed while it was handled. */
  say(line: string): Promise<string[]>;
  /** Closes the console's input (as at the end of a piped script) and stops the bot. */
  close(): Promise<void>;
}

const DEFAULT_AUTHZ = { '': true, '!': ['operator'] };

export async function startConsoleSession(options: ConsoleSessionOptions): Promise<ConsoleSession> {
  const dir = await mkdtemp(join(tmpdir(), 'buildbot-chat-console-'));
  const config = parseConfig(
    JSON.stringify({
      ...(options.masters ? { masters: options.masters } : { buildbot: { url: options.masterUrl } }),
      database: join(dir, 'bot.sqlite'),
      console: { user: options.user ?? 'operator', authz: options.authz ?? DEFAULT_AUTHZ, ...options.console },
      ...(options.source !== undefined ? { source: options.source } : {}),
    }),
    {},
    'test configuration',
  );
  const logs: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString());
        done();
      },
    }),
  );
  const printed: string[] = [];
  let partial = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      printed.push(...lines);
      done();
    },
  });
  const input = new PassThrough();
  const idle: (() => void)[] = [];
  const bot = await createBot({
    config,
    logger,
    terminal: { input, output, onIdle: () => idle.shift()?.() },
    ...(options.buildbot ? { buildbot: options.buildbot } : {}),
    timing: { pollIntervalMs: 100, ...options.timing },
    notify: { stream: { backoff: { initialMs: 50, maxMs: 200 } } },
  });
  await bot.start();
  let closed = false;
  return {
    bot,
    logs,
    printed,
    async say(line) {
      const from = printed.length;
      const handled = new Promise<void>((resolve) => idle.push(resolve));
      input.write(`${line}\n`);
      await handled;
      // the console's Writable may hand over its last chunk on a later tick
      await new Promise((resolve) => setImmediate(resolve));
      return printed.slice(from);
    },
    async close() {
      if (closed) return;
      closed = true;
      input.end();
      await bot.adapter('console')?.finished;
      await bot.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The names of the commands the console offers, sorted (what help and commands list). */
export async function consoleCommandNames(): Promise<string[]> {
  return (await loadCommands()).list({}).map((command) => command.name);
}
