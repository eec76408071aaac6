/**
 * The buildbot-chat command as a process: it stops cleanly on SIGTERM (exit 0, database
 * closed), leaves at once on a second signal, and a start that cannot work ends with one line
 * saying why and a non-zero exit code.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeMaster, type FakeMaster, type FakeMasterOptions } from '../fakes/fake-master.js';
import { startFakeTelegram } from '../fakes/fake-telegram/server.js';
import { corruptIndex } from '../support/corrupt-database.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Cli {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves when stdout (or stderr) contains `text`. */
  waitFor(stream: 'stdout' | 'stderr', text: string): Promise<void>;
  exit: Promise<number | null>;
}

async function workDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'buildbot-chat-cli-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function fakeMaster(options: FakeMasterOptions = {}): Promise<FakeMaster> {
  const fake = await startFakeMaster(options);
  cleanups.push(() => fake.close());
  return fake;
}

async function writeConfig(dir: string, yaml: string): Promise<string> {
  const path = join(dir, 'bot.yaml');
  await writeFile(path, yaml);
  return path;
}

function consoleConfig(url: string, dir: string, extra = ''): string {
  return `buildbot: { url: '${url}' }\ndatabase: '${join(dir, 'bot.sqlite')}'\nconsole:\n  user: operator\n  authz: { "!": [operator] }\n${extra}`;
}

/**
 * Root may write any file whatever its mode; the database tests need an operator's ordinary
 * rights. Without CAP_DAC_OVERRIDE (dropped with util-linux's setpriv) root obeys the mode bits.
 */
function unprivileged(command: string[]): string[] {
  return process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', ...command] : command;
}

function runCli(configPath: string, env: NodeJS.ProcessEnv = {}, options: { unprivileged?: boolean; cwd?: string } = {}): Cli {
  const command = [process.execPath, '--import', import.meta.resolve('tsx'), join(repoRoot, 'src', 'cli.ts'), '--config', configPath, '--console'];
  const [file = process.execPath, ...args] = options.unprivileged ? unprivileged(command) : command;
  const child = spawn(file, args, {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
  });
  const text = { stdout: '', stderr: '' };
  const waiters: { stream: 'stdout' | 'stderr'; text: string; resolve: () => void }[] = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      if (text[waiter.stream].includes(waiter.text)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout.on('data', (chunk: Buffer) => ((text.stdout += chunk.toString()), check()));
  child.stderr.on('data', (chunk: Buffer) => ((text.stderr += chunk.toString()), check()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exit;
  });
  return {
    child,
    stdout: () => text.stdout,
    stderr: () => text.stderr,
    exit,
    waitFor: (stream, wanted) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ stream, text: wanted, resolve });
        check();
        void exit.then((code) => reject(new Error(`the bot exited (${code}) before printing "${wanted}"\n${text.stderr}`)));
      }),
  };
}

/** The last non-empty line of stderr: the start-up failure line. */
const lastLine = (text: string): string => text.trimEnd().split('\n').pop() ?? '';

describe('stopping on a signal', () => {
  it('answers what it was asked, then on SIGTERM stops, closes the database and exits 0', async () => {
    const fake = await fakeMaster();
    const dir = await workDir();
    const cli = runCli(await writeConfig(dir, consoleConfig(fake.url, dir)));
    cli.child.stdin.write('status fast-pass\n');
    await cli.waitFor('stdout', 'fast-pass: idle; never built');
    cli.child.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
    expect(cli.stderr()).toContain('"signal":"SIGTERM","msg":"stopping"');
    expect(cli.stderr()).toContain('"msg":"buildbot-chat stopped"');
    // SQLite removes the write-ahead log when the last connection closes cleanly.
    expect(existsSync(join(dir, 'bot.sqlite-wal'))).toBe(false);
    const db = new Database(join(dir, 'bot.sqlite'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('stops the same way on SIGINT', async () => {
    const fake = await fakeMaster();
    const dir = await workDir();
    const cli = runCli(await writeConfig(dir, consoleConfig(fake.url, dir)));
    await cli.waitFor('stderr', 'buildbot-chat started');
    cli.child.kill('SIGINT');
    expect(await cli.exit).toBe(0);
    expect(cli.stderr()).toContain('"msg":"buildbot-chat stopped"');
  });

  it('exits at once on a second signal, while still waiting for a running command', async () => {
    // The build never starts within the test, so `force` keeps waiting and so does the stop.
    const fake = await fakeMaster({ buildStartDelayMs: 600_000 });
    const dir = await workDir();
    const cli = runCli(await writeConfig(dir, consoleConfig(fake.url, dir)));
    cli.child.stdin.write('force build fast-pass\n');
    await cli.waitFor('stdout', 'Force build of fast-pass requested');
    cli.child.kill('SIGTERM');
    await cli.waitFor('stderr', '"msg":"stopping"');
    cli.child.kill('SIGINT');
    expect(await cli.exit).toBe(130);
    expect(cli.stderr()).toContain('second signal: exiting at once');
    expect(cli.stderr()).not.toContain('buildbot-chat stopped');
  });
});

describe('a relative database path', () => {
  it('is the config file folder\'s: started from two other folders, the bot keeps one database', async () => {
    const fake = await fakeMaster();
    const dir = await workDir();
    const elsewhere = await workDir();
    const config = await writeConfig(dir, `buildbot: { url: '${fake.url}' }\ndatabase: state/bot.sqlite\n`);
    const first = runCli(config, {}, { cwd: repoRoot });
    first.child.stdin.end('notify on failure\n');
    expect(await first.exit).toBe(0);
    const second = runCli(config, {}, { cwd: elsewhere });
    second.child.stdin.end('notify list\n');
    expect(await second.exit).toBe(0);
    expect(second.stdout()).toMatch(/failure/);
    expect(existsSync(join(dir, 'state', 'bot.sqlite'))).toBe(true);
    expect(existsSync(join(repoRoot, 'state'))).toBe(false);
    expect(existsSync(join(elsewhere, 'state'))).toBe(false);
  });
});

describe('templates of one\'s own', () => {
  it('a file in the templates folder replaces the built-in template of the same name', async () => {
    const fake = await fakeMaster();
    const dir = await workDir();
    await mkdir(join(dir, 'my-templates'));
    await writeFile(join(dir, 'my-templates', 'hello.eta'), 'Howdy, <%= it.name %>! (<%= it.greeting %> in our words)\n');
    const config = await writeConfig(dir, consoleConfig(fake.url, dir, 'templates: my-templates\n'));
    const cli = runCli(config, {}, { cwd: await workDir() });
    cli.child.stdin.end('hello\nsource\n');
    expect(await cli.exit).toBe(0);
    const [hello, source] = cli.stdout().split('\n');
    expect(hello).toMatch(/^Howdy, operator! \(\S.* in our words\)$/);
    expect(source).toMatch(/; this installation names no source URL: set source: in the configuration$/); // the others stay built in
  });

  it('a broken one stops the start with exit 78, naming its file and line', async () => {
    const fake = await fakeMaster();
    const dir = await workDir();
    await mkdir(join(dir, 'my-templates'));
    const broken = join(dir, 'my-templates', 'status-summary.eta');
    await writeFile(broken, 'first line\n<% if (it.builders.length) { %>\n<%= it.builders.length ) %> builders\n<% } %>\n');
    const cli = runCli(await writeConfig(dir, consoleConfig(fake.url, dir, 'templates: my-templates\n')));
    expect(await cli.exit).toBe(78);
    expect(lastLine(cli.stderr())).toMatch(new RegExp(`^buildbot-chat: cannot start: ${broken.replace(/[.]/g, '\\.')}: line 3: Unexpected token '\\)' \\(fix the template`));
    expect(cli.stdout()).toBe('');
  });

  it('an unclosed tag is named by line and column', async () => {
    const fake = await fakeMaster();
    const dir = await workDir();
    await mkdir(join(dir, 'my-templates'));
    await writeFile(join(dir, 'my-templates', 'hello.eta'), 'Hello\n<%= it.name %\n');
    const cli = runCli(await writeConfig(dir, consoleConfig(fake.url, dir, 'templates: my-templates\n')));
    expect(await cli.exit).toBe(78);
    expect(lastLine(cli.stderr())).toContain('hello.eta: unclosed tag at line 2 col 1');
  });
});

describe('failing to start', () => {
  it('names an unreachable master in one line and exits 69', async () => {
    const fake = await fakeMaster();
    const url = fake.url;
    await fake.down('refuse');
    const dir = await workDir();
    const cli = runCli(await writeConfig(dir, consoleConfig(url, dir)));
    expect(await cli.exit).toBe(69);
    expect(lastLine(cli.stderr())).toMatch(
      new RegExp(`^buildbot-chat: cannot start: the Buildbot master at ${url} is not answering \\(ECONNREFUSED.*\\): start the master or fix buildbot\\.url$`),
    );
  });

  it('says Telegram refused the token in one line, without the token, and exits 77', async () => {
    const fake = await fakeMaster();
    const telegram = await startFakeTelegram();
    cleanups.push(() => telegram.close());
    const dir = await workDir();
    const token = '999:wrong-token-abcdef';
    const yaml = `buildbot: { url: '${fake.url}' }\ndatabase: '${join(dir, 'bot.sqlite')}'\ntelegram:\n  token: \${TELEGRAM_TOKEN}\n  apiRoot: ${telegram.apiRoot}\n`;
    const cli = runCli(await writeConfig(dir, yaml), { TELEGRAM_TOKEN: token, LOG_LEVEL: 'debug' });
    expect(await cli.exit).toBe(77);
    expect(lastLine(cli.stderr())).toBe("buildbot-chat: cannot start: Telegram refused the bot token (Call to 'getMe' failed! (401: Unauthorized)): check telegram.token");
    expect(cli.stderr()).not.toContain('wrong-token');
  });

  it('names a taken HTTP port in one line and exits 69', async () => {
    const fake = await fakeMaster();
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const port = (taken.address() as { port: number }).port;
    const dir = await workDir();
    const cli = runCli(await writeConfig(dir, consoleConfig(fake.url, dir, `http: { host: 127.0.0.1, port: ${port} }\n`)));
    expect(await cli.exit).toBe(69);
    expect(lastLine(cli.stderr())).toBe(`buildbot-chat: cannot start: cannot listen on 127.0.0.1:${port} (EADDRINUSE): change http.host or http.port`);
  });

  it('names the problems of a bad configuration and exits 78', async () => {
    const dir = await workDir();
    const cli = runCli(await writeConfig(dir, `buildbot: { url: 'ftp://nowhere' }\n`));
    expect(await cli.exit).toBe(78);
    expect(cli.stderr()).toContain('buildbot.url: expected a URL like http://host:8010/');
  });

  it('refuses an unknown LOG_LEVEL and exits 78', async () => {
    const fake = await fakeMaster();
    const dir = await workDir();
    const cli = runCli(await writeConfig(dir, consoleConfig(fake.url, dir)), { LOG_LEVEL: 'loud' });
    expect(await cli.exit).toBe(78);
    expect(lastLine(cli.stderr())).toBe("buildbot-chat: LOG_LEVEL: unknown log level 'loud': expected one of fatal, error, warn, info, debug, trace, silent");
  });
});

describe('a database the bot cannot use', () => {
  const me = `${userInfo().username}, uid ${userInfo().uid}`;
  /** Starts the CLI with `database` at `path` and no http section; resolves to its exit code and last line. */
  async function startWith(path: string, dir: string): Promise<{ code: number | null; line: string }> {
    const fake = await fakeMaster();
    const yaml = `buildbot: { url: '${fake.url}' }\ndatabase: '${path}'\nconsole:\n  user: operator\n`;
    const cli = runCli(await writeConfig(dir, yaml), {}, { unprivileged: true });
    const code = await cli.exit;
    return { code, line: lastLine(cli.stderr()) };
  }
  async function lockedFolder(): Promise<{ dir: string; locked: string }> {
    const dir = await workDir();
    const locked = join(dir, 'locked');
    await mkdir(locked);
    cleanups.push(async () => chmodSync(locked, 0o755));
    return { dir, locked };
  }
  const unwritable = (path: string, cause: string) =>
    `buildbot-chat: cannot start: database ${path} cannot be written by this user (${me}) (${cause}): ` +
    `give the bot's user read and write permission on the file and write permission on its folder ` +
    `(SQLite writes bot.sqlite-wal and bot.sqlite-shm beside it), or set database to a path it may write`;

  it('names the option, the path and the missing permission when the folder is read-only, and exits 73', async () => {
    const { dir, locked } = await lockedFolder();
    chmodSync(locked, 0o555);
    const path = join(locked, 'bot.sqlite');
    expect(await startWith(path, dir)).toEqual({ code: 73, line: unwritable(path, `EACCES: permission denied, open '${path}'`) });
  });

  it('says the same when the file exists but its folder is read-only (no room for the write-ahead log)', async () => {
    const { dir, locked } = await lockedFolder();
    const path = join(locked, 'bot.sqlite');
    writeFileSync(path, '');
    chmodSync(locked, 0o555);
    expect(await startWith(path, dir)).toEqual({ code: 73, line: unwritable(path, 'SQLITE_READONLY_DIRECTORY: attempt to write a readonly database') });
  });

  it('says the same when the file is read-only', async () => {
    const dir = await workDir();
    const path = join(dir, 'bot.sqlite');
    writeFileSync(path, '');
    chmodSync(path, 0o444);
    expect(await startWith(path, dir)).toEqual({ code: 73, line: unwritable(path, `EACCES: permission denied, open '${path}'`) });
  });

  it('refuses a folder named as the database, and exits 78', async () => {
    const dir = await workDir();
    const path = join(dir, 'state');
    await mkdir(path);
    expect(await startWith(path, dir)).toEqual({
      code: 78,
      line: `buildbot-chat: cannot start: database ${path} is a folder: set database to a file inside it, such as ${join(path, 'buildbot-chat.sqlite')}`,
    });
  });

  it('refuses a file that is not a SQLite database, leaves it as it was, and exits 78', async () => {
    const dir = await workDir();
    const path = join(dir, 'notes.txt');
    const text = 'these are not the droids you are looking for\n'.repeat(100);
    writeFileSync(path, text);
    expect(await startWith(path, dir)).toEqual({
      code: 78,
      line: `buildbot-chat: cannot start: database ${path} is not a SQLite database (SQLITE_NOTADB: file is not a database): set database to the bot's file, or to a new path to start with no state`,
    });
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('refuses a damaged database with the recovery steps, and exits 65', async () => {
    const dir = await workDir();
    const path = join(dir, 'bot.sqlite');
    const db = new Database(path);
    db.exec('CREATE TABLE t (x TEXT); CREATE INDEX t_by_x ON t (x);');
    db.prepare('INSERT INTO t VALUES (?)').run('a');
    db.close();
    corruptIndex(path, 't_by_x');
    const { code, line } = await startWith(path, dir);
    expect(code).toBe(65);
    expect(line).toMatch(new RegExp(`^buildbot-chat: cannot start: database ${path} is damaged \\(quick_check: .+\\): stop the bot, keep a copy of the file`));
  });
});
