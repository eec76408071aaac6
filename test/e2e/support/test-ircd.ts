/** A real IRC server (Debian's ngircd, test/irc/) on 127.0.0.1 for end-to-end tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript } from './run-script.js';

export interface TestIrcd {
  host: string;
  port: number;
  /** Holds ngircd.conf, ngircd.log and ngircd.pid. */
  dir: string;
}

/** Starts ngircd on a free port (or `port`); IRC operator `admin` / `oper-pass`. */
export async function startIrcd(options: { dir?: string; port?: number } = {}): Promise<TestIrcd> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'buildbot-chat-ircd-')));
  const env: Record<string, string> = options.port === undefined ? {} : { IRC_PORT: String(options.port) };
  const last = await runScript('test/irc/start-ircd.sh', [dir], { env });
  const match = /^(\S+) (\d+) (.+)$/.exec(last);
  if (!match?.[1] || !match[2] || !match[3]) {
    throw new Error(`start-ircd.sh printed ${JSON.stringify(last)} instead of "HOST PORT DIR"`);
  }
  return { host: match[1], port: Number(match[2]), dir: match[3] };
}

/** Stops the ngircd of DIR by its pid file; `remove: true` deletes DIR too. */
export async function stopIrcd(dir: string, options: { remove?: boolean } = {}): Promise<void> {
  await runScript('test/irc/stop-ircd.sh', [dir]);
  if (options.remove) await rm(dir, { recursive: true, force: true });
}
