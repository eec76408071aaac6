/**
 * The audit log on the real test master: every dangerous command typed on IRC (refused, asked,
 * confirmed, cancelled) is a row with what the master answered, `audit` shows them, and the
 * console's log carries each entry as a JSON line.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { buildSchema } from '../../src/buildbot/schemas.js';
import { startConsoleSession } from '../support/console-session.js';
import type { RawIrcClient } from '../support/raw-irc-client.js';
import { getList } from './support/buildbot-rest.js';
import { saidBy, startIrcScene, waitForBotLine, type IrcScene } from './support/irc-bot.js';

const masterUrl = inject('buildbotUrl');
const host = inject('ircHost');
const port = inject('ircPort');
const BOT = 'auditbot';
const CHANNEL = '#irc-audit';
const ALICE = 'alice-aud';
const MALLORY = 'mallory-aud';

const rowSchema = z.object({ adapter: z.string(), chat_id: z.string(), user_id: z.string(), user_name: z.string(), command: z.string(), line: z.string(), outcome: z.string(), detail: z.string() });

let scene: IrcScene;
let alice: RawIrcClient;
let mallory: RawIrcClient;

beforeAll(async () => {
  scene = await startIrcScene(masterUrl, {
    host,
    port,
    channel: CHANNEL,
    nicks: [ALICE, MALLORY],
    irc: { nick: BOT, commandPrefix: '!', authz: { 'force, audit': [ALICE] }, confirm: ['force'] },
    bot: { timing: { buildStartWaitMs: 30_000, buildStopWaitMs: 30_000, pollIntervalMs: 200 } },
  });
  [alice, mallory] = scene.users as [RawIrcClient, RawIrcClient];
});

afterAll(async () => {
  await scene?.close();
});

function rows(): z.infer<typeof rowSchema>[] {
  return z.array(rowSchema).parse(scene.bot.bot.db.prepare('SELECT * FROM audit_log ORDER BY id').all());
}

async function botSays(text: string | RegExp, since: number, timeoutMs = 15_000): Promise<string> {
  const line = await waitForBotLine(alice, saidBy(BOT, CHANNEL, text), { since, timeoutMs });
  return line.params[1] ?? '';
}

describe('the audit log', () => {
  let request = 0;
  let number = 0;

  it('records a refusal, a question, a confirmed force with its build request, and a cancelled one', async () => {
    let since = alice.lines.length;
    mallory.say(CHANNEL, '!force build fast-pass by mallory');
    await botSays(`${MALLORY}: You are not allowed to run '!force'.`, since);

    alice.say(CHANNEL, '!force build fast-pass audited');
    await botSays(/^alice-aud: Force fast-pass because "audited"\? Answer !yes/, since);
    alice.say(CHANNEL, '!yes');
    const started = await botSays(/^alice-aud: Build #\d+ of \x02fast-pass\x02 started\./, since, 40_000);
    number = Number(/#(\d+)/.exec(started)?.[1]);

    since = alice.lines.length;
    alice.say(CHANNEL, '!force build fast-pass not wanted');
    await botSays(/Answer !yes/, since);
    alice.say(CHANNEL, '!no');
    await botSays(/Cancelled/, since);

    const recorded = rows();
    expect(recorded.map((r) => [r.user_id, r.outcome, r.line])).toEqual([
      [MALLORY, 'denied', 'force build fast-pass by mallory'],
      [ALICE, 'asked', 'force build fast-pass audited'],
      [ALICE, 'ok', 'force build fast-pass audited'],
      [ALICE, 'asked', 'force build fast-pass not wanted'],
      [ALICE, 'cancelled', 'force build fast-pass not wanted'],
    ]);
    expect(recorded.every((r) => r.adapter === 'irc' && r.chat_id === CHANNEL && r.command === 'force')).toBe(true);
    expect(recorded[1]?.detail).toBe('Force fast-pass because "audited"?');
    expect(recorded[4]?.detail).toBe('answered no');
    const detail = /^confirmed; build request (\d+); build #(\d+)$/.exec(recorded[2]?.detail ?? '');
    expect(detail?.[2]).toBe(String(number));
    request = Number(detail?.[1]);
    // the request and the build it names are the master's
    const [build] = await getList(masterUrl, `builds?buildrequestid=${request}`, 'builds', buildSchema);
    expect(build?.number).toBe(number);
  });

  it('shows the latest entries with audit, filtered by user or command', async () => {
    let since = alice.lines.length;
    alice.say(CHANNEL, '!audit 2 --command=force');
    const first = await botSays(/ - asked: /, since);
    const second = await botSays(/ - cancelled: /, since);
    expect(first).toMatch(new RegExp(`^${ALICE}: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC irc #irc-audit ${ALICE}: force build fast-pass not wanted - asked: Force fast-pass because "not wanted"\\?$`));
    expect(second).toMatch(/ irc #irc-audit alice-aud: force build fast-pass not wanted - cancelled: answered no$/);

    since = alice.lines.length;
    alice.say(CHANNEL, `!audit --user=${MALLORY}`);
    expect(await botSays(/mallory-aud: force/, since)).toMatch(/ irc #irc-audit mallory-aud: force build fast-pass by mallory - denied$/);

    since = alice.lines.length;
    alice.say(CHANNEL, '!audit --user=nobody-here');
    expect(await botSays(/No dangerous command/, since)).toBe(`${ALICE}: No dangerous command recorded by nobody-here.`);

    alice.say(CHANNEL, '!audit lots');
    expect(await botSays(/Usage/, since)).toBe(`${ALICE}: 'lots' is not a number of entries. Usage: !audit [N] [--user=USER] [--command=COMMAND]`);

    since = alice.lines.length;
    mallory.say(CHANNEL, '!audit');
    await botSays(`${MALLORY}: You are not allowed to run '!audit'.`, since);
    expect(rows().at(-1)).toMatchObject({ user_id: MALLORY, command: 'audit', outcome: 'denied' });
    expect(rows().filter((r) => r.command === 'audit' && r.user_id === ALICE).map((r) => r.outcome)).toEqual(['ok', 'ok', 'ok', 'usage']);
  });
});

describe('the audit log line', () => {
  it('writes each entry as a JSON log line too', async () => {
    const session = await startConsoleSession({ masterUrl });
    try {
      expect(await session.say('stop build queued just looking')).toEqual(['No build of queued is running.']);
      const entries = session.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.part === 'audit');
      expect(entries).toEqual([
        expect.objectContaining({
          msg: 'dangerous command stop: ok',
          audit: expect.objectContaining({ adapter: 'console', userId: 'operator', command: 'stop', line: 'stop build queued just looking', outcome: 'ok' }),
        }),
      ]);
    } finally {
      await session.close();
    }
  });
});
