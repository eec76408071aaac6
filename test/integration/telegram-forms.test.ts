/**
 * Buttons and forms on Telegram: /force walks through the scheduler's parameters, /stop and
 * /watch offer running builds, /notify toggles edit themselves in place, /nay cancels a
 * question, and a forged or replayed press can do nothing its presser may not do.
 */
import type { User } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/open-database.js';
import type { FakeTelegram, StoredMessage } from '../fakes/fake-telegram/server.js';
import { ask, buttons, Cleanups, startTelegramWorld, type TelegramWorld } from '../support/telegram-bot.js';

const cleanups = new Cleanups();
afterEach(() => cleanups.run());

const world = (telegram: Record<string, unknown> = {}) => startTelegramWorld(cleanups, telegram);
type World = TelegramWorld;

/** Presses a button by label and waits until `probe` sees the result. */
async function press<T>(fake: FakeTelegram, message: StoredMessage, label: string, probe: () => T | undefined | null | false, from?: User): Promise<T> {
  fake.pressButton(message.chatId, message.messageId, { text: label, ...(from ? { from } : {}) });
  return fake.waitFor(probe, 5_000);
}

/** The message's text once it differs from `before`. */
const editedFrom = (fake: FakeTelegram, message: StoredMessage, before: string) => () => {
  const now = fake.sentMessages(message.chatId).find((m) => m.messageId === message.messageId);
  return now && now.text !== before ? now : undefined;
};

describe('the /force form', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });

  it('walks from the builder to its parameters and starts the build with the values chosen', async () => {
    const builders = await ask(w.fake, w.adminChat, '/force');
    const form = await press(w.fake, builders, 'slow', editedFrom(w.fake, builders, builders.text));
    expect(form.text).toBe(
      [
        'Force a build of slow',
        'Reason: forced',
        'branch: main',
        'revision: empty',
        'Duration in s (slow, mixed): empty',
        'Outcome (flaky, slow, mixed): auto',
        'Clean build: no',
      ].join('\n'),
    );
    expect(buttons(form).flat()).toEqual(['✏️ Reason', '✏️ branch', '✏️ revision', '✏️ Duration in s (slow, mixed)', '✏️ Outcome (flaky, slow, mixed)', '✏️ Clean build', '🚀 Start', '✖️ Cancel']);

    const outcome = await press(w.fake, form, '✏️ Outcome (flaky, slow, mixed)', editedFrom(w.fake, form, form.text));
    expect(outcome.text).toBe('Force a build of slow\nChoose Outcome (flaky, slow, mixed) (now auto):');
    expect(buttons(outcome)).toEqual([['✅ auto', 'pass'], ['warn', 'fail'], ['⬅️ Back']]);
    let current = await press(w.fake, outcome, 'pass', editedFrom(w.fake, outcome, outcome.text));
    expect(current.text).toContain('Outcome (flaky, slow, mixed): pass');

    const clean = await press(w.fake, current, '✏️ Clean build', editedFrom(w.fake, current, current.text));
    current = await press(w.fake, clean, 'Yes', editedFrom(w.fake, clean, clean.text));
    expect(current.text).toContain('Clean build: yes');

    const question = await press(w.fake, current, '✏️ Duration in s (slow, mixed)', editedFrom(w.fake, current, current.text));
    expect(question.text).toBe('Force a build of slow\nSend me the value of Duration in s (slow, mixed) (now empty). /nay cancels.');
    expect((await ask(w.fake, w.adminChat, '4,0')).text).toBe('Duration in s (slow, mixed) must be a value without commas. Send it again, or /nay to cancel.');
    const filled = await ask(w.fake, w.adminChat, '40', { match: 'Force a build of slow' });
    expect(filled.text).toContain('Duration in s (slow, mixed): 40');
    await w.fake.waitFor(() => buttons(w.fake.sentMessages(w.adminChat).find((m) => m.messageId === form.messageId)).length === 0);

    const started = await press(w.fake, filled, '🚀 Start', editedFrom(w.fake, filled, filled.text));
    expect(started.text).toMatch(/Duration in s \(slow, mixed\): 40\n.*\n.*\n\nStarted by Ada \(@ada\)\.$/);
    expect(buttons(started)).toEqual([]);
    const running = await w.fake.nextMessage(w.adminChat, (m) => m.text.startsWith('Build #1 of slow started'));
    expect(running.text).toBe('Build #1 of slow started.');
    const build = w.master.state.builds.find((b) => b.builderid === w.master.builder('slow').builderid);
    expect(build?.properties).toMatchObject({
      duration: ['40', 'Force Build Form'],
      result: ['pass', 'Force Build Form'],
      clean: [true, 'Force Build Form'],
      reason: ['forced by Ada (@ada)', 'Force Build Form'],
    });
  });

  it('goes back from a field unchanged, and can be cancelled', async () => {
    const builders = await ask(w.fake, w.adminChat, '/force');
    const form = await press(w.fake, builders, 'fast-pass', editedFrom(w.fake, builders, builders.text));
    const summary = form.text;
    const branch = await press(w.fake, form, '✏️ branch', editedFrom(w.fake, form, summary));
    expect(branch.text).toBe('Force a build of fast-pass\nSend me the value of branch (now main). /nay cancels.');
    const back = await press(w.fake, branch, '⬅️ Back', editedFrom(w.fake, branch, branch.text));
    expect(back.text).toBe(summary);
    // The question ended with Back: a message now is just talk.
    expect((await ask(w.fake, w.adminChat, 'dev')).text).toBe('Say what? Commands start with "/": try /help.');
    const { callback } = w.fake.pressButton(w.adminChat, form.messageId, { text: '✖️ Cancel' });
    const closed = await w.fake.waitFor(editedFrom(w.fake, form, summary));
    expect(closed.text).toMatch(/\n\nCancelled\.$/);
    expect(w.fake.callback(callback.id)?.answered).toBe(true);
    expect(w.master.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('is filled in only by the user who opened it', async () => {
    const group = w.fake.group('Builds');
    const builders = await ask(w.fake, group.id, '/force', { from: w.admin });
    const form = await press(w.fake, builders, 'fast-pass', editedFrom(w.fake, builders, builders.text), w.admin);
    const { callback } = w.fake.pressButton(group.id, form.messageId, { text: '🚀 Start', from: w.user });
    await w.fake.waitFor(() => w.fake.callback(callback.id)?.answered);
    expect(w.fake.callback(callback.id)?.answer).toEqual({ text: 'Only the user who opened this form can fill it in.', showAlert: true });
    expect(w.master.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('asks in a group for the value as a reply, and /nay cancels the question and the form', async () => {
    const group = w.fake.group('Builds');
    const builders = await ask(w.fake, group.id, '/force', { from: w.admin });
    const form = await press(w.fake, builders, 'fast-pass', editedFrom(w.fake, builders, builders.text), w.admin);
    const question = await press(w.fake, form, '✏️ Reason', editedFrom(w.fake, form, form.text), w.admin);
    expect(question.text).toBe('Force a build of fast-pass\nReply to this message with the value of Reason (now forced). /nay cancels.');
    expect((await ask(w.fake, group.id, '/nay', { from: w.admin })).text).toBe('Never mind: question cancelled.');
    expect(question.text).toMatch(/\n\nCancelled\.$/);
    expect(buttons(question)).toEqual([]);
    // The answer comes too late: it is chatter now.
    w.fake.say(group.id, 'too late', { from: w.admin });
    expect((await ask(w.fake, group.id, '/nay', { from: w.admin })).text).toBe('There is no question to cancel.');
  });
});

describe('/stop and /watch buttons', () => {
  it('stop the running builds of the builder pressed', async () => {
    const w = await world();
    const build = w.master.startBuild({ builder: 'slow', durationMs: null });
    const offer = await ask(w.fake, w.adminChat, '/stop');
    expect(offer.text).toBe('Which builder do you want to stop? Running: slow #1.');
    w.fake.pressButton(w.adminChat, offer.messageId, { text: 'Stop slow #1' });
    const ended = await w.fake.nextMessage(w.adminChat, (m) => m.text.includes('was cancelled'));
    expect(ended.text).toBe('Build #1 of slow was cancelled 🚫.');
    expect(w.master.build(build.buildid)?.complete).toBe(true);
  });

  it('watch the builder pressed, and tell when its build finishes', async () => {
    const w = await world();
    const build = w.master.startBuild({ builder: 'slow', durationMs: null });
    const offer = await ask(w.fake, w.userChat, '/watch');
    w.fake.pressButton(w.userChat, offer.messageId, { text: 'Watch slow #1' });
    await w.fake.nextMessage(w.userChat, (m) => m.text.startsWith('Watching build #1 of slow'));
    w.master.finishBuild(build.buildid, 0);
    const done = await w.fake.nextMessage(w.userChat, (m) => m.text.includes('#1 of slow'), 10_000);
    expect(done.text).toMatch(/^Build #1 of slow (completed successfully|succeeded)/);
  });
});

describe('/notify toggles', () => {
  it('turn events on and off with the message edited in place, and the choice kept in the database', async () => {
    const w = await world();
    const toggles = await ask(w.fake, w.userChat, '/notify');
    const on = await press(w.fake, toggles, '🔕 failure', editedFrom(w.fake, toggles, toggles.text));
    expect(on.messageId).toBe(toggles.messageId);
    expect(on.text).toBe('Notified here: failure.\nPress an event to turn it on or off here.');
    expect(buttons(on).flat()).toContain('🔔 failure');
    const both = await press(w.fake, on, '🔕 started', editedFrom(w.fake, on, on.text));
    expect(both.text).toBe('Notified here: failure, started.\nPress an event to turn it on or off here.');
    const off = await press(w.fake, both, '🔔 failure', editedFrom(w.fake, both, both.text));
    expect(off.text).toBe('Notified here: started.\nPress an event to turn it on or off here.');
    expect(w.fake.sentMessages(w.userChat)).toHaveLength(1);

    await w.bot.stop();
    const db = openDatabase(w.bot.database);
    try {
      expect(db.prepare('SELECT chat_id AS chatId, event FROM subscriptions').all()).toEqual([{ chatId: String(w.userChat), event: 'started' }]);
    } finally {
      db.close();
    }
  });
});

describe('pressing buttons one may not press', () => {
  it('refuses a forged press of a stop button from a user without rights, with a notice to them alone', async () => {
    const w = await world();
    const group = w.fake.group('Builds');
    const build = w.master.startBuild({ builder: 'slow', durationMs: null });
    const offer = await ask(w.fake, group.id, '/stop', { from: w.admin });
    const data = offer.replyMarkup?.inline_keyboard[0]?.[0];
    if (!data || !('callback_data' in data)) throw new Error('the offer has no button');
    const { callback } = w.fake.forgeCallback(group.id, data.callback_data, { from: w.user, messageId: offer.messageId });
    await w.fake.waitFor(() => w.fake.callback(callback.id)?.answered);
    expect(w.fake.callback(callback.id)?.answer).toEqual({ text: "You are not allowed to run '/stop'.", showAlert: true });
    expect(w.master.build(build.buildid)?.complete).toBe(false);
    expect(w.fake.sentMessages(group.id)).toHaveLength(1);
  });

  it('does nothing for data it never gave out, or a button of another chat', async () => {
    const w = await world();
    const offer = await ask(w.fake, w.adminChat, '/force');
    const data = offer.replyMarkup?.inline_keyboard[0]?.[0];
    if (!data || !('callback_data' in data)) throw new Error('the offer has no button');
    const forged = w.fake.forgeCallback(w.userChat, 'stop build slow');
    const elsewhere = w.fake.forgeCallback(w.userChat, data.callback_data, { from: w.admin });
    for (const { callback } of [forged, elsewhere]) {
      await w.fake.waitFor(() => w.fake.callback(callback.id)?.answered);
      expect(w.fake.callback(callback.id)?.answer).toEqual({ text: 'This button no longer works: run the command again.', showAlert: true });
    }
    expect(w.fake.sentMessages(w.userChat)).toEqual([]);
  });
});
