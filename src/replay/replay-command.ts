/**
 * The `replay` subcommand's arguments: `buildbot-chat replay [--config FILE] [--master=NAME]
 * [--dry-run] EVENT.json...`. Parses, loads the config and the event files and picks the master
 * (any problem: one line and an exit code, before anything starts), then runs the replay.
 */
import { parseArgs } from 'node:util';
import { collectSecrets } from '../config/format-config-errors.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { describeStartupFailure, EXIT } from '../lifecycle/describe-startup-failure.js';
import { createLogger, LogLevelError, secretScrubber } from '../log/create-logger.js';
import { EventFileError, readEventFile } from './read-event-file.js';
import { runReplay } from './run-replay.js';

export const REPLAY_USAGE = `Usage: buildbot-chat replay [--config FILE] [--master=NAME] [--dry-run] EVENT.json...

  Pushes recorded master events (/ws frames or REST build JSON; examples in
  docs/examples/events/) through the notification pipeline. Nothing is marked as
  handled: the running bot still reports the real events.
  --config FILE   the YAML configuration (default: ./buildbot-chat.yaml)
  --master=NAME   the master the events come from (needed when the config has several)
  --dry-run       print which chat would get which message, send nothing`;

/** Exit code of unreadable event files (sysexits.h EX_DATAERR). */
const EXIT_DATA = 65;

export async function replayCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        config: { type: 'string', default: 'buildbot-chat.yaml' },
        master: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${REPLAY_USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) return usageError('name at least one event file');
  let config;
  try {
    config = loadConfig(values.config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT.config;
  }
  const master = chooseMaster(config, values.master);
  if (typeof master !== 'string') return usageError(master.problem);
  let events;
  try {
    events = positionals.flatMap((file) => readEventFile(file).map((event) => ({ file, event })));
  } catch (error) {
    if (!(error instanceof EventFileError)) throw error;
    process.stderr.write(`buildbot-chat replay: ${error.message}\n`);
    return EXIT_DATA;
  }
  const secrets = collectSecrets(config);
  let logger;
  try {
    // the config's level would mix info lines into what the replay prints
    logger = createLogger({ level: process.env.LOG_LEVEL || 'warn', secrets });
  } catch (error) {
    if (!(error instanceof LogLevelError)) throw error;
    process.stderr.write(`buildbot-chat replay: LOG_LEVEL: ${error.message}\n`);
    return EXIT.config;
  }
  try {
    await runReplay({ config, logger, events, master, dryRun: values['dry-run'], output: process.stdout });
    return 0;
  } catch (error) {
    const failure = describeStartupFailure(error);
    process.stderr.write(`buildbot-chat replay: ${secretScrubber(secrets)(failure.message)}\n`);
    return failure.exitCode;
  }
}

/** The master named, or the only one; with several and none named, the choices. */
function chooseMaster(config: Config, name: string | undefined): string | { problem: string } {
  const names = config.masters.map((master) => master.name);
  if (name !== undefined) return names.includes(name) ? name : { problem: `no master named '${name}'; the masters are: ${names.join(', ')}` };
  const [only, ...others] = names;
  if (only !== undefined && others.length === 0) return only;
  return { problem: `the config has several masters (${names.join(', ')}): name one with --master=NAME` };
}

function usageError(problem: string): number {
  process.stderr.write(`buildbot-chat replay: ${problem}\n${REPLAY_USAGE}\n`);
  return 2;
}
