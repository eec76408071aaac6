/** A bot configuration file in a temporary folder, with its database beside it. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';

export interface BenchConfig {
  path: string;
  config: Config;
  remove(): void;
}

/**
 * `sections` beside buildbot.url and the database: console, irc, telegram... as in the YAML.
 * Secrets go in as ${NAME} with their values in `env` (the config refuses literal ones).
 */
export function writeBenchConfig(masterUrl: string, sections: Record<string, unknown>, env: Record<string, string> = {}): BenchConfig {
  const dir = mkdtempSync(join(tmpdir(), 'buildbot-chat-bench-'));
  const text = stringify({ buildbot: { url: masterUrl }, database: join(dir, 'bot.sqlite'), log: { level: 'warn' }, ...sections });
  const path = join(dir, 'buildbot-chat.yaml');
  writeFileSync(path, text);
  return { path, config: parseConfig(text, env), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
