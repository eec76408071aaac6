/**
 * Runs the repository's shell scripts that start and stop the real test servers
 * (test/master/*.sh, test/irc/*.sh) and hands back the last line they print, which is where
 * each start script puts its answer.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, from this file's place in test/e2e/support/. */
const repoRootUrl = new URL('../../../', import.meta.url);
export const repoRoot = fileURLToPath(repoRootUrl);

export interface RunScriptOptions {
  /** Set on top of the inherited environment, after inherited BB_* and IRC_* are removed. */
  env?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * Settings of the test servers are read from the environment; a developer's shell that exports
 * BB_AUTH=all would otherwise change the master every test expects.
 */
function scriptEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(BB|IRC)_/.test(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

/** Runs `bash SCRIPT ARGS...` (SCRIPT relative to the repo root); resolves to stdout's last line. */
export function runScript(script: string, args: string[], options: RunScriptOptions = {}): Promise<string> {
  const path = fileURLToPath(new URL(script, repoRootUrl));
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [path, ...args],
      { env: scriptEnv(options.env ?? {}), timeout: options.timeoutMs ?? 300_000, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        if (error) {
          const tail = stderr.trim().split('\n').slice(-30).join('\n');
          reject(new Error(`${script} ${args.join(' ')} failed (${error.message.split('\n')[0]}):\n${tail}`));
          return;
        }
        const lines = stdout.trim().split('\n');
        resolve(lines[lines.length - 1] ?? '');
      },
    );
  });
}
