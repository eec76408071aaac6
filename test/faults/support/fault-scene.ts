/**
 * What every fault test needs: a bot process (the real CLI, console adapter) subscribed to
 * `finished` of one builder, a burst of forced builds on the real master, and the check that
 * each completed build was told exactly once and the subscriptions are intact.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { stringify } from 'yaml';
import { builderSchema, buildSchema, type Build } from '../../../src/buildbot/schemas.js';
import { REPEATED_NOTE } from '../../../src/core/reply.js';
import { forceBuild, getList } from '../../e2e/support/buildbot-rest.js';
import { startBotProcess, type BotProcess } from '../../support/bot-process.js';

export interface FaultScene {
  dir: string;
  config: string;
  database: string;
  /** Every bot process started so far, in order. */
  runs: BotProcess[];
  start(): Promise<BotProcess>;
  /** Lines about builds of `builder` printed by all runs. */
  told(): number[];
  /** The numbers of the builds whose line came again after a restart, marked as such. */
  repeated(): number[];
  remove(): void;
}

/** `sections`: more of the config (http, ...). */
export function faultScene(masterUrl: string, builder: string, sections: Record<string, unknown> = {}): FaultScene {
  const dir = mkdtempSync(join(tmpdir(), 'buildbot-chat-faults-'));
  const config = join(dir, 'bot.yaml');
  const database = join(dir, 'bot.sqlite');
  writeFileSync(
    config,
    stringify({ buildbot: { url: masterUrl }, database, console: { user: 'operator', authz: { '': true }, notifyEvents: ['finished'] }, ...sections }),
  );
  const runs: BotProcess[] = [];
  const pattern = new RegExp(`^Build #(\\d+) of ${builder} (completed|failed|was|stopped|has been|ended)`);
  return {
    dir,
    config,
    database,
    runs,
    async start() {
      const bot = startBotProcess(config, { LOG_LEVEL: 'info' });
      runs.push(bot);
      bot.type('hello');
      await bot.waitFor('the bot to answer', (lines) => lines.some((line) => line.endsWith(', operator!')), 60_000);
      await bot.waitFor('the event stream', () => bot.stderr.some((line) => line.includes('event stream connected')), 30_000);
      return bot;
    },
    told() {
      return runs.flatMap((run) => run.lines.flatMap((line) => {
        const match = pattern.exec(line);
        return match ? [Number(match[1])] : [];
      }));
    },
    repeated() {
      return runs.flatMap((run) => run.lines.flatMap((line) => {
        const match = pattern.exec(line);
        return match && line.includes(REPEATED_NOTE) ? [Number(match[1])] : [];
      }));
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The builder, once the master is idle for it, and the number of its last completed build: the
 * builds of a test are those above it.
 */
export async function quietBuilder(masterUrl: string, name: string): Promise<{ builderid: number; before: number }> {
  const [builder] = await getList(masterUrl, `builders?name=${encodeURIComponent(name)}`, 'builders', builderSchema);
  if (!builder) throw new Error(`the test master has no ${name} builder`);
  await masterIdle(masterUrl, builder.builderid);
  const before = (await completedBuilds(masterUrl, builder.builderid, 0)).at(-1)?.number ?? 0;
  return { builderid: builder.builderid, before };
}

/** Forces `count` builds without waiting; resolves to their build request ids. */
export async function burst(masterUrl: string, builder: string, count: number): Promise<number[]> {
  const requests: number[] = [];
  for (let i = 0; i < count; i++) requests.push(await forceBuild(masterUrl, builder, { reason: `burst ${i + 1}` }));
  return requests;
}

/** The builds of `builder` with a number above `after` that the master says are complete. */
export async function completedBuilds(masterUrl: string, builderid: number, after: number): Promise<Build[]> {
  const builds = await getList(masterUrl, `builders/${builderid}/builds?complete=true&order=number&limit=500`, 'builds', buildSchema);
  return builds.filter((build) => build.number > after);
}

/** Waits until no build of the builder is running or pending on the master. */
export async function masterIdle(masterUrl: string, builderid: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const running = await getList(masterUrl, `builders/${builderid}/builds?complete=false`, 'builds', buildSchema);
    const pending = await getList(masterUrl, `buildrequests?builderid=${builderid}&complete=false`, 'buildrequests', buildRequestShape);
    if (running.length === 0 && pending.length === 0) return;
    if (Date.now() > deadline) throw new Error(`builder ${builderid} still busy after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const buildRequestShape = buildSchema.pick({ complete: true }).loose();

/**
 * At least once, the promise across kill -9 (README, Reliability): every completed build told,
 * no other build told, and a build told twice only when the second line says it is a repeat.
 * Returns the figures the test prints.
 */
export function expectToldAtLeastOnce(scene: FaultScene, builds: Build[]): { builds: number; lines: number; repeats: number } {
  const told = scene.told();
  const numbers = builds.map((build) => build.number);
  expect([...new Set(told)].sort((a, b) => a - b)).toEqual(numbers);
  const extra = [...told];
  for (const number of numbers) extra.splice(extra.indexOf(number), 1);
  expect(extra.sort((a, b) => a - b)).toEqual(scene.repeated().sort((a, b) => a - b));
  return { builds: numbers.length, lines: told.length, repeats: extra.length };
}

/** Every completed build told exactly once, no other build told. */
export function expectToldExactlyOnce(told: number[], builds: Build[]): void {
  expect([...told].sort((a, b) => a - b)).toEqual(builds.map((build) => build.number));
}

/** The database file is sound and still has the subscription. */
export function expectDatabaseIntact(database: string, subscription: { chatKey: string; event: string }): void {
  const db = new Database(database, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = db.prepare('SELECT event FROM subscriptions WHERE chat_key = ?').all(subscription.chatKey) as { event: string }[];
    expect(rows.map((row) => row.event)).toContain(subscription.event);
  } finally {
    db.close();
  }
}
