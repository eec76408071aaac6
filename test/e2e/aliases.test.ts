/**
 * Aliases on the real test master: from the config and from `alias add`, with $1, $2...
 * parameters, authz checked on the command they expand to, never expanding into another alias,
 * kept across a restart, shown by help and completed by Tab at the console.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { removeDatabase, startConsoleBot, type ConsoleBot } from '../support/console-bot.js';
import type { RawIrcClient } from '../support/raw-irc-client.js';
import { startTestBot, temporaryDatabase } from '../support/test-bot.js';
import { getJson } from './support/buildbot-rest.js';
import { saidBy, startIrcScene, waitForBotLine, type IrcScene } from './support/irc-bot.js';

const masterUrl = inject('buildbotUrl');
const ALIASES = { deploy: 'force build --branch=main --props=duration=$2 $1', st: 'status $1' };
const TIMING = { timing: { buildStartWaitMs: 30_000, buildStopWaitMs: 30_000, pollIntervalMs: 200 } };

const propertiesSchema = z.object({ builds: z.array(z.object({ properties: z.record(z.string(), z.tuple([z.unknown(), z.string()])) })) });

describe('at the console', () => {
  let bot: ConsoleBot;

  beforeAll(async () => {
    bot = await startConsoleBot({ masterUrl, config: { aliases: ALIASES }, bot: TIMING });
  });

  afterAll(async () => {
    await bot?.stop();
    if (bot) removeDatabase(bot.database);
  });

  async function say(line: string, until: RegExp): Promise<string[]> {
    const from = bot.lines.length;
    bot.type(line);
    await bot.waitFor((lines) => lines.slice(from).some((l) => until.test(l)), 40_000, `a line matching ${until}`);
    return bot.lines.slice(from);
  }

  it('expands a config alias with its parameters, appends the other words, and the master gets them', async () => {
    const lines = await say('deploy fast-pass 1 from the alias test', /^Build #\d+ of fast-pass started/);
    const request = Number(/\(request (\d+),/.exec(lines[0] ?? '')?.[1]);
    expect(lines[0]).toMatch(/^Force build of fast-pass requested \(request \d+, scheduler force-fast-pass\)\.$/);
    // the master writes a starting build's properties one by one: read until they are there
    const properties = async () => propertiesSchema.parse(await getJson(masterUrl, `builds?buildrequestid=${request}&property=*`)).builds[0]?.properties ?? {};
    await expect.poll(async () => (await properties()).duration?.[0], { timeout: 10_000 }).toBe('1');
    const [buildrequest] = z.object({ buildrequests: z.array(z.object({ buildsetid: z.number() })) }).parse(await getJson(masterUrl, `buildrequests/${request}`)).buildrequests;
    const sets = z.object({ buildsets: z.array(z.object({ sourcestamps: z.array(z.object({ branch: z.string().nullable() })) })) });
    expect(sets.parse(await getJson(masterUrl, `buildsets/${buildrequest?.buildsetid}`)).buildsets[0]?.sourcestamps[0]?.branch).toBe('main');
    expect(String((await properties()).reason?.[0])).toContain('from the alias test (forced by operator)');
  });

  it('says what an alias needs when arguments are missing', async () => {
    expect(await say('deploy fast-pass', /takes/)).toEqual(['deploy takes 2 arguments: deploy = force build --branch=main --props=duration=$2 $1']);
  });

  it('lists aliases in help, and help NAME explains one', async () => {
    const help = await say('help', /^Say help COMMAND/);
    expect(help.slice(-3)).toEqual([
      'deploy - alias of force build --branch=main --props=duration=$2 $1',
      'st - alias of status $1',
      'Say help COMMAND for its usage.',
    ]);
    expect(await say('help deploy', /alias/)).toEqual(['deploy is an alias of force build --branch=main --props=duration=$2 $1 ($1 to $2: its arguments; more are appended).']);
  });

  it('adds, lists and deletes aliases, refusing chains, command names and config aliases', async () => {
    expect(await say('alias add last-of = last $1', /Alias/)).toEqual(['Alias last-of added: last-of runs last $1.']);
    // last's own answer, whatever the builder's history
    expect(await say('last-of fast-pass', /fast-pass/)).toEqual([expect.stringMatching(/^fast-pass: (build #\d+ |no build has completed yet)/)]);
    expect(await say('alias add again = deploy fast-pass 1', /alias/)).toEqual(["'deploy' is an alias: an alias expands into a command, never into another alias."]);
    expect(await say('alias add status = help', /command/)).toEqual(["'status' is a command: an alias cannot replace it."]);
    expect(await say('alias add nope = frobnicate', /command/)).toEqual(["'frobnicate' is not a command."]);
    expect(await say('alias add last-of = help', /exists/)).toEqual(["The alias 'last-of' exists: del it first."]);
    expect(await say('alias del deploy', /configuration/)).toEqual(["The alias 'deploy' comes from the configuration file: change it there."]);
    expect(await say('alias list', /^Aliases/)).toEqual([
      'Aliases: deploy = force build --branch=main --props=duration=$2 $1 (config); last-of = last $1; st = status $1 (config)',
    ]);
  });

  it('keeps added aliases across a restart', async () => {
    await bot.stop();
    bot = await startConsoleBot({ masterUrl, config: { aliases: ALIASES }, bot: TIMING, database: bot.database });
    expect(await say('alias list', /^Aliases/)).toEqual([expect.stringContaining('last-of = last $1;')]);
    expect(await say('alias del last-of', /removed/)).toEqual(['Alias last-of removed.']);
    expect(await say('last-of fast-pass', /know/)).toEqual([expect.stringMatching(/^I don't know the command 'last-of'\./)]);
  });
});

describe('on IRC: authz on the expansion', () => {
  const host = inject('ircHost');
  const port = inject('ircPort');
  const BOT = 'aliasbot';
  const CHANNEL = '#irc-alias';
  let scene: IrcScene;
  let alice: RawIrcClient;
  let mallory: RawIrcClient;

  beforeAll(async () => {
    scene = await startIrcScene(masterUrl, {
      host,
      port,
      channel: CHANNEL,
      nicks: ['alice-ali', 'mallory-ali'],
      irc: { nick: BOT, commandPrefix: '!', authz: { '!': ['alice-ali'] } },
      sections: { aliases: ALIASES },
      bot: TIMING,
    });
    [alice, mallory] = scene.users as [RawIrcClient, RawIrcClient];
  });

  afterAll(async () => {
    await scene?.close();
  });

  it("refuses an alias of force to a user who may not force, records it, and runs it for one who may", async () => {
    const since = alice.lines.length;
    mallory.say(CHANNEL, '!deploy fast-pass 1');
    await waitForBotLine(alice, saidBy(BOT, CHANNEL, "mallory-ali: You are not allowed to run '!force'."), { since });
    const row = scene.bot.bot.db.prepare("SELECT user_id, command, line, alias, outcome FROM audit_log WHERE user_id = 'mallory-ali'").get();
    expect(row).toEqual({ user_id: 'mallory-ali', command: 'force', line: 'force build --branch=main --props=duration=1 fast-pass', alias: 'deploy', outcome: 'denied' });

    alice.say(CHANNEL, '!deploy fast-pass 1');
    await waitForBotLine(alice, saidBy(BOT, CHANNEL, /^alice-ali: Force build of \x02fast-pass\x02 requested \(request \d+/), { since, timeoutMs: 30_000 });
  });

  it('lets anyone list aliases (safe) but only the authorised add them (dangerous)', async () => {
    const since = alice.lines.length;
    mallory.say(CHANNEL, '!alias list');
    await waitForBotLine(alice, saidBy(BOT, CHANNEL, /^mallory-ali: Aliases: \x02deploy\x02 = /), { since });
    mallory.say(CHANNEL, '!alias add mine = help');
    await waitForBotLine(alice, saidBy(BOT, CHANNEL, "mallory-ali: You are not allowed to run '!alias'."), { since });
    alice.say(CHANNEL, '!alias add mine = help $1');
    await waitForBotLine(alice, saidBy(BOT, CHANNEL, 'alice-ali: Alias \x02mine\x02 added: !mine runs !help $1.'), { since });
    mallory.say(CHANNEL, '!mine st');
    await waitForBotLine(alice, saidBy(BOT, CHANNEL, 'mallory-ali: !st is an alias of !status $1 ($1: its arguments; more are appended).'), { since });
  });
});

describe('Tab at the console', () => {
  it('completes alias names with the commands', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let screen = '';
    output.on('data', (chunk: Buffer) => (screen += chunk.toString()));
    const database = temporaryDatabase('buildbot-chat-alias-tab-');
    const started = await startTestBot({
      masterUrl,
      database,
      sections: { console: { user: 'operator' }, aliases: { deploy: 'force build $1' } },
      bot: { terminal: { input, output, interactive: {} } },
    });
    try {
      input.write('depl\t');
      await expect.poll(() => screen.replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''), { timeout: 10_000 }).toContain('deploy ');
    } finally {
      input.end();
      await started.stop();
      removeDatabase(database);
    }
  });
});
