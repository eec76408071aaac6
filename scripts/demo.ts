/**
 * `npm run demo`: see the bot work on this machine in one command. Starts a real Buildbot
 * master and worker and an IRC server on 127.0.0.1 (installing Debian's packages when they are
 * missing), writes a config for them into a temporary folder, and runs the bot with the IRC and
 * console adapters: an interactive prompt on a terminal, plain lines when piped. Ctrl-C, Ctrl-D
 * or SIGTERM stops the bot, then the IRC server and the master by their pid files, and removes
 * the folder (BUILDBOT_CHAT_DEMO_KEEP=1 keeps it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config/load-config.js';
import { collectSecrets } from '../src/config/format-config-errors.js';
import { createLogger } from '../src/log/create-logger.js';
import { runBot } from '../src/lifecycle/run-bot.js';
import { DEMO_CHANNEL, DEMO_NICK, writeDemoConfig } from './demo/demo-config.js';
import { freePort } from './demo/free-port.js';
import { progress, runBash, StepError } from './demo/run-step.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const out = process.stdout;
const PACKAGES = ['buildbot', 'buildbot-worker', 'ngircd'];

class Interrupted extends Error {}

/** What the demo started, stopped by the helper scripts (they signal by pid file only). */
class Servers {
  private stopped = false;
  constructor(
    readonly masterDir: string,
    readonly ircDir: string,
  ) {}

  async stop(logFile: string): Promise<void> {
    if (this.stopped) return;
    await runBash(['test/irc/stop-ircd.sh', this.ircDir], { cwd: root, logFile });
    await runBash(['test/master/stop-master.sh', this.masterDir], { cwd: root, logFile });
    this.stopped = true;
  }

  /** Last resort in process.on('exit'), which runs synchronous code only. */
  stopSync(): void {
    if (this.stopped) return;
    this.stopped = true;
    spawnSync('bash', ['test/irc/stop-ircd.sh', this.ircDir], { cwd: root, stdio: 'ignore' });
    spawnSync('bash', ['test/master/stop-master.sh', this.masterDir], { cwd: root, stdio: 'ignore' });
  }
}

function instructions(setup: { masterUrl: string; ircPort: number; httpPort: number; dir: string }, interactive: boolean): string {
  const http = `http://127.0.0.1:${setup.httpPort}`;
  return [
    '',
    'buildbot-chat is running against a real Buildbot master. Try it:',
    `  here    ${interactive ? 'type a command at the prompt' : 'send commands on stdin'}: help, status, list builders, force build fast-pass${interactive ? ' (Tab completes)' : ''}`,
    `  IRC     irssi -c 127.0.0.1 -p ${setup.ircPort} -n yournick, then /join ${DEMO_CHANNEL}`,
    `          and say "!status" or "${DEMO_NICK}: help" (the bot is ${DEMO_NICK})`,
    `  master  ${setup.masterUrl}api/v2/builders (builders fast-pass, fast-fail, flaky, slow...)`,
    `  ops     ${http}/healthz  ${http}/metrics`,
    `  files   ${setup.dir} (buildbot-chat.yaml, bot.log)`,
    `${interactive ? 'Ctrl-C or Ctrl-D' : 'SIGINT, SIGTERM or the end of input'} stops the bot, the IRC server and the master.`,
    '',
  ].join('\n');
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'buildbot-chat-demo-'));
  const logFile = join(dir, 'demo.log');
  const servers = new Servers(join(dir, 'buildbot'), join(dir, 'ircd'));
  process.on('exit', () => servers.stopSync());
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;

  // Until the bot runs, a signal lets the current step finish, then stops what was started.
  let interrupted = false;
  const onEarlySignal = (): void => {
    if (interrupted) process.exit(130);
    interrupted = true;
    out.write('\ndemo: stopping after this step…\n');
  };
  const checkInterrupt = (): void => {
    if (interrupted) throw new Interrupted();
  };
  process.on('SIGINT', onEarlySignal);
  process.on('SIGTERM', onEarlySignal);

  let code = 1;
  let clean = false;
  try {
    const steps = progress(out, 5);
    await steps.step(
      `Debian packages (${PACKAGES.join(', ')})`,
      () => runBash(['-c', '. "$0" && need_debian_packages "$@"', 'test/lib/debian-packages.sh', ...PACKAGES], { cwd: root, logFile }),
      (result) => (/installing/.test(result.stderr) ? 'installed' : 'already installed'),
    );
    checkInterrupt();
    const masterUrl = (
      await steps.step(
        'Buildbot master and worker',
        () => runBash(['test/master/start-master.sh', servers.masterDir], { cwd: root, logFile }),
        (result) => result.answer,
      )
    ).answer;
    checkInterrupt();
    const ircPort = Number(
      (
        await steps.step(
          'IRC server (ngircd)',
          async () => runBash(['test/irc/start-ircd.sh', servers.ircDir], { cwd: root, logFile, env: { IRC_PORT: String(await freePort(6667)) } }),
          (result) => `127.0.0.1:${result.answer.split(' ')[1] ?? '?'}`,
        )
      ).answer.split(' ')[1],
    );
    checkInterrupt();
    const configPath = join(dir, 'buildbot-chat.yaml');
    const httpPort = await freePort(8780);
    await steps.step(
      'configuration',
      async () => writeDemoConfig(configPath, { masterUrl, ircPort, httpPort, database: join(dir, 'buildbot-chat.sqlite') }),
      () => configPath,
    );
    checkInterrupt();

    const config = loadConfig(configPath);
    const secrets = collectSecrets(config);
    const botLog = join(dir, 'bot.log');
    out.write(`demo [5/5] starting the bot (log: ${botLog})\n`);
    out.write(instructions({ masterUrl, ircPort, httpPort, dir }, interactive));
    process.off('SIGINT', onEarlySignal);
    process.off('SIGTERM', onEarlySignal);
    code = await runBot({
      config,
      secrets,
      logger: createLogger({ level: process.env.LOG_LEVEL || config.log.level, secrets, pretty: false, destination: botLog }),
      terminal: { input: process.stdin, output: process.stdout, ...(interactive ? { interactive: {} } : {}) },
    });
    clean = code === 0;
  } catch (error) {
    if (error instanceof Interrupted) {
      code = 130;
      clean = true;
    } else {
      // The helper script's own words: its last line says what went wrong, the lines before it how.
      const details = error instanceof StepError && error.details !== '' ? `${error.details}\n` : '';
      process.stderr.write(`${details}demo: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  // Stopping the master takes a few seconds; a signal now ends the demo at once, and the exit
  // handler still stops the servers.
  const onLateSignal = (): void => process.exit(130);
  process.on('SIGINT', onLateSignal);
  process.on('SIGTERM', onLateSignal);
  out.write('demo: stopping the IRC server and the master… ');
  await servers.stop(logFile).catch((error: unknown) => process.stderr.write(`\ndemo: ${error instanceof Error ? error.message : String(error)}\n`));
  if (clean && process.env.BUILDBOT_CHAT_DEMO_KEEP !== '1') {
    rmSync(dir, { recursive: true, force: true });
    out.write('done\n');
  } else {
    out.write(`done; files kept in ${dir}\n`);
  }
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
    // stdin may still hold the event loop (a terminal): the demo is over either way.
    setTimeout(() => process.exit(code), 200).unref();
  },
  (error: unknown) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
