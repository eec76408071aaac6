/**
 * Build notifications where Buildbot's own bots go wrong (docs/buildbot-bots.md,
 * "Notifications"): with `tags` set its "started" messages crash, with `useRevisions` every
 * build message crashes (watch and stop print "TODO"), and `showBlameList` does nothing. Here
 * the whole bot runs against the fake master, notifying the console or a fake Telegram chat.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FAILURE } from '../../src/buildbot/results.js';
import { startFakeMaster, testMasterSeed, type FakeMaster, type FakeMasterOptions } from '../fakes/fake-master.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/fake-telegram/server.js';
import { removeDatabase, startConsoleBot, type ConsoleBot } from '../support/console-bot.js';
import { ask, Cleanups, startTelegramBot, startTelegramWorld, type TelegramBot } from '../support/telegram-bot.js';

const cleanups = new Cleanups();
afterEach(() => cleanups.run());

const REVISION = '0123456789abcdef0123456789abcdef01234567';

async function master(options: FakeMasterOptions = {}): Promise<FakeMaster> {
  const started = await startFakeMaster(options);
  cleanups.add(() => started.close());
  return started;
}

async function consoleBot(fake: FakeMaster, config: Record<string, unknown>, notifyEvents: string[]): Promise<ConsoleBot> {
  const bot = await startConsoleBot({ masterUrl: fake.url, config, console: { notifyEvents } });
  cleanups.add(() => removeDatabase(bot.database));
  cleanups.add(() => bot.stop());
  // the first catch-up takes what exists now as history: builds started after it are news
  await bot.bot.notifications.idle();
  return bot;
}

/** A fake Bot API with one private chat, and the bot notifying that chat. */
async function telegramBot(fake: FakeMaster, telegram: Record<string, unknown>): Promise<{ api: FakeTelegram; chat: number; bot: TelegramBot }> {
  const api = await startFakeTelegram();
  cleanups.add(() => api.close());
  const { chat } = api.privateChat();
  const bot = await startTelegramBot({ masterUrl: fake.url, fake: api, telegram: { chatIds: [chat.id], ...telegram } });
  cleanups.add(() => bot.remove());
  cleanups.add(() => bot.stop());
  await bot.bot.notifications.idle();
  return { api, chat: chat.id, bot };
}

const texts = (api: FakeTelegram, chat: number) => api.sentMessages(chat).map((m) => m.text);

describe('tags and started notifications (Buildbot bug 1)', () => {
  it('with the global tags, tells the start of a tagged build and not of an untagged or otherwise tagged one (Buildbot bug 1)', async () => {
    const fake = await master();
    fake.addBuilder({ name: 'plain', tags: [] });
    const bot = await consoleBot(fake, { tags: ['fast'] }, ['started']);
    fake.startBuild({ builder: 'plain', durationMs: null });
    fake.startBuild({ builder: 'slow', durationMs: null });
    fake.startBuild({ builder: 'fast-pass', durationMs: null });
    // the notifier handles events in order: once the third is told, the first two were decided
    await bot.waitFor((lines) => lines.some((l) => l.startsWith('Build #1 of fast-pass started')), 10_000, 'the tagged start');
    await bot.bot.notifications.idle();
    expect(bot.lines).toEqual([expect.stringMatching(/^Build #1 of fast-pass started on main\b/)]);
  });

  it("with an adapter's tags, its chats hear of the start of a tagged build only (Buildbot bug 1)", async () => {
    const fake = await master();
    fake.addBuilder({ name: 'plain', tags: [] });
    const { api, chat, bot } = await telegramBot(fake, { notifyEvents: ['started'], tags: ['slow'] });
    fake.startBuild({ builder: 'plain', durationMs: null });
    fake.startBuild({ builder: 'fast-pass', durationMs: null });
    fake.startBuild({ builder: 'slow', durationMs: null });
    await api.nextMessage(chat, (m) => m.text.startsWith('Build #1 of slow started'), 10_000);
    await bot.bot.notifications.idle();
    expect(texts(api, chat)).toEqual(['Build #1 of slow started on main.']);
  });
});

describe('useRevisions (Buildbot bug 2)', () => {
  it('names the revision the build got in its finished notification, and watch and stop answer without "TODO" (Buildbot bug 2)', async () => {
    const w = await startTelegramWorld(cleanups, { useRevisions: true });
    await ask(w.fake, w.adminChat, '/notify on started finished');
    const build = w.master.startBuild({ builder: 'fast-fail', durationMs: null });
    await w.fake.nextMessage(w.adminChat, (m) => m.text.startsWith('Build #1 of fast-fail started'), 10_000);
    // Buildbot sets got_revision while the build runs, after the start was told
    const running = w.master.build(build.buildid);
    if (!running) throw new Error('the build is gone');
    running.properties.got_revision = [REVISION, 'Git'];
    w.master.finishBuild(build.buildid, FAILURE);
    const finished = await w.fake.nextMessage(w.adminChat, (m) => m.text.startsWith('Build #1 of fast-fail failed'), 10_000);
    expect(finished.text).toMatch(/ Branch main at 0123456789ab\.$/);
    expect(finished.text).not.toContain(REVISION);

    w.master.startBuild({ builder: 'slow', durationMs: null });
    await w.fake.nextMessage(w.adminChat, (m) => m.text.startsWith('Build #1 of slow started'), 10_000);
    const watching = await ask(w.fake, w.adminChat, '/watch slow');
    expect(watching.text).toBe('Watching build #1 of slow: I will say here when it finishes.');
    expect((await ask(w.fake, w.adminChat, '/stop build slow')).text).toBe('Stopping build #1 of slow.');
    // the stop's own answer, and the notification the subscription and the watch share
    const cancelled = () => texts(w.fake, w.adminChat).filter((t) => t.startsWith('Build #1 of slow was cancelled'));
    await w.fake.waitFor(() => cancelled().length === 2, 10_000);
    expect(cancelled()).toEqual(expect.arrayContaining(['Build #1 of slow was cancelled 🚫.', expect.stringMatching(/ after \d+s: .* Branch main\.$/)]));
    expect(texts(w.fake, w.adminChat).filter((t) => /TODO/.test(t))).toEqual([]);
  });

  it('leaves the revision out without useRevisions (Buildbot bug 2)', async () => {
    const fake = await master();
    const { api, chat } = await telegramBot(fake, { notifyEvents: ['finished'] });
    const build = fake.startBuild({ builder: 'fast-fail', durationMs: null, properties: { got_revision: REVISION } });
    fake.finishBuild(build.buildid, FAILURE);
    const finished = await api.nextMessage(chat, (m) => m.text.startsWith('Build #1 of fast-fail failed'), 10_000);
    expect(finished.text).toMatch(/ Branch main\.$/);
    expect(finished.text).not.toContain('0123456789ab');
  });
});

describe('showBlameList (Buildbot bug 4)', () => {
  /** A master where a change on main starts a passing and a failing build. */
  const blameMaster = () => master({ seed: { ...testMasterSeed(), changeBuilders: ['fast-pass', 'fast-fail'] } });
  const AUTHOR = 'Alice Doe <alice@example.org>';

  async function buildsOfOneChange(telegram: Record<string, unknown>): Promise<{ passed: string; failed: string }> {
    const fake = await blameMaster();
    const { api, chat } = await telegramBot(fake, { notifyEvents: ['finished'], ...telegram });
    fake.addChange({ branch: 'main', author: AUTHOR, revision: REVISION, comments: 'break the tests' });
    const failed = await api.nextMessage(chat, (m) => m.text.startsWith('Build #1 of fast-fail failed'), 10_000);
    await api.waitFor(() => texts(api, chat).some((t) => t.startsWith('Build #1 of fast-pass completed')), 10_000);
    const passed = texts(api, chat).find((t) => t.startsWith('Build #1 of fast-pass')) ?? '';
    return { passed, failed: failed.text };
  }

  it("names the authors of a failed build's changes with showBlameList, and of a passing build's nobody (Buildbot bug 4)", async () => {
    const { passed, failed } = await buildsOfOneChange({ showBlameList: true });
    expect(failed).toMatch(/ Blame: Alice Doe <alice@example\.org>\.$/);
    expect(passed).not.toContain('Blame');
    expect(passed).not.toContain('Alice');
  });

  it('names nobody without showBlameList (Buildbot bug 4)', async () => {
    const { failed } = await buildsOfOneChange({});
    expect(failed).not.toContain('Blame');
    expect(failed).not.toContain('Alice');
  });
});
