/** The CLI as `npm start` runs it, in a child process, for end-to-end tests. */
import { runWithInput, type CommandRun } from '../../support/run-with-input.js';
import { repoRoot } from './run-script.js';

export type CliRun = CommandRun;

/** `node --import tsx src/cli.ts ARGS` (what `npm start` runs) with STDIN piped in, then closed. */
export function runCli(args: string[], stdin: string): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.LOG_LEVEL; // the config's level, as an operator's shell would have it
  return runWithInput(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], stdin, { cwd: repoRoot, env });
}
