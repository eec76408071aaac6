/**
 * The HTTP operations endpoints of a whole bot (createBot) against the fake master: /metrics
 * counts what the console did, /healthz follows the master going away and coming back.
 */
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeMaster, type FakeMaster } from '../fakes/fake-master.js';
import { removeDatabase, startConsoleBot, type ConsoleBot } from '../support/console-bot.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startBot(consoleSection: Record<string, unknown> = {}): Promise<{ bot: ConsoleBot; fake: FakeMaster; base: string }> {
  const fake = await startFakeMaster();
  cleanups.push(() => fake.close());
  const bot = await startConsoleBot({
    masterUrl: fake.url,
    console: consoleSection,
    config: { http: { host: '127.0.0.1', port: 0 } },
    bot: { masterProbeTtlMs: 100 },
  });
  cleanups.push(async () => {
    await bot.stop();
    removeDatabase(bot.database);
  });
  const port = bot.bot.http?.port;
  if (port === undefined) throw new Error('the bot has no HTTP server although http is configured');
  return { bot, fake, base: `http://127.0.0.1:${port}` };
}

/** Types a line at the console and waits for `answer` to be printed. */
async function say(bot: ConsoleBot, line: string, answer: string): Promise<void> {
  const from = bot.lines.length;
  bot.type(line);
  await bot.waitFor((lines) => lines.slice(from).includes(answer), 10_000, answer);
}

async function get(url: string): Promise<{ status: number; type: string; body: string }> {
  const answer = await request(url);
  return { status: answer.statusCode, type: String(answer.headers['content-type']), body: await answer.body.text() };
}

interface Health {
  status: string;
  down: string[];
}

/**
 * Polls /healthz until it answers `status` and the report satisfies `until` (the master probe
 * reuses its answer for a while, and the parts notice a stopped master one after the other).
 */
async function healthUntil(base: string, status: number, until: (health: Health) => boolean = () => true): Promise<Health> {
  for (;;) {
    const answer = await get(`${base}/healthz`);
    const health = JSON.parse(answer.body) as Health;
    if (answer.status === status && until(health)) return health;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('GET /metrics', () => {
  it('counts a command run at the console, and the master requests it made', async () => {
    const { bot, base } = await startBot();
    await say(bot, 'status fast-pass', 'fast-pass: idle; never built');
    const metrics = await get(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain('text/plain');
    expect(metrics.body).toContain('buildbot_chat_commands_total{command="status",outcome="ok",adapter="console"} 1');
    expect(metrics.body).toMatch(/buildbot_chat_master_request_duration_seconds_count\{master="default",method="GET",endpoint="builders",status="200"\} [1-9]/);
    expect(metrics.body).toContain('buildbot_chat_notifications_pending');
    expect(metrics.body).toContain('buildbot_chat_process_resident_memory_bytes');
  });

  it('counts a denial', async () => {
    const { bot, base } = await startBot({ authz: { '': true } });
    await say(bot, 'force build fast-pass', "You are not allowed to run 'force'.");
    expect((await get(`${base}/metrics`)).body).toContain('buildbot_chat_command_denials_total{command="force",adapter="console"} 1');
  });
});

describe('GET /healthz', () => {
  it('is 200 with every part up, 503 naming the master while it is down, 200 again when it is back', async () => {
    const { base, fake } = await startBot();
    const up = await healthUntil(base, 200);
    expect(up).toMatchObject({ status: 'ok', down: [], adapters: { console: { ok: true } }, outbox: { pending: 0 } });
    await fake.down('refuse');
    const down = await healthUntil(base, 503, (health) => health.down.includes('master'));
    expect(down).toMatchObject({ status: 'down', master: { ok: false, error: `the Buildbot master at ${fake.url} is not answering` } });
    await fake.up();
    expect(await healthUntil(base, 200)).toMatchObject({ status: 'ok', down: [], master: { ok: true } });
  });

  it('answers 404 for paths it does not serve', async () => {
    const { base } = await startBot();
    expect((await get(`${base}/nothing`)).status).toBe(404);
  });
});
