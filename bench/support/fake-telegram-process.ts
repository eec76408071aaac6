/** Starts bench/support/fake-telegram-child.ts and talks to it over its stdin and stdout. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { FakeTelegram } from '../../test/fakes/fake-telegram/server.js';

export interface FakeTelegramStats {
  /** sendMessage calls answered ok */
  sent: number;
  lastSentAt: number;
  http429: number;
}

export interface FakeTelegramProcess {
  /** What the bot's config needs (apiRoot and token); nothing else of a FakeTelegram works. */
  fake: FakeTelegram;
  chatIds: number[];
  stats(): Promise<FakeTelegramStats>;
  close(): Promise<void>;
}

const child = fileURLToPath(new URL('./fake-telegram-child.ts', import.meta.url));

export async function startFakeTelegramProcess(limits: Record<string, number>, chats: number): Promise<FakeTelegramProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, JSON.stringify(limits), String(chats)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const { value, done } = await lines.next();
    if (done) throw new Error('the fake Bot API process ended');
    return value;
  };
  const hello = JSON.parse(await next()) as { apiRoot: string; token: string; chatIds: number[] };
  return {
    fake: { apiRoot: hello.apiRoot, token: hello.token } as FakeTelegram,
    chatIds: hello.chatIds,
    async stats() {
      proc.stdin.write('stats\n');
      return JSON.parse(await next()) as FakeTelegramStats;
    },
    async close() {
      proc.stdin.end();
      await once(proc, 'exit');
    },
  };
}
