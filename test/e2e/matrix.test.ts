/**
 * The Matrix adapter end to end: a real Synapse (test/matrix/start-synapse.sh, started for this
 * file) and the real test master. Alice is the room's creator and named in the bot's authz for
 * force, join and leave; Bob is a member authz does not name. Everything is checked as a Matrix
 * client sees it: the events in the room, read back from the homeserver.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { ENCRYPTED_ROOM_NOTICE } from '../../src/adapters/matrix/matrix-adapter.js';
import { startTestBot, temporaryDatabase, type TestBot } from '../support/test-bot.js';
import { readPngSize } from '../support/png-size.js';
import { forceBuildAndWait } from './support/buildbot-rest.js';
import { startMatrixRoom, startSynapse, stopSynapse, type MatrixEventJson, type MatrixTestUser, type TestSynapse } from './support/test-synapse.js';

const masterUrl = inject('buildbotUrl');
const ROOM_ALIAS = '#builds:localhost';

let synapse: TestSynapse;
let botUser: MatrixTestUser;
let alice: MatrixTestUser;
let bob: MatrixTestUser;
let roomId: string;
let database: string;
let bot: TestBot | undefined;

function startBot(): Promise<TestBot> {
  return startTestBot({
    masterUrl,
    database,
    env: { MATRIX_TOKEN: botUser.accessToken },
    sections: {
      matrix: {
        homeserverUrl: synapse.url,
        accessToken: '${MATRIX_TOKEN}',
        rooms: [ROOM_ALIAS],
        commandPrefix: '!',
        authz: { '': true, 'force, stop, join, leave': [alice.userId] },
      },
    },
  });
}

/** Says `line` as `user` and waits for the bot's answer after it. */
function ask(user: MatrixTestUser, room: string, line: string, answer: RegExp): Promise<MatrixEventJson> {
  return user.ask(room, line, botUser.userId, answer);
}

beforeAll(async () => {
  ({ synapse, botUser, alice, bob, roomId } = await startMatrixRoom('builds'));
  database = temporaryDatabase('buildbot-chat-matrix-e2e-');
  bot = await startBot();
  await alice.waitForMembership(roomId, botUser.userId, 'join');
}, 300_000);

afterAll(async () => {
  await bot?.stop();
  if (synapse) await stopSynapse(synapse.dir, { remove: process.env.E2E_KEEP_DIRS !== '1' });
});

describe('Matrix against a real Synapse', () => {
  it('answers a command by prefix with an m.notice that has an HTML body and a plain body', async () => {
    const answer = await ask(alice, roomId, '!status fast-pass', /fast-pass/);
    expect(answer.content.msgtype).toBe('m.notice');
    expect(answer.content.format).toBe('org.matrix.custom.html');
    expect(answer.content.formatted_body).toContain('<b>fast-pass</b>');
    expect(answer.content.body).not.toContain('<b>');
  });

  it('answers stats BUILDER with its chart as an m.image in the media repository, then the text', async () => {
    await forceBuildAndWait(masterUrl, 'fast-pass');
    const sent = await alice.say(roomId, '!stats fast-pass 5');
    const text = await alice.waitForMessage(roomId, botUser.userId, /^fast-pass, last \d builds?: /, { after: sent, timeoutMs: 60_000 });
    const events = await alice.events(roomId);
    const between = events.slice(events.findIndex((event) => event.event_id === sent) + 1, events.findIndex((event) => event.event_id === text.event_id));
    const images = between.filter((event) => event.sender === botUser.userId && event.content.msgtype === 'm.image');
    expect(images).toHaveLength(1);
    const content = images[0]?.content ?? {};
    expect(content.info).toMatchObject({ mimetype: 'image/png', w: 800, h: 400 });
    expect(String(content.body)).toMatch(/^Chart of fast-pass, last \d builds?, builds #\d+ to #\d+: /);
    const png = await alice.download(String(content.url));
    expect(readPngSize(png)).toEqual({ width: 800, height: 400 });
    expect(png.length).toBe((content.info as { size: number }).size);
  });

  it('answers a mention of its name, and ignores chatter', async () => {
    const chatter = await alice.say(roomId, 'the build is slow today');
    const answer = await ask(alice, roomId, 'buildbot: hello', /alice/);
    const events = await alice.events(roomId);
    const fromBot = events.slice(events.findIndex((event) => event.event_id === chatter)).filter((event) => event.sender === botUser.userId);
    expect(fromBot.map((event) => event.event_id)).toEqual([answer.event_id]);
  });

  it('refuses force to a user its authz does not list', async () => {
    const answer = await ask(bob, roomId, '!force build fast-pass', /not allowed/);
    expect(answer.content.body).toBe("You are not allowed to run '!force'.");
  });

  it('lets only moderators (power 50 or more) change the room\'s notifications', async () => {
    const refused = await ask(bob, roomId, '!notify on failure', /Only channel operators/);
    expect(refused.content.msgtype).toBe('m.notice');
    await alice.setPowerLevel(roomId, bob.userId, 50);
    const accepted = await ask(bob, roomId, '!notify on failure', /Notified here/);
    expect(accepted.content.body).toBe('Notified here: failure.');
  });

  it('notifies the room of a forced build with an HTML notice', async () => {
    await ask(alice, roomId, '!notify on finished', /Notified here: .*finished/);
    await ask(alice, roomId, '!force build fast-pass', /^Build #\d+ of fast-pass started/);
    const notice = await alice.waitForMessage(roomId, botUser.userId, /^Build #\d+ of fast-pass completed successfully/, { timeoutMs: 60_000 });
    expect(notice.content.msgtype).toBe('m.notice');
    expect(notice.content.formatted_body).toMatch(/<b>fast-pass<\/b> <font color="#2e7d32" data-mx-color="#2e7d32">completed successfully<\/font>/);
  });

  it('takes an invitation from a user authz lets join, and declines one from anybody else', async () => {
    const alicesRoom = await alice.createRoom({ preset: 'private_chat', invite: [botUser.userId] });
    const bobsRoom = await bob.createRoom({ preset: 'private_chat', invite: [botUser.userId] });
    await alice.waitForMembership(alicesRoom, botUser.userId, 'join');
    await bob.waitForMembership(bobsRoom, botUser.userId, 'leave');
    // Its answer would go to the room it has just left: the leave itself is what shows.
    await alice.say(alicesRoom, `!leave ${alicesRoom}`);
    await alice.waitForMembership(alicesRoom, botUser.userId, 'leave');
  });

  it('takes every message in a direct room as a command', async () => {
    const direct = await alice.createRoom({ preset: 'trusted_private_chat', invite: [botUser.userId], isDirect: true });
    await alice.waitForMembership(direct, botUser.userId, 'join');
    const answer = await ask(alice, direct, 'status fast-pass', /fast-pass/);
    expect(answer.content.msgtype).toBe('m.notice');
  });

  it('says once, in an encrypted room, that it cannot read it', async () => {
    const encrypted = await alice.createRoom({ preset: 'private_chat', invite: [botUser.userId], encrypted: true });
    await alice.waitForMessage(encrypted, botUser.userId, /end-to-end encrypted/);
    await alice.sendEvent(encrypted, 'm.room.encrypted', { algorithm: 'm.megolm.v1.aes-sha2', ciphertext: 'AwgA', sender_key: 'x', device_id: 'X', session_id: 'y' });
    await ask(alice, encrypted, '!hello', /alice/);
    const notices = (await alice.messagesFrom(encrypted, botUser.userId)).filter((event) => event.content.body === ENCRYPTED_ROOM_NOTICE);
    expect(notices).toHaveLength(1);
  });

  it('kicked, drops the room\'s notification and keeps its subscriptions; invited back, notifies it again', async () => {
    const room = await alice.createRoom({ preset: 'private_chat', invite: [botUser.userId] });
    await alice.waitForMembership(room, botUser.userId, 'join');
    await ask(alice, room, '!notify on finished', /Notified here: finished/);
    await alice.kick(room, botUser.userId);
    const db = bot?.bot.db;
    const dropped = await forceBuildAndWait(masterUrl, 'fast-pass');
    await vi.waitFor(
      () => {
        const row = db?.prepare<[string], { state: string; last_error: string }>('SELECT state, last_error FROM outbox WHERE chat_id = ? ORDER BY id DESC LIMIT 1').get(room);
        expect(row).toMatchObject({ state: 'failed', last_error: expect.stringContaining('M_FORBIDDEN') });
      },
      { timeout: 30_000, interval: 250 },
    );
    expect(db?.prepare<[string], { event: string }>('SELECT event FROM subscriptions WHERE chat_id = ?').all(room)).toEqual([{ event: 'finished' }]);
    await alice.invite(room, botUser.userId);
    await alice.waitForMembership(room, botUser.userId, 'join');
    const build = await forceBuildAndWait(masterUrl, 'fast-pass');
    await alice.waitForMessage(room, botUser.userId, new RegExp(`^Build #${build.number} of fast-pass completed`), { timeoutMs: 30_000 });
    const told = (await alice.messagesFrom(room, botUser.userId)).map((event) => String(event.content.body));
    expect(told.some((body) => body.startsWith(`Build #${dropped.number} of`))).toBe(false);
  });

  it('answers once a command sent while it was stopped, and nothing twice across restarts', async () => {
    await bot?.stop();
    const whileDown = await alice.say(roomId, '!hello');
    bot = await startBot();
    await alice.waitForMessage(roomId, botUser.userId, /alice/, { after: whileDown });
    await bot.stop();
    bot = await startBot();
    await ask(alice, roomId, '!version', /buildbot-chat/);
    const events = await alice.events(roomId);
    const answers = events.slice(events.findIndex((event) => event.event_id === whileDown) + 1).filter((event) => event.type === 'm.room.message' && event.sender === botUser.userId);
    expect(answers.map((event) => String(event.content.body))).toEqual([expect.stringMatching(/alice!$/), expect.stringMatching(/^This is buildbot-chat/)]);
  });

  it('delivers the notifications held while Synapse was down once it is back', async () => {
    await stopSynapse(synapse.dir);
    const build = await forceBuildAndWait(masterUrl, 'fast-pass');
    synapse = await startSynapse({ dir: synapse.dir });
    const notice = await alice.waitForMessage(roomId, botUser.userId, new RegExp(`^Build #${build.number} of fast-pass completed successfully`), { timeoutMs: 90_000 });
    expect(notice.content.formatted_body).toContain('<b>fast-pass</b>');
  });
});
