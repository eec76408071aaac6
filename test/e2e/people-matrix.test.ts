/**
 * People on Matrix, end to end on a real Synapse and the real test master (issue 15): changes
 * posted to the master's base change hook on branch 'people' start fast-fail. The room hears its
 * failure with the change's author as a pill (a matrix.to link in the HTML body, the user id in
 * m.mentions, which notifies her), in the thread of the build's started notice; a person with
 * `mention: false` is named as text; a build Alice forces from the room mentions her as owner. In a direct room `whoami` finds Alice by her Matrix id,
 * `people link` adds an author, and `notify on failure --mine` brings her her builds, not Bob's,
 * without a pill (private chats mention nobody).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestBot, temporaryDatabase, type TestBot } from '../support/test-bot.js';
import { postLonelyChange } from './support/buildbot-rest.js';
import { startMatrixRoom, stopSynapse, type MatrixEventJson, type MatrixTestUser, type TestSynapse } from './support/test-synapse.js';

const masterUrl = inject('buildbotUrl');
const ROOM_ALIAS = '#people:localhost';

let synapse: TestSynapse;
let botUser: MatrixTestUser;
let alice: MatrixTestUser;
let bob: MatrixTestUser;
let roomId: string;
let bot: TestBot | undefined;

beforeAll(async () => {
  ({ synapse, botUser, alice, bob, roomId } = await startMatrixRoom('people'));
  bot = await startTestBot({
    masterUrl,
    database: temporaryDatabase('buildbot-chat-people-matrix-e2e-'),
    env: { MATRIX_TOKEN: botUser.accessToken },
    sections: {
      matrix: {
        homeserverUrl: synapse.url,
        accessToken: '${MATRIX_TOKEN}',
        rooms: [ROOM_ALIAS],
        commandPrefix: '!',
        authz: { '': true, '!': [alice.userId] },
      },
      people: [
        { name: 'Alice Example', matrix: [alice.userId], authors: ['Alice Example <alice@example.org>'] },
        { name: 'Bob Quiet', matrix: [bob.userId], authors: ['bob@example.org'], mention: false },
      ],
    },
  });
  await alice.waitForMembership(roomId, botUser.userId, 'join');
}, 300_000);

afterAll(async () => {
  await bot?.stop();
  if (synapse) await stopSynapse(synapse.dir, { remove: process.env.E2E_KEEP_DIRS !== '1' });
});

/** Says `line` as `user` and waits for the bot's answer after it. */
function ask(user: MatrixTestUser, room: string, line: string, answer: RegExp): Promise<MatrixEventJson> {
  return user.ask(room, line, botUser.userId, answer);
}

/** A change by `author`: fast-fail builds it, its blamelist this change alone. */
function change(author: string): Promise<void> {
  return postLonelyChange(masterUrl, author);
}

function buildNumber(event: MatrixEventJson): number {
  return Number(/Build #(\d+) of/.exec(String(event.content.body))?.[1]);
}

describe('blamelist mentions and build threads on Matrix', () => {
  it("mentions the change's author as a pill, in the thread of the build's started notice", async () => {
    await ask(alice, roomId, '!notify on started finished --builder=fast-fail', /Notified here/);
    const since = await alice.say(roomId, 'a change is coming');
    await change('Alice Example <alice@example.org>');
    const finished = await alice.waitForMessage(roomId, botUser.userId, /^Alice Example: Build #\d+ of fast-fail failed/, { after: since, timeoutMs: 90_000 });
    const number = buildNumber(finished);
    expect(finished.content.formatted_body).toMatch(new RegExp(`^<a href="https://matrix.to/#/${alice.userId}">Alice Example</a>: Build <a href="[^"]+">#${number}</a> of <b>fast-fail</b>`));
    expect(finished.content['m.mentions']).toEqual({ user_ids: [alice.userId] });
    const started = (await alice.messagesFrom(roomId, botUser.userId)).find((event) => new RegExp(`^Build #${number} of fast-fail started`).test(String(event.content.body)));
    expect(started).toBeDefined();
    // the started notice opens the thread and pings nobody (started is not a mention event)
    expect(started?.content['m.mentions']).toEqual({});
    expect(started?.content['m.relates_to']).toBeUndefined();
    expect(finished.content['m.relates_to']).toEqual({ rel_type: 'm.thread', event_id: started?.event_id, is_falling_back: true, 'm.in_reply_to': { event_id: started?.event_id } });
  });

  it('names a person with mention: false as text, with no pill and nobody notified', async () => {
    const since = await alice.say(roomId, 'another change is coming');
    await change('Bob Quiet <bob@example.org>');
    const finished = await alice.waitForMessage(roomId, botUser.userId, /^Bob Quiet: Build #\d+ of fast-fail failed/, { after: since, timeoutMs: 90_000 });
    expect(finished.content.formatted_body).toMatch(/^Bob Quiet: Build /);
    expect(String(finished.content.formatted_body)).not.toContain('matrix.to');
    expect(finished.content['m.mentions']).toEqual({});
  });

  it('mentions the person who forced a failing build from Matrix as its owner', async () => {
    const since = await alice.say(roomId, 'forcing one');
    await ask(alice, roomId, '!force build fast-fail', /fast-fail/);
    const finished = await alice.waitForMessage(roomId, botUser.userId, /^Alice Example: Build #\d+ of fast-fail failed/, { after: since, timeoutMs: 90_000 });
    expect(finished.content['m.mentions']).toEqual({ user_ids: [alice.userId] });
  });
});

describe('identities and my builds in a direct room on Matrix', () => {
  let direct: string;

  beforeAll(async () => {
    direct = await alice.createRoom({ preset: 'trusted_private_chat', invite: [botUser.userId], isDirect: true });
    await alice.waitForMembership(direct, botUser.userId, 'join');
  });

  it('whoami tells Alice the person her Matrix id is, and people link adds an author that the room then mentions', async () => {
    const whoami = await ask(alice, direct, 'whoami', /^You are/);
    expect(whoami.content.body).toMatch(
      new RegExp(`^You are \\S+ on matrix \\(id ${alice.userId}\\)\\. The config knows you as Alice Example, mentioned here as ${alice.userId}\\. Your commit authors: Alice Example <alice@example.org>\\.$`),
    );
    const linked = await ask(alice, direct, "people link me 'A. Example <alice@laptop.example>'", /^Changes by/);
    expect(linked.content.body).toBe("Changes by A. Example <alice@laptop.example> are now Alice Example's. Authors: Alice Example <alice@example.org>, A. Example <alice@laptop.example>.");
    const since = await alice.say(roomId, 'a change from the laptop is coming');
    await change('A. Example <alice@laptop.example>');
    const finished = await alice.waitForMessage(roomId, botUser.userId, /^Alice Example: Build #\d+ of fast-fail failed/, { after: since, timeoutMs: 90_000 });
    expect(finished.content['m.mentions']).toEqual({ user_ids: [alice.userId] });
  });

  it('notify on failure --mine brings Alice her builds and not Bob’s, without a pill', async () => {
    await ask(alice, direct, 'notify on failure --mine', /Notified here/);
    const sinceRoom = await alice.say(roomId, 'two changes are coming');
    await change('Bob Quiet <bob@example.org>');
    const bobs = buildNumber(await alice.waitForMessage(roomId, botUser.userId, /^Bob Quiet: Build #\d+ of fast-fail failed/, { after: sinceRoom, timeoutMs: 90_000 }));
    await change('Alice Example <alice@example.org>');
    const mine = await alice.waitForMessage(direct, botUser.userId, /^Build #\d+ of fast-fail failed/, { timeoutMs: 90_000 });
    expect(buildNumber(mine)).toBeGreaterThan(bobs);
    expect(mine.content['m.mentions']).toEqual({});
    expect(String(mine.content.formatted_body)).not.toContain('matrix.to');
    const told = (await alice.messagesFrom(direct, botUser.userId)).map((event) => String(event.content.body));
    expect(told.some((body) => body.includes(`Build #${bobs} of`))).toBe(false);
  });
});
