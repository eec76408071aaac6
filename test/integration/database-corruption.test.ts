/**
 * A database damaged under a running bot (an index page overwritten, as a failing disk or a
 * bad copy leaves it): /healthz says so with 503, the error is logged as an error and counted
 * in /metrics, and the build events it stopped are not lost: once the file is repaired and the
 * bot started again, catch-up delivers them, once.
 */
import pino from 'pino';
import { request } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startFakeMaster, type FakeMaster } from '../fakes/fake-master.js';
import { removeDatabase, startConsoleBot, type ConsoleBot } from '../support/console-bot.js';
import { corruptIndex, repairByCopy } from '../support/corrupt-database.js';

const SUCCESS = 0;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface LogLine {
  level: number;
  msg: string;
  err?: { message?: string };
}

async function startBot(master: FakeMaster, database?: string): Promise<{ bot: ConsoleBot; base: string; logs: LogLine[] }> {
  const logs: LogLine[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const bot = await startConsoleBot({
    masterUrl: master.url,
    console: { notifyEvents: ['finished'] },
    config: { http: { host: '127.0.0.1', port: 0 } },
    bot: { masterProbeTtlMs: 100 },
    logger,
    ...(database ? { database } : {}),
  });
  cleanups.push(() => bot.stop());
  return { bot, base: `http://127.0.0.1:${bot.bot.http?.port ?? 0}`, logs };
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const answer = await request(url);
  return { status: answer.statusCode, body: await answer.body.text() };
}

const finishedLines = (lines: string[], number: number) => lines.filter((line) => line.startsWith(`Build #${number} of fast-pass completed successfully`));

describe('a database damaged while the bot runs', () => {
  it('turns /healthz to 503, logs an error, counts it, and delivers what it stopped once the file is repaired', async () => {
    const master = await startFakeMaster({ buildStartDelayMs: 5 });
    cleanups.push(() => master.close());
    const first = await startBot(master);
    cleanups.push(async () => removeDatabase(first.bot.database));
    const before = master.finishBuild(master.startBuild({ builder: 'fast-pass', durationMs: null }).buildid, SUCCESS);
    await first.bot.waitFor((lines) => finishedLines(lines, before.number).length === 1, 10_000, 'the first build');
    expect((await get(`${first.base}/healthz`)).status).toBe(200);

    corruptIndex(first.bot.database, 'subscriptions_by_event');
    const lost = master.finishBuild(master.startBuild({ builder: 'fast-pass', durationMs: null }).buildid, SUCCESS);

    const health = await vi.waitFor(
      async () => {
        const answer = await get(`${first.base}/healthz`);
        expect(answer.status).toBe(503);
        return JSON.parse(answer.body) as { down: string[]; database: { ok: boolean; error?: string } };
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(health.down).toEqual(['database']);
    expect(health.database).toEqual({ ok: false, error: expect.stringContaining('database disk image is malformed') });
    expect((await get(`${first.base}/metrics`)).body).toMatch(/^buildbot_chat_database_corruptions_total [1-9]/m);
    const errors = first.logs.filter((line) => line.level >= 50);
    expect(errors.map((line) => line.msg)).toContainEqual(expect.stringContaining(`database ${first.bot.database} is damaged`));
    expect(finishedLines(first.bot.lines, lost.number)).toEqual([]);
    await first.bot.stop();

    repairByCopy(first.bot.database);
    const again = await startBot(master, first.bot.database);
    await again.bot.waitFor((lines) => finishedLines(lines, lost.number).length === 1, 10_000, 'the build the damage stopped');
    expect((await get(`${again.base}/healthz`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300)); // a repeat would arrive now
    expect(finishedLines(again.bot.lines, before.number)).toEqual([]);
    expect(finishedLines(again.bot.lines, lost.number)).toHaveLength(1);
  });
});
