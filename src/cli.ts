/**
 * Command line: parse arguments, load the config, start the bot, stop it on a signal or when
 * the console's input ends. Nothing else lives here.
 */
// First, so that V8's memory settings hold while the other modules load.
import './lifecycle/prefer-small-memory.js';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config/load-config.js';
import { collectSecrets } from './config/format-config-errors.js';
import { createLogger, LogLevelError } from './log/create-logger.js';
import { botIdentity } from './bot-identity.js';
import { EXIT } from './lifecycle/describe-startup-failure.js';
import { runBot } from './lifecycle/run-bot.js';
import { replayCommand } from './replay/replay-command.js';
import { terminalLog } from './log/terminal-log.js';

const USAGE = `Usage: buildbot-chat [--config FILE] [--console]
       buildbot-chat replay [--config FILE] [--master=NAME] [--dry-run] EVENT.json...

  -c, --config FILE  the YAML configuration (default: ./buildbot-chat.yaml)
  --console          also talk on this terminal: each input line is a command (on a
                     terminal: a prompt with history and Tab completion)
  -V, --version      print the version
  -h, --help         this text (buildbot-chat replay --help: the replay's)

Environment:
  LOG_LEVEL          fatal, error, warn, info, debug, trace or silent; wins over log.level
  NAME               \${NAME} in the configuration is replaced by the variable NAME

Exit codes:
  0    stopped on SIGTERM, SIGINT, Ctrl-C or the end of the console's input
  1    another start-up failure, named in the line printed
  2    wrong command-line arguments
  69   the master does not answer, or the HTTP port cannot be opened: worth retrying
  77   Telegram refused the bot token, or the master refused the bot's login
  78   the configuration or LOG_LEVEL is wrong: retrying will not help
  130  a second signal arrived while stopping`;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'replay') return replayCommand(argv.slice(1));
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string', short: 'c', default: 'buildbot-chat.yaml' },
        console: { type: 'boolean', default: false },
        version: { type: 'boolean', short: 'V', default: false },
        help: { type: 'boolean', short: 'h', default: false },
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
      return EXIT.config;
    }
    throw error;
  }
  const secrets = collectSecrets(config);
  const level = process.env.LOG_LEVEL || config.log.level;
  // On an interactive console the terminal belongs to the prompt: logs become one short line
  // each above it, from warn up.
  const interactive = values.console && process.stdin.isTTY === true && process.stdout.isTTY === true;
  const logLines = interactive ? terminalLog(level) : undefined;
  let logger;
  try {
    logger = createLogger({ level, secrets, ...(logLines ? { destination: logLines } : {}) });
  } catch (error) {
    if (!(error instanceof LogLevelError)) throw error;
    process.stderr.write(`buildbot-chat: LOG_LEVEL: ${error.message}\n`);
    return EXIT.config;
  }
  return runBot({
    config,
    logger,
    secrets,
    ...(values.console ? { terminal: { input: process.stdin, output: process.stdout, ...(logLines ? { interactive: { logLines } } : {}) } } : {}),
  });
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
