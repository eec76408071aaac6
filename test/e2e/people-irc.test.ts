/**
 * People on IRC, end to end on the real master and ngircd (issue 15): changes posted to the
 * master's base change hook on branch 'people' start fast-fail, whose failure the channel hears
 * with the change's author mentioned by nick (so their client highlights it), a person with
 * `mention: false` named as text, an unknown author named as text; `mentions off` stops it;
 * `whoami` and `people link` work over private messages.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RawIrcClient } from '../support/raw-irc-client.js';
import { postLonelyChange } from './support/buildbot-rest.js';
import { saidBy, startIrcBot, waitForBotLine, type IrcBot } from './support/irc-bot.js';

const masterUrl = inject('buildbotUrl');
const host = inject('ircHost');
const port = inject('ircPort');

const BOT = 'peoplebot';
const CHANNEL = '#people';
const ALICE = 'alice-ppl';

let alice: RawIrcClient;
let bot: IrcBot;

beforeAll(async () => {
  // alice joins first: she is the channel operator, who may change its settings
  alice = await RawIrcClient.connect(host, port, ALICE);
  await alice.join(CHANNEL);
  bot = await startIrcBot(
    masterUrl,
    {
      host,
      port,
      nick: BOT,
      channels: [CHANNEL],
      notifyEvents: ['failure'],
      useColors: false,
      authz: { '!': [ALICE] },
    },
    {
      sections: {
        people: [
          { name: 'Alice Example', irc: [ALICE], authors: ['Alice Example <alice@example.org>'] },
          { name: 'Bob Quiet', irc: ['bob-ppl'], authors: ['bob@example.org'], mention: false },
        ],
      },
    },
  );
  await waitForBotLine(alice, (l) => l.command === 'JOIN' && l.nick === BOT, { description: 'the bot joining' });
});

afterAll(async () => {
  await bot?.stop();
  await alice?.quit();
});

/** A change by `author` on branch people: fast-fail fails (and fast-pass passes). */
function change(author: string): Promise<void> {
  return postLonelyChange(masterUrl, author);
}

const failed = (prefix: string) => saidBy(BOT, CHANNEL, new RegExp(`^${prefix}Build #\\d+ of fast-fail failed`));

describe('blamelist mentions on IRC', () => {
  it("names the change's author by nick at the start of the failure line, which highlights them", async () => {
    const since = alice.lines.length;
    await change('Alice Example <alice@example.org>');
    const line = await waitForBotLine(alice, failed(`${ALICE}: `), { since, timeoutMs: 60_000 });
    expect(line.params[1]).toMatch(/^alice-ppl: Build #\d+ of fast-fail failed/);
  });

  it('names a person with mention: false and an unknown author as text, never by nick', async () => {
    let since = alice.lines.length;
    await change('Bob Quiet <bob@example.org>');
    const bob = await waitForBotLine(alice, failed('Bob Quiet: '), { since, timeoutMs: 60_000 });
    expect(bob.params[1]).not.toContain('bob-ppl');
    since = alice.lines.length;
    await change('Carol Unknown <carol@example.org>');
    await waitForBotLine(alice, failed('Carol Unknown: '), { since, timeoutMs: 60_000 });
  });

  it('mentions off: the channel hears failures without names; mentions on brings them back', async () => {
    let since = alice.lines.length;
    alice.say(CHANNEL, `${BOT}: mentions off`);
    await waitForBotLine(alice, saidBy(BOT, CHANNEL, /do not mention/), { since });
    since = alice.lines.length;
    await change('Alice Example <alice@example.org>');
    await waitForBotLine(alice, failed(''), { since, timeoutMs: 60_000 });
    since = alice.lines.length;
    alice.say(CHANNEL, `${BOT}: mentions on`);
    await waitForBotLine(alice, saidBy(BOT, CHANNEL, /Notifications here mention/), { since });
  });
});

describe('identities on IRC', () => {
  it('whoami tells alice which person she is and her commit authors', async () => {
    const since = alice.lines.length;
    alice.say(BOT, 'whoami');
    const answer = await waitForBotLine(alice, saidBy(BOT, ALICE, /^You are/), { since });
    expect(answer.params[1]).toBe(
      `You are ${ALICE} on irc (id ${ALICE}). The config knows you as Alice Example, mentioned here as ${ALICE}. Your commit authors: Alice Example <alice@example.org>.`,
    );
  });

  it('people link adds an author (kept in SQLite) and its changes mention her', async () => {
    let since = alice.lines.length;
    alice.say(BOT, `people link me 'A. Example <alice@laptop.example>'`);
    const linked = await waitForBotLine(alice, saidBy(BOT, ALICE, /^Changes by/), { since });
    expect(linked.params[1]).toBe(
      "Changes by A. Example <alice@laptop.example> are now Alice Example's. Authors: Alice Example <alice@example.org>, A. Example <alice@laptop.example>.",
    );
    const rows = bot.bot.db.prepare('SELECT person_key AS personKey, author FROM people_links').all();
    expect(rows).toEqual([{ personKey: 'person:Alice Example', author: 'A. Example <alice@laptop.example>' }]);
    since = alice.lines.length;
    await change('A. Example <alice@laptop.example>');
    await waitForBotLine(alice, failed(`${ALICE}: `), { since, timeoutMs: 60_000 });
  });

  it('people link is dangerous: a user authz does not name is refused', async () => {
    const mallory = await RawIrcClient.connect(host, port, 'mallory-ppl');
    try {
      mallory.say(BOT, `people link me 'Alice Example <alice@example.org>'`);
      const refusal = await mallory.waitFor(saidBy(BOT, 'mallory-ppl', /people/), 10_000);
      expect(refusal.params[1]).toMatch(/not allowed|may not/i);
    } finally {
      await mallory.quit();
    }
  });
});
