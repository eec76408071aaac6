/**
 * The bot compiled as `npm run build` compiles it, in a temporary folder laid out like the
 * installed package (package.json, data/templates, dist/), so the CLI measured is the one
 * users run (bin/buildbot-chat.js imports dist/src/cli.js), not tsx compiling on the fly.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface CompiledBot {
  /** dist/src/cli.js */
  cli: string;
  remove(): void;
}

export async function compileBot(): Promise<CompiledBot> {
  const dir = mkdtempSync(join(tmpdir(), 'buildbot-chat-build-'));
  try {
    cpSync(join(repoRoot, 'package.json'), join(dir, 'package.json'));
    mkdirSync(join(dir, 'data'));
    cpSync(join(repoRoot, 'data', 'templates'), join(dir, 'data', 'templates'), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    await promisify(execFile)(process.execPath, [tsc, '-p', join(repoRoot, 'tsconfig.build.json'), '--outDir', join(dir, 'dist')], { cwd: repoRoot });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { cli: join(dir, 'dist', 'src', 'cli.js'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
