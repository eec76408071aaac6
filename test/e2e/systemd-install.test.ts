/**
 * packaging/'s documented systemd install, run as written (packaging/install-systemd.sh) under
 * a temporary root, then the bot started the way the unit starts it: as the system user
 * buildbot-chat, in its state folder, with the installed configuration, against the real test
 * master. Needs root, as the install does (useradd, chown); it creates the system user
 * buildbot-chat on this machine when missing, as the documented steps do.
 */
import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runWithInput, type CommandRun } from '../support/run-with-input.js';
import { repoRoot } from './support/run-script.js';

const run = promisify(execFile);
const url = inject('buildbotUrl');
let root: string;

/** `runuser -u USER -- node --import tsx src/cli.ts ARGS` in CWD, STDIN piped in and closed. */
function runCliAs(user: string, cwd: string, args: string[], stdin: string): Promise<CommandRun> {
  const cli = join(repoRoot, 'src', 'cli.ts');
  // tsx by its full address: `--import tsx` would look for it in CWD, the service's state folder
  const tsx = import.meta.resolve('tsx');
  return runWithInput('runuser', ['-u', user, '--', process.execPath, '--import', tsx, cli, ...args], stdin, {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LOG_LEVEL: 'warn' },
  });
}

function modeOf(stats: { mode: number }): string {
  return (stats.mode & 0o777).toString(8).padStart(4, '0');
}

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('this test runs the documented install, which needs root (useradd, chown)');
  root = await mkdtemp(join(tmpdir(), 'buildbot-chat-root-'));
  await chmod(root, 0o755); // as / is: the service user walks through it
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the documented systemd install (packaging/install-systemd.sh)', () => {
  it('leaves a configuration the service user can read, and the bot starts as that user', async () => {
    await run('sh', [join(repoRoot, 'packaging', 'install-systemd.sh')], { env: { ...process.env, ROOT: root } });
    const { stdout: id } = await run('id', ['-u', 'buildbot-chat']);
    const uid = Number(id.trim());
    const etc = join(root, 'etc', 'buildbot-chat');
    const configFile = join(etc, 'buildbot-chat.yaml');
    expect(modeOf(await stat(etc))).toBe('0750');
    expect(modeOf(await stat(configFile))).toBe('0640');
    expect(modeOf(await stat(join(etc, 'environment')))).toBe('0600');
    const unit = await readFile(join(root, 'etc', 'systemd', 'system', 'buildbot-chat.service'), 'utf8');
    // Documentation= names the README installed with the package, a file that exists
    const documentation = /^Documentation=file:\/\/(.+)$/m.exec(unit)?.[1];
    expect(documentation).toBe(join(repoRoot, 'README.md'));
    expect((await stat(documentation ?? '')).isFile()).toBe(true);
    const installed = await readFile(configFile, 'utf8');
    expect(installed).toMatch(/^database: \/var\/lib\/buildbot-chat\/buildbot-chat\.sqlite$/m);

    // The operator's edit (the same file, so its owner and mode stay as installed), with the
    // database in the temporary root's state folder, which systemd's StateDirectory= makes.
    const state = join(root, 'var', 'lib', 'buildbot-chat');
    await mkdir(state, { recursive: true, mode: 0o700 });
    await chmod(join(root, 'var'), 0o755);
    await chmod(join(root, 'var', 'lib'), 0o755);
    await chown(state, uid, uid);
    await writeFile(
      configFile,
      `buildbot:\n  url: ${url}\ndatabase: ${join(state, 'buildbot-chat.sqlite')}\nconsole:\n  user: operator\n`,
    );
    expect(modeOf(await stat(configFile))).toBe('0640');

    const answer = await runCliAs('buildbot-chat', state, ['--config', configFile, '--console'], 'version\n');
    expect(answer.stderr).toBe('');
    expect(answer.code).toBe(0);
    expect(answer.stdout).toMatch(/^This is buildbot-chat \S+, talking to Buildbot \S+ at .+\n$/);
    expect((await stat(join(state, 'buildbot-chat.sqlite'))).uid).toBe(uid);
  });

  it('an unreadable configuration stops the start with exit 78, naming the user and the permissions', async () => {
    const dir = join(root, 'private');
    await mkdir(dir, { mode: 0o750 }); // root's, as `install -d -m 0750` without a group leaves it
    const configFile = join(dir, 'buildbot-chat.yaml');
    await writeFile(configFile, `buildbot:\n  url: ${url}\n`, { mode: 0o600 });
    const answer = await runCliAs('nobody', root, ['--config', configFile, '--console'], 'hello\n');
    expect(answer.code).toBe(78);
    expect(answer.stdout).toBe('');
    expect(answer.stderr).toBe(
      `${configFile}: cannot read the configuration file\n` +
        `  permission denied: the bot runs as user nobody (uid 65534, groups nogroup); the folder ${dir} is root:root 0750: ` +
        'let nobody read it, e.g. chgrp nobody on the file (mode 0640) and on its folder (mode 0750)\n',
    );
  });
});
