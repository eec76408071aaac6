/** A database file in a fresh temporary folder, removed after the test. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDatabasePath(): { path: string; dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'buildbot-chat-store-'));
  return { dir, path: join(dir, 'nested', 'bot.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
