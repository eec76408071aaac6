/**
 * /healthz against a real Buildbot master of its own: 503 naming the master while the master
 * is stopped, 200 again once it runs again in the same folder (same ports).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../../src/app.js';
import { parseConfig } from '../../src/config/load-config.js';
import { startMaster, stopMaster, type TestMaster } from './support/test-master.js';

interface Health {
  status: string;
  down: string[];
  master: { ok: boolean; error?: string };
  events: { connected: boolean };
}

let master: TestMaster;
let bot: Bot;
let dir: string;
let base: string;

beforeAll(async () => {
  master = await startMaster({ env: { BB_WEB_PORT: '0', BB_WORKER_PORT: '0' } });
  dir = await mkdtemp(join(tmpdir(), 'buildbot-chat-healthz-'));
  const config = parseConfig(
    `buildbot: { url: '${master.url}' }\ndatabase: '${join(dir, 'bot.sqlite')}'\nhttp: { host: 127.0.0.1, port: 0 }\n`,
    {},
    'healthz test config',
  );
  bot = await createBot({
    config,
    logger: pino({ level: 'silent' }),
    notify: { stream: { backoff: { initialMs: 100, maxMs: 1_000 } } },
    masterProbeTtlMs: 200,
  });
  await bot.start();
  base = `http://127.0.0.1:${bot.http?.port ?? 0}`;
});

afterAll(async () => {
  await bot?.stop();
  if (master) await stopMaster(master.dir, { remove: true });
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Polls /healthz until it answers `status` with a report that satisfies `until`. */
async function healthUntil(status: number, until: (health: Health) => boolean): Promise<Health> {
  for (;;) {
    const answer = await request(`${base}/healthz`);
    const health = (await answer.body.json()) as Health;
    if (answer.statusCode === status && until(health)) return health;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('GET /healthz with a real master', () => {
  it('is 200 while the master runs and the event stream is connected', async () => {
    const health = await healthUntil(200, (h) => h.events.connected);
    expect(health).toMatchObject({ status: 'ok', down: [], master: { ok: true } });
  });

  it('turns 503 naming the master when the master stops', async () => {
    await stopMaster(master.dir);
    const health = await healthUntil(503, (h) => h.down.includes('master'));
    expect(health.status).toBe('down');
    expect(health.master.error).toBe(`the Buildbot master at ${master.url} is not answering`);
  });

  it('is 200 again when the master is back', async () => {
    await startMaster({ dir: master.dir });
    const health = await healthUntil(200, (h) => h.events.connected);
    expect(health).toMatchObject({ status: 'ok', down: [], master: { ok: true } });
  });
});
