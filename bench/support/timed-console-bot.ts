/**
 * The bot with only the console adapter, in-process on PassThrough streams, its output lines
 * timed: `ask` sends a line and resolves when its whole answer has been printed (the console
 * runs lines in order, so the answer ends where the reply to a marker line begins).
 */
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { createBot, type Bot } from '../../src/app.js';
import { writeBenchConfig } from './bot-config.js';
import { TimedLines } from './timed-lines.js';

const MARKER = 'zz-bench-marker';

export interface Answer {
  lines: string[];
  /** From writing the line to the last line of its answer, in ms. */
  elapsedMs: number;
}

export interface TimedConsoleBot {
  bot: Bot;
  ask(line: string, timeoutMs?: number): Promise<Answer>;
  stop(): Promise<void>;
}

export async function startTimedConsoleBot(masterUrl: string): Promise<TimedConsoleBot> {
  const config = writeBenchConfig(masterUrl, { console: { user: 'operator' } });
  const input = new PassThrough();
  const output = new PassThrough();
  const out = new TimedLines(output);
  const bot = await createBot({ config: config.config, logger: pino({ level: 'warn' }), terminal: { input, output } });
  await bot.start();
  return {
    bot,
    async ask(line, timeoutMs = 120_000) {
      const since = out.lines.length;
      const sentAt = performance.now();
      input.write(`${line}\n${MARKER}\n`);
      const { index } = await out.waitFor((text) => text.includes(MARKER), { since, timeoutMs, what: `the answer to ${line}` });
      const answer = out.lines.slice(since, index);
      const last = answer.at(-1);
      if (!last) throw new Error(`no answer to ${line}`);
      return { lines: answer.map((l) => l.text), elapsedMs: last.at - sentAt };
    },
    async stop() {
      input.end();
      await bot.stop();
      config.remove();
    },
  };
}
