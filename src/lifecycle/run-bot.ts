/**
 * A bot's whole life as a process: start (checking the master first), run until SIGTERM,
 * SIGINT, Ctrl-C at the console prompt or the end of the console's input, then stop gracefully.
 * A second signal exits at once. A failed start stops what had started and prints one line.
 * The CLI and the demo both run the bot through here.
 */
import type { Writable } from 'node:stream';
import { createBot, type Bot, type BotOptions } from '../app.js';
import { secretScrubber } from '../log/create-logger.js';
import { describeStartupFailure, EXIT } from './describe-startup-failure.js';
import { checkTemplateFiles, findTemplateFiles, useTemplateFiles } from '../core/template-files.js';

export interface RunBotOptions extends BotOptions {
  /** Values to keep out of the start-up failure line (the config's secrets). */
  secrets?: readonly string[];
  /** Where the start-up failure line goes (default stderr). */
  errors?: Writable;
  /** Called once the bot has started (the demo prints its instructions then). */
  onStarted?: (bot: Bot) => void;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export async function runBot(options: RunBotOptions): Promise<number> {
  const { logger, errors = process.stderr } = options;
  let stopReason: string | undefined;
  let requestStop!: () => void;
  const stopRequested = new Promise<void>((resolve) => {
    requestStop = resolve;
  });
  const onSignal = (signal: string): void => {
    if (stopReason !== undefined) {
      logger.warn({ signal }, 'second signal: exiting at once');
      logger.flush();
      process.exit(EXIT.secondSignal);
    }
    stopReason = signal;
    logger.info({ signal }, 'stopping');
    requestStop();
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  try {
    let bot: Bot | undefined;
    try {
      // Every template is compiled before anything starts: a broken one is named by file and line.
      const templates = findTemplateFiles(options.config.templates);
      checkTemplateFiles(templates);
      useTemplateFiles(templates);
      bot = await createBot({ ...options, ...(options.terminal ? { terminal: withInterrupt(options.terminal, () => onSignal('SIGINT')) } : {}) });
      // A master that cannot be reached (or refuses the bot's login) is a start-up failure, not
      // something to discover at the first command: one cheap read of each tells.
      await Promise.all(bot.masters.list.map((master) => master.client.listMasters()));
      await bot.start();
    } catch (error) {
      await bot?.stop().catch((stopError: unknown) => logger.warn({ err: stopError }, 'stopping after a failed start failed too'));
      const failure = describeStartupFailure(error);
      logger.debug({ err: error }, 'start-up failed');
      errors.write(`buildbot-chat: cannot start: ${secretScrubber(options.secrets ?? [])(failure.message)}\n`);
      return failure.exitCode;
    }
    const started = bot;
    options.onStarted?.(started);
    // The console's input ended (Ctrl-D, the end of a piped script): stop, as on a signal.
    for (const adapter of started.adapters) void adapter.finished?.then(() => requestStop());
    await stopRequested;
    await started.stop();
    return 0;
  } finally {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
}

function withInterrupt(terminal: NonNullable<BotOptions['terminal']>, onInterrupt: () => void): NonNullable<BotOptions['terminal']> {
  if (!terminal.interactive) return terminal;
  return { ...terminal, interactive: { onInterrupt, ...terminal.interactive } };
}
