/**
 * Issue 7's fuzzing: generated and mutated chat lines through the dispatcher (parser, authz,
 * handlers) against the fake master, every reply rendered for IRC and for Telegram. Each line
 * goes through the fast lane (stub handlers echoing the input); every FULL_EVERY-th also
 * through the real handlers. FUZZ_SEED repeats a run, FUZZ_CASES changes its size.
 *
 * A line reaches IRC and Telegram cut to what those platforms deliver (510 bytes, 4096
 * characters); longer lines go whole through the console, the one adapter without a limit.
 * Replies are rendered for the platform they go to, and short ones for the other as well.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitArguments } from '../../src/core/split-arguments.js';
import { createIrcTextFormat } from '../../src/adapters/irc/irc-text-format.js';
import { IRC_USERNAME } from '../../src/adapters/irc/irc-connection.js';
import type { IrcMessageTarget } from '../../src/adapters/irc/split-irc-message.js';
import { telegramTextFormat } from '../../src/adapters/telegram/telegram-text-format.js';
import { OVERSIZED_REQUEST_BYTES } from '../../src/buildbot/master-connection.js';
import { createReplyRenderer } from '../../src/core/render-reply.js';
import type { ChatUser } from '../../src/core/message.js';
import type { Reply } from '../../src/core/reply.js';
import { plainTextFormat } from '../../src/core/text-format.js';
import { checkIrcOutput } from './support/check-irc-output.js';
import { checkTelegramOutput } from './support/check-telegram-output.js';
import { reorderingProblem } from './support/reordering.js';
import { commandLineGenerator, hostileName, seedCorpus } from './support/command-line-generator.js';
import { startFuzzBot, type CaseOutcome, type FuzzBot, type Lane } from './support/fuzz-bot.js';
import { chatPlatforms, consolePlatform, fuzzPlatforms, type FuzzPlatform } from './support/fuzz-platforms.js';
import { fuzzSeed, seededRandom } from './support/seeded-random.js';
import { Violations, type CaseInfo } from './support/violations.js';

const CASES = Number(process.env.FUZZ_CASES ?? 100_000);
/** One line in this many also runs the real handlers, which talk HTTP to the fake master. */
const FULL_EVERY = 10;
/** Full-lane cases in flight at once: force and stop spend most of their time waiting for builds. */
const FULL_CONCURRENCY = 64;

const RULES = {
  crash: 'no crash, no unhandled rejection, no handler error a user can cause',
  irc: 'IRC lines fit 512 bytes relayed and carry no CR, LF, NUL, CTCP or reordering character',
  telegram: 'Telegram messages are valid HTML of our own tags, 1 to 4096 characters, with no reordering character',
  plain: 'console lines carry no control or reordering characters',
  authz: 'a dangerous command runs only for a user allowed it, and such a user is not denied',
  answered: 'the real handlers always answer with something visible',
} as const;

const ircRenderer = createReplyRenderer(createIrcTextFormat({ colors: true }));
const telegramRenderer = createReplyRenderer(telegramTextFormat);
const plainRenderer = createReplyRenderer(plainTextFormat);
/**
 * Replies are rendered for the other platform too when short: splitting a long line for IRC
 * costs time quadratic in its length (Intl.Segmenter on Node 20), and a long reply only ever
 * answers a long line, which IRC cannot deliver.
 */
const RENDER_BOTH_BELOW = 512;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f\ue000\ue001]/;

const seed = fuzzSeed();
const violations = new Violations(seed);
let bot: FuzzBot;
const stray: unknown[] = [];
const onStray = (error: unknown) => void stray.push(error);

// C0 but tab, DEL and C1: what a control call may not carry to the master.
// eslint-disable-next-line no-control-regex
const MASTER_CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;

/** Every string in a JSON value, keys included. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => [key, ...stringsIn(item)]);
  return [];
}

function caseSeed(index: number): number {
  return (seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0;
}

function render(renderer: typeof ircRenderer, reply: Reply, info: CaseInfo): string[] | null {
  try {
    return renderer.render(reply);
  } catch (error) {
    violations.add(RULES.crash, info, `rendering ${JSON.stringify(reply).slice(0, 200)} for ${renderer.format.name} threw ${String(error)}`);
    return null;
  }
}

/** Checks the replies in the formats they go out in; true when some reply had visible text. */
function checkReplies(info: CaseInfo, platform: FuzzPlatform, replies: readonly Reply[], ircTarget: IrcMessageTarget): boolean {
  let visible = false;
  const shows = (lines: string[] | null, own: boolean) => (visible ||= own && (lines ?? []).some((line) => line.trim() !== ''));
  for (const reply of replies) {
    const short = JSON.stringify(reply).length < RENDER_BOTH_BELOW;
    if (platform.name === 'irc' || short) {
      const lines = render(ircRenderer, reply, info);
      for (const problem of checkIrcOutput(lines ?? [], ircTarget)) violations.add(RULES.irc, info, problem);
      shows(lines, platform.name === 'irc');
    }
    if (platform.name === 'telegram' || short) {
      const lines = render(telegramRenderer, reply, info);
      for (const problem of checkTelegramOutput(lines ?? [])) violations.add(RULES.telegram, info, problem);
      shows(lines, platform.name === 'telegram');
    }
    if (platform.name === 'console') {
      const lines = render(plainRenderer, reply, info);
      for (const line of lines ?? []) {
        const bad = CONTROL.exec(line);
        if (bad) violations.add(RULES.plain, info, `U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} in ${JSON.stringify(line.slice(0, 120))}`);
        const reordering = reorderingProblem(line);
        if (reordering) violations.add(RULES.plain, info, reordering);
      }
      shows(lines, true);
    }
  }
  return visible;
}

function checkCase(info: CaseInfo, platform: FuzzPlatform, outcome: CaseOutcome, ircTarget: IrcMessageTarget): void {
  for (const error of outcome.unexpectedErrors) {
    const cause = error instanceof Error && error.cause !== undefined ? `\n      caused by ${String(error.cause)}` : '';
    violations.add(RULES.crash, info, `handler threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}${cause}`);
  }
  const visible = checkReplies(info, platform, outcome.replies, ircTarget);
  if (info.lane === 'full' && !visible) violations.add(RULES.answered, info, `replies: ${JSON.stringify(outcome.replies).slice(0, 300)}`);
}

/** The words after the command's name in `line`, or null when the line does not split (an open quote). */
function argsAfter(line: string, name: string): string[] | null {
  let words: string[];
  try {
    words = splitArguments(line);
  } catch {
    return null;
  }
  const at = words.findIndex((word) => word.toLowerCase().replace(/@\S*$/, '').endsWith(name));
  return at < 0 ? null : words.slice(at + 1);
}

/** How often each command ended each way, over the whole run: "force denied" → count. */
const tally = new Map<string, number>();

function checkAuthz(info: CaseInfo, outcome: CaseOutcome, allowed: (name: string) => boolean | undefined): void {
  for (const { command, outcome: result } of outcome.outcomes) {
    tally.set(`${command} ${result}`, (tally.get(`${command} ${result}`) ?? 0) + 1);
    const may = allowed(command);
    if (may === undefined) continue; // not a command of this registry: 'unknown'
    // 'unknown': the command does not exist on this adapter (join and leave off IRC), so nothing ran
    if (!may && result !== 'denied' && result !== 'unknown') violations.add(RULES.authz, info, `'${command}' ended '${result}' for a user not allowed it`);
    if (may && result === 'denied') violations.add(RULES.authz, info, `'${command}' was denied to a user allowed it`);
  }
}

beforeAll(async () => {
  process.on('unhandledRejection', onStray);
  process.on('uncaughtException', onStray);
  console.log(`fuzz: ${CASES} lines, seed ${seed} (repeat with FUZZ_SEED=${seed} npm run test:fuzz)`);
  bot = await startFuzzBot();
  const generator = commandLineGenerator(bot.vocabulary);
  const inFlight = new Set<Promise<void>>();
  const startFull = async (run: () => Promise<void>) => {
    const running = run().finally(() => inFlight.delete(running));
    inFlight.add(running);
    if (inFlight.size >= FULL_CONCURRENCY) await Promise.race(inFlight);
  };
  const runLane = async (lane: Lane, index: number, kind: string, platform: FuzzPlatform, user: ChatUser, inPrivate: boolean, line: string) => {
    const info: CaseInfo = { index, lane, platform: platform.name, user: user.id, kind, line };
    const chat = platform.chat(user, inPrivate);
    const ircTarget: IrcMessageTarget = { command: 'PRIVMSG', target: platform.name === 'irc' ? chat.id : '#ci', nick: 'buildbot-chat', user: IRC_USERNAME };
    try {
      const outcome = await bot.run(lane, platform, user, chat, line);
      checkCase(info, platform, outcome, ircTarget);
      checkAuthz(info, outcome, (name) => {
        const command = bot.registry.find(name);
        if (!command) return undefined;
        // a dangerous command's read-only use is safe (alias list): as the dispatcher decides
        const args = argsAfter(line, command.name);
        const dangerous = command.dangerous && !(args !== null && command.safeUse?.(args) === true);
        return platform.allowed({ ...command, dangerous }, user);
      });
    } catch (error) {
      violations.add(RULES.crash, info, `the dispatcher threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  };
  // Every valid line by every user on every platform first: each dangerous command is tried
  // by those allowed it and by those who are not, whatever the random lines below reach.
  for (const [index, line] of seedCorpus(bot.vocabulary).entries()) {
    for (const platform of fuzzPlatforms) {
      for (const user of platform.users) {
        await runLane('fast', index, 'valid command', platform, user, false, line);
        await startFull(() => runLane('full', index, 'valid command', platform, user, false, line));
      }
    }
  }
  for (let index = 0; index < CASES; index++) {
    const random = seededRandom(caseSeed(index));
    const platform = random.pick(chatPlatforms);
    const listed = random.pick(platform.users);
    const user = random.chance(0.2) ? { ...listed, name: hostileName(random) } : listed;
    const inPrivate = random.chance(0.3);
    const { kind, line: generated } = generator.next(random);
    const line = platform.receivable(generated);
    await runLane('fast', index, kind, platform, user, inPrivate, line);
    if (line !== generated) await runLane('fast', index, kind, consolePlatform, random.pick(consolePlatform.users), true, generated);
    if (index % FULL_EVERY === 0) await startFull(() => runLane('full', index, kind, platform, user, inPrivate, line));
  }
  await Promise.all(inFlight);
}, 600_000);

afterAll(async () => {
  process.off('unhandledRejection', onStray);
  process.off('uncaughtException', onStray);
  await bot?.close();
});

describe(`fuzzing ${CASES} chat lines through the dispatcher`, () => {
  it('never crashes, leaves no unhandled rejection, and no handler fails on its input', () => {
    expect(violations.report(RULES.crash)).toBe('');
    expect(stray.map(String)).toEqual([]);
  });

  it('sends IRC lines that fit 512 bytes as relayed and carry no CR, LF, NUL or CTCP', () => {
    expect(violations.report(RULES.irc)).toBe('');
  });

  it('sends Telegram messages Telegram accepts: our tags only, balanced, escaped, within 4096 characters', () => {
    expect(violations.report(RULES.telegram)).toBe('');
  });

  it('runs a dangerous command only for users allowed it, and never denies those users', () => {
    expect(violations.report(RULES.authz)).toBe('');
    const strangers = [...bot.controlCalls, ...bot.stubRuns].filter(
      (call) => {
        const command = bot.registry.find(call.command);
        const dangerous = command?.dangerous === true && !(call.args !== undefined && command.safeUse?.(call.args) === true);
        return dangerous && !call.platform.allowed({ name: call.command, dangerous: true }, call.user);
      },
    );
    expect(strangers.map((c) => `${c.command} for ${c.platform.name} user ${JSON.stringify(c.user.id)}`)).toEqual([]);
  });

  it('prints console lines without control characters, however long the input', () => {
    expect(violations.report(RULES.plain)).toBe('');
  });

  it('has the real handlers answer every line with something visible', () => {
    expect(violations.report(RULES.answered)).toBe('');
  });

  it('reaches every command, and the master and the chat with allowed control calls', () => {
    const ran = new Set(bot.stubRuns.map((run) => run.command));
    const everyCommand = bot.registry.list({ chatControl: { join: async () => {}, leave: async () => {} }, commandPrefix: '/' }).map((c) => c.name);
    expect(everyCommand.filter((name) => !ran.has(name))).toEqual([]);
    const dangerous = everyCommand.filter((name) => bot.registry.find(name)?.dangerous);
    expect(dangerous.flatMap((name) => [`${name} ok`, `${name} denied`]).filter((key) => !tally.has(key))).toEqual([]);
    const controlled = new Set(bot.controlCalls.map((call) => call.command));
    expect([...controlled].sort()).toEqual(['force', 'join', 'leave', 'stop']);
    // every force and stop the master saw was one of the recorded, allowed calls
    const masterControls = bot.fake.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/api/v2/')).length;
    expect(masterControls).toBe(bot.controlCalls.filter((c) => c.command === 'force' || c.command === 'stop').length);
  });

  it('sends the master no control character (tab aside) in any control call, and no request longer than it reads', () => {
    const posts = bot.fake.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/api/v2/'));
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.flatMap((r) => stringsIn(r.body)).filter((text) => MASTER_CONTROL.test(text))).toEqual([]);
    expect(bot.fake.requests.filter((r) => Buffer.byteLength(r.path) > OVERSIZED_REQUEST_BYTES).map((r) => r.path.slice(0, 80))).toEqual([]);
  });
});
