/**
 * The command line's own flags, and what `npm pack` puts in the tarball: -h and -V work,
 * --help names LOG_LEVEL and the exit codes, the tarball carries the LICENSE and no source
 * maps, and a packed tarball left in the clone is ignored by git.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

function cli(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: root });
}

describe('buildbot-chat flags', () => {
  it('-h and --help print the usage, LOG_LEVEL and the exit codes', async () => {
    const { stdout } = await cli('-h');
    expect((await cli('--help')).stdout).toBe(stdout);
    expect(stdout).toMatch(/^Usage: buildbot-chat \[--config FILE\] \[--console\]\n/);
    expect(stdout).toMatch(/^ {2}LOG_LEVEL +fatal, error, warn, info, debug, trace or silent/m);
    for (const code of [0, 1, 2, 69, 77, 78, 130]) expect(stdout).toMatch(new RegExp(`^  ${code} +\\S`, 'm'));
  });

  it('-V and --version print the version', async () => {
    expect((await cli('-V')).stdout).toBe(`${version}\n`);
    expect((await cli('--version')).stdout).toBe(`${version}\n`);
  });
});

describe('the packed tarball', () => {
  it('carries the LICENSE and the compiled bot, and no source maps', async () => {
    // npm pack builds first (prepack); --dry-run lists what the tarball would hold
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--silent'], { cwd: root, maxBuffer: 16 << 20 });
    const [pack] = JSON.parse(stdout) as [{ files: { path: string }[] }];
    const files = pack.files.map((file) => file.path);
    expect(files).toContain('LICENSE');
    expect(files).toContain('dist/src/cli.js');
    expect(files).toContain('bin/buildbot-chat.js');
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
  }, 300_000);

  it('is ignored by git when left in the clone', async () => {
    const { stdout } = await run('git', ['check-ignore', `buildbot-chat-${version}.tgz`], { cwd: root });
    expect(stdout.trim()).toBe(`buildbot-chat-${version}.tgz`);
  });
});
