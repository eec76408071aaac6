/**
 * Command line: parse arguments, load the config, start the bot, stop it on a signal or when
 * the console's input ends. Nothing else lives here.
 */
import { parseArgs } from 'node:util';
import { createBot } from './app.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { createLogger } from './log/create-logger.js';
import { botIdentity } from './bot-identity.js';

const USAGE = `Usage: buildbot-chat [--config FILE] [--console]

  --config FILE   the YAML configuration (default: ./buildbot-chat.yaml)
  --console       also talk on this terminal: each input line is a command
  --version       print the version
  --help          this text`;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string', default: 'buildbot-chat.yaml' },
        console: { type: 'boolean', default: false },
        version: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`buildbot-chat: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${botIdentity().version}\n`);
    return 0;
  }
  let config;
  try {
    config = loadConfig(values.config);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 78; // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(process.env.LOG_LEVEL ?? config.log.level);
  const bot = await createBot({
    config,
    logger,
    ...(values.console ? { console: { input: process.stdin, output: process.stdout } } : {}),
  });
  await bot.start();
  const stopped = new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(130); // a second signal: leave now
      stopping = true;
      logger.info({ signal }, 'stopping');
      void bot.stop().then(resolve);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    if (bot.console) void bot.console.finished.then(() => bot.stop()).then(resolve);
  });
  await stopped;
  logger.flush();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Timers of idle HTTP keep-alive sockets must not hold the process once we are done.
    setTimeout(() => process.exit(code), 200).unref();
  },
  (error: unknown) => {
    process.stderr.write(`buildbot-chat: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
