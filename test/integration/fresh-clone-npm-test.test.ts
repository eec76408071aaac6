/**
 * `npm test` as the very first command on a fresh clone: the README's two commands (npm run
 * demo, npm test) work in either order, so `npm test` installs the dependencies first, as the
 * demo does. The clone is a temporary folder with the project's package.json, lockfile and
 * scripts; the real npm runs it, and an `npm` placed first on PATH stands in for the install
 * (which would compile better-sqlite3 for two minutes): it records its arguments and installs
 * a vitest that prints how it was called.
 */
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = join(import.meta.dirname, '..', '..');
let clone: string;
let fakeBin: string;
let realNpm: string;

const FAKE_NPM = `#!/bin/sh
echo "$*" >>"$FAKE_NPM_LOG"
if [ "$1" = ci ]; then
  mkdir -p node_modules/.bin
  cp package-lock.json node_modules/.package-lock.json
  printf '#!/bin/sh\\necho "vitest $*"\\n' >node_modules/.bin/vitest
  chmod +x node_modules/.bin/vitest
fi
`;

beforeAll(async () => {
  clone = await mkdtemp(join(tmpdir(), 'buildbot-chat-clone-'));
  await mkdir(join(clone, 'scripts'));
  for (const file of ['package.json', 'package-lock.json', 'scripts/ensure-dependencies.sh', 'scripts/dependencies-current.mjs']) {
    await copyFile(join(repo, file), join(clone, file));
  }
  fakeBin = join(clone, 'fake-bin');
  await mkdir(fakeBin);
  await writeFile(join(fakeBin, 'npm'), FAKE_NPM);
  await chmod(join(fakeBin, 'npm'), 0o755);
  realNpm = (await run('sh', ['-c', 'command -v npm'])).stdout.trim();
});

afterAll(async () => {
  await rm(clone, { recursive: true, force: true });
});

async function npmTest(): Promise<string> {
  const { stdout, stderr } = await run(realNpm, ['test'], {
    cwd: clone,
    env: { ...process.env, PATH: `${fakeBin}${delimiter}${process.env.PATH ?? ''}`, FAKE_NPM_LOG: join(clone, 'npm.log') },
  });
  return stdout + stderr;
}

describe('npm test on a fresh clone', () => {
  it('installs the dependencies first, then runs the unit and integration tests', async () => {
    const output = await npmTest();
    expect(output).toContain('installing dependencies first (npm ci');
    expect(await readFile(join(clone, 'npm.log'), 'utf8')).toBe('ci --no-audit --no-fund --loglevel=error\n');
    // the install put vitest there: it could only run after it
    expect(output).toContain('vitest run --project unit --project integration');
  });

  it('does not install again once node_modules holds what the lockfile asks for', async () => {
    const output = await npmTest();
    expect(output).not.toContain('installing dependencies');
    expect(await readFile(join(clone, 'npm.log'), 'utf8')).toBe('ci --no-audit --no-fund --loglevel=error\n');
    expect(output).toContain('vitest run --project unit --project integration');
  });

  it('installs again when the lockfile asks for another version than the one installed', async () => {
    const record = JSON.parse(await readFile(join(clone, 'node_modules', '.package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
    const zod = record.packages['node_modules/zod'];
    if (zod === undefined) throw new Error('the lockfile has no zod');
    zod.version = '0.0.1';
    await writeFile(join(clone, 'node_modules', '.package-lock.json'), JSON.stringify(record));
    const output = await npmTest();
    expect(output).toContain('installing dependencies first');
    expect((await readFile(join(clone, 'npm.log'), 'utf8')).split('\n').filter(Boolean)).toHaveLength(2);
  });
});
