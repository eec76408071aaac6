/**
 * Every Telegram command, typed by users of the fake Bot API, answered by the whole bot
 * against the fake master: what they see, in private chats and in groups.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from 'grammy/types';
import { ask, buttons, Cleanups, startTelegramBot, startTelegramWorld, type TelegramWorld } from '../support/telegram-bot.js';

const cleanups = new Cleanups();
afterEach(() => cleanups.run());

const world = (telegram: Record<string, unknown> = {}) => startTelegramWorld(cleanups, telegram);
type World = TelegramWorld;

describe('Telegram commands in a private chat', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });

  it('/start and /help list the commands, marking those the user may not run', async () => {
    const start = await ask(w.fake, w.userChat, '/start');
    expect(start.text).toContain('/status - what the builders are doing');
    expect(start.text).toMatch(/\/force - .* \(not for you\)/);
    expect(start.text).toContain('Say /help COMMAND for its usage.');
    const help = await ask(w.fake, w.adminChat, '/help force');
    expect(help.text).toMatch(/^Usage: \/force build /);
    expect(help.text).not.toContain('you may not run it');
  });

  it('/commands lists the names in one line; /commands botfather prints the lines for /setcommands', async () => {
    expect((await ask(w.fake, w.userChat, '/commands')).text).toMatch(/^Commands: \/commands, .*\/status.*; not for you: \/alias, \/audit, \/cancel, \/force, \/people, \/shutdown, \/stop, \/worker$/);
    const list = (await ask(w.fake, w.userChat, '/commands botfather')).text.split('\n');
    expect(list).toContain('force - start a build through the ForceScheduler that covers the builder');
    expect(list).toContain('nay - cancel the question I asked you');
    expect(list.every((line) => /^[a-z0-9_]+ - \S/.test(line))).toBe(true);
    expect(list).toEqual([...list].sort());
  });

  it('/getid tells the user and chat ids for the config', async () => {
    expect((await ask(w.fake, w.adminChat, '/getid')).text).toBe(`Your id is ${w.admin.id}. This private chat is ${w.adminChat} on telegram.`);
  });

  it('/list, /status and /last read the master', async () => {
    expect((await ask(w.fake, w.userChat, '/list builders')).text).toMatch(/^Builders online \(7\): .*fast-pass/);
    expect((await ask(w.fake, w.userChat, '/list workers')).text).toContain('worker1');
    expect((await ask(w.fake, w.userChat, '/status fast-pass')).text).toMatch(/^fast-pass: idle/);
    const build = w.master.startBuild({ builder: 'fast-fail', durationMs: 0 });
    await w.fake.waitFor(() => w.master.build(build.buildid)?.complete);
    expect((await ask(w.fake, w.userChat, '/last fast-fail')).text).toMatch(/^fast-fail: build #1 failed/);
  });

  it('/source, /version and /hello answer', async () => {
    expect((await ask(w.fake, w.userChat, '/source')).text).toMatch(/^buildbot-chat \S+; this installation names no source URL: set source: in the configuration$/);
    expect((await ask(w.fake, w.userChat, '/version')).text).toMatch(/^This is buildbot-chat /);
    expect((await ask(w.fake, w.userChat, '/hello')).text.length).toBeGreaterThan(0);
  });

  it('/force, /stop and /shutdown are refused to a user authz does not name', async () => {
    expect((await ask(w.fake, w.userChat, '/force')).text).toBe("You are not allowed to run '/force'.");
    expect((await ask(w.fake, w.userChat, '/stop build slow')).text).toBe("You are not allowed to run '/stop'.");
    expect((await ask(w.fake, w.userChat, '/shutdown check')).text).toBe("You are not allowed to run '/shutdown'.");
    expect(w.master.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('/force with arguments starts a build, as on IRC', async () => {
    const requested = await ask(w.fake, w.adminChat, '/force build --props=result=pass fast-pass "from telegram"', { match: 'requested' });
    expect(requested.text).toMatch(/^Force build of fast-pass requested/);
    const started = await w.fake.nextMessage(w.adminChat, (m) => m.text.includes('started'));
    expect(started.text).toBe('Build #1 of fast-pass started.');
    expect(started.entities).toContainEqual(expect.objectContaining({ type: 'text_link', url: `${w.master.url}#/builders/3/builds/1` }));
  });

  it('/force, /stop and /watch without arguments offer buttons; /notify shows toggles', async () => {
    const force = await ask(w.fake, w.adminChat, '/force');
    expect(force.text).toMatch(/^Which builder do you want to force\?/);
    expect(buttons(force).flat()).toEqual(['queued', 'warn', 'fast-pass', 'fast-fail', 'broken', 'flaky', 'slow', 'mixed']);
    expect((await ask(w.fake, w.adminChat, '/stop')).text).toBe('No build is running right now.');
    w.master.startBuild({ builder: 'slow', durationMs: null });
    const watch = await ask(w.fake, w.userChat, '/watch');
    expect(watch.text).toBe('Which builder do you want to watch? Running: slow #1.');
    expect(buttons(watch)).toEqual([['Watch slow #1']]);
    const notify = await ask(w.fake, w.userChat, '/notify');
    expect(notify.text).toBe('No events are notified here.\nPress an event to turn it on or off here.');
    expect(buttons(notify).flat()).toHaveLength(12);
    expect(buttons(notify)[0]).toEqual(['🔕 started', '🔕 finished']);
  });

  it('says what it does not know, and answers plain text with a hint', async () => {
    expect((await ask(w.fake, w.userChat, '/frobnicate')).text).toMatch(/^I don't know the command 'frobnicate'. I know: \/commands, /);
    expect((await ask(w.fake, w.userChat, 'hello there')).text).toBe('Say what? Commands start with "/": try /help.');
    expect((await ask(w.fake, w.userChat, '/nay')).text).toBe('There is no question to cancel.');
  });

  it('escapes names that look like HTML or Markdown', async () => {
    w.master.addBuilder({ name: 'lint_<b>&*x*', tags: ['fast'], workers: ['worker1'] });
    const reply = await ask(w.fake, w.userChat, '/list all builders');
    expect(reply.text).toContain('lint_<b>&*x*');
    expect(reply.entities.filter((e) => e.type === 'bold')).toHaveLength(9);
  });
});

describe('Telegram commands in a group', () => {
  it('answers /cmd and /cmd@ourbot, ignores /cmd@OtherBot and chatter', async () => {
    const w = await world();
    const group = w.fake.group('Builds');
    const alice = w.fake.addUser({ first_name: 'Alice' });
    w.fake.say(group.id, '/status@OtherBot fast-pass', { from: alice });
    w.fake.say(group.id, 'lunch anyone?', { from: alice });
    const ours = await ask(w.fake, group.id, `/status@${w.fake.bot.username} fast-pass`, { from: alice });
    expect(ours.text).toMatch(/^fast-pass: idle/);
    expect((await ask(w.fake, group.id, '/getid', { from: alice })).text).toBe(`Your id is ${alice.id}. This chat is ${group.id} on telegram.`);
    expect(w.fake.sentMessages(group.id)).toHaveLength(2);
  });
});

describe('notify in a Telegram group', () => {
  it('lets only group administrators and users authz lists for notify change it, asking Telegram once a while, and counts a refusal as denied', async () => {
    const w = await world();
    const group = w.fake.group('Builds');
    const member = w.fake.addUser({ first_name: 'Mallory' });
    const admin = w.fake.addUser({ first_name: 'Carol' });
    w.fake.setMemberStatus(group.id, member, 'member');
    w.fake.setMemberStatus(group.id, admin, 'administrator');
    const refused = await ask(w.fake, group.id, '/notify off', { from: member });
    expect(refused.text).toBe("Only group administrators, or users allowed to notify by the bot's authz, may change what Builds is notified of.");
    expect((await ask(w.fake, group.id, '/notify on failed', { from: admin })).text).toMatch(/failed/);
    expect((await ask(w.fake, group.id, '/notify on warnings', { from: admin })).text).toMatch(/warnings/);
    // reading is open to everyone
    expect((await ask(w.fake, group.id, '/notify list', { from: member })).text).toMatch(/warnings/);
    const asked = w.fake.callsTo('getChatMember').map((call) => [Number(call.params.chat_id), Number(call.params.user_id), call.status]);
    expect(asked).toEqual([
      [group.id, member.id, 200],
      [group.id, admin.id, 200],
    ]);
    const metrics = (await w.bot.bot.metrics.render()).body;
    expect(metrics).toContain('buildbot_chat_commands_total{command="notify",outcome="denied",adapter="telegram"} 1');
    expect(metrics).toContain('buildbot_chat_command_denials_total{command="notify",adapter="telegram"} 1');
  });

  it('lets a user authz lists for notify change it without being an administrator', async () => {
    const w = await world();
    const group = w.fake.group('Builds');
    w.fake.setMemberStatus(group.id, w.user, 'member');
    await w.bot.stop();
    const listed = await startTelegramBot({ masterUrl: w.master.url, fake: w.fake, database: w.bot.database, telegram: { authz: { notify: [w.user.id] } } });
    cleanups.add(() => listed.stop());
    expect((await ask(w.fake, group.id, '/notify on failed', { from: w.user })).text).toMatch(/failed/);
  });
});

describe('the command menu', () => {
  it('shows everyone the commands open to all, and users named in authz their own', async () => {
    const w = await world();
    await w.fake.waitFor(() => w.fake.commands({ type: 'chat', chat_id: w.admin.id }).length > 0);
    const everyone = w.fake.commands().map((c) => c.command);
    expect(everyone).toContain('status');
    expect(everyone).toContain('nay');
    expect(everyone).not.toContain('force');
    const admin = w.fake.commands({ type: 'chat', chat_id: w.admin.id }).map((c) => c.command);
    expect(admin).toEqual(expect.arrayContaining(['force', 'stop', 'shutdown', 'status']));
  });

  it('leaves the menu made with BotFather alone with commandMenu: false (Buildbot bug 43)', async () => {
    const w = await world({ commandMenu: false });
    // answering a command shows the bot is up and past its start
    expect((await ask(w.fake, w.userChat, '/getid')).text).toMatch(/^Your id is/);
    expect(w.fake.callsTo('setMyCommands')).toEqual([]);
    expect(w.fake.callsTo('deleteMyCommands')).toEqual([]);
  });
});
