/**
 * Chat lines for the fuzzer: valid commands mutated, random bytes, huge lines, unicode that
 * trips up byte and grapheme counting, shell quoting, IRC control codes and Telegram markup.
 * Everything a user (or a builder name on the master) could put in front of the bot.
 */
import type { Random } from './seeded-random.js';

/** IRC formatting, CTCP and line breaks: none of them may reach the wire from user text. */
const IRC_CODES = [
  '\x02', '\x03', '\x034', '\x0304', '\x0304,12', '\x03,5', '\x0399,99', '\x04', '\x04FF00FF', '\x04ff0000,00ff00', '\x0f', '\x11',
  '\x16', '\x1d', '\x1e', '\x1f', '\x01ACTION waves\x01', '\x01VERSION\x01', '\x00', '\r', '\n', '\r\n', '\n\r', '\t', '\x7f',
  '\x85', '\x9b', '\u2028', '\u2029', '\x0b', '\x0c', '\x1b[31m', '\rQUIT :bye', '\r\nPRIVMSG #ci :injected',
];

/** Telegram's HTML tags, entities, Markdown and bot syntax. */
const TELEGRAM_MARKUP = [
  '<b>', '</b>', '<i>', '</i>', '<a href="http://e.com/?a=1&b=2">', '<a href="javascript:alert(1)">', '</a>', '<pre>', '</pre>',
  '<code class="language-js">', '</code>', '<tg-spoiler>', '<span class="tg-spoiler">', '<blockquote expandable>', '<script>',
  '<br/>', '<', '>', '&', '&amp;', '&lt;', '&gt;', '&quot;', '&#39;', '&#0;', '&#x110000;', '&#xD800;', '&nbsp;', '&amp',
  '*bold*', '_it_', '__u__', '~s~', '||spoiler||', '`code`', '```\npre\n```', '[x](http://e.com)', '![i](x)', '@buildbot_chat_bot',
  '/start', '/force@buildbot_chat_bot', '\\*', '"><img src=x>',
];

const QUOTES = ['"', "'", '\\', '\\"', "\\'", '""', "''", '"a b"', "'c d'", '"open', "'open", '"\\"', '\\\\', '"\'"', "'\"'", '`'];

const UNICODE = [
  'é', 'e\u0301', 'ß', 'İ', 'ﬁ', 'Ω', 'аdmin', 'ｆｏｒｃｅ', '中文', '日本語テキスト', 'العربية', 'עברית', '\u202eesrever', '\u200b', '\u200d',
  '\ufeff', '\u00ad', '\u00a0', '\u3000', '\u2060', '😀', '👍🏽', '👨‍👩‍👧‍👦', '🇩🇪', '🏳️‍🌈', '1️⃣', '\ud800', '\udc00', '\udbff\udfff',
  '\ue000', '\ue001', '\ue000http://evil\ue001', '\uffff', '\ufffd', '\u{10ffff}', 'Z̷̢̛̛̛̛̛̖̖͈̖̞̫̲̪̹̤̜͉̩̫͔̍͌̀͐̒̓̉͋̇͗̑͌͂̐̿͘͝͝ͅa̸̧͇̞͓͎̞̙͓͊̏̈́̊̃l̸̢̧̺̻̩̫̣͙̞̘̹̀͆̍͋̊͆̇̅͗͘̕͝g̴̙̩̤̹̣̲̓̍̀̏͊o',
];

/** Bidi controls, zero-width characters, separators, NUL and C1: text that reorders or hides ours. */
const REORDERING = [
  '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200b', '\u200c', '\u200d', '\u200e',
  '\u200f', '\u2028', '\u2029', '\u061c', '\ufeff', '\u202eforced by admin\u202c', '\u2067\u2066x\u2069', '\x00', '\x85', '\x8d', '\x9b',
  '\x9c', '\x9f',
];

const OPTIONS = [
  '--props=a=b', '--props=result=fail,duration=1', '--props=', '--props==', '--props=a=b=c,,', '--branch=', '--branch=main', '--revision=deadbeef',
  '--codebase=', '--builder=', '--builder', '--tag=fast', '--tag', '--branch', '--nope', '--', '-', '=', ',', '-v', '--props=owner=x',
];

const NUMBERS = ['0', '-1', '1', '3', '#3', '99999999999999999999', '1e309', 'NaN', '0x10', '٣', '2147483648', '-0'];

const SPACES = [' ', '  ', '\t', '\u00a0', '\u3000', '\v', '\f', '\u2003'];

const WORDS = ['build', 'all', 'builders', 'workers', 'changes', 'on', 'off', 'list', 'check', 'start', 'stop', 'now', 'finished', 'started',
  'failure', 'problem', 'worker', 'because', 'the', 'reason', '#ci', '#other', '&local', 'key', 'help', 'me'];

export interface GeneratorVocabulary {
  /** Command names and aliases the bot knows. */
  commands: readonly string[];
  /** Builder names on the master, hostile ones included. */
  builders: readonly string[];
}

/** Valid lines, the starting points of mutations. */
export function seedCorpus(vocabulary: GeneratorVocabulary): string[] {
  const lines = [
    'help', 'help force', 'help status', 'commands', 'hello', 'version', 'source', 'getid', 'status', 'status all', 'list builders',
    'list workers', 'list changes', 'list changes 3', 'last', 'notify list', 'notify on', 'notify off', 'notify on finished failure',
    'notify on --builder=fast-pass --tag=fast --branch main', 'notify off problem', 'shutdown check', 'shutdown now', 'join #builds',
    'join #secret key', 'leave #builds', 'leave', 'force build fast-pass', 'force build slow', 'force build --branch=main --props=result=fail flaky because',
    'force build --revision=abc --codebase= slow "a reason"', 'stop build slow', 'stop build slow no longer needed', 'stop all',
    'watch slow', 'watch fast-pass',
  ];
  for (const builder of vocabulary.builders) {
    const quoted = `"${builder.replace(/["\\]/g, '\\$&')}"`;
    lines.push(`status ${quoted}`, `last ${quoted}`, `force build ${quoted} why`, `stop build ${quoted}`, `watch ${quoted}`,
      `notify on --builder=${quoted}`);
  }
  return lines;
}

type Fragment = (random: Random) => string;

function fragmentSources(vocabulary: GeneratorVocabulary): Fragment[] {
  const from = (list: readonly string[]): Fragment => (random) => random.pick(list);
  return [
    from(IRC_CODES), from(TELEGRAM_MARKUP), from(QUOTES), from(UNICODE), from(REORDERING), from(OPTIONS), from(NUMBERS), from(SPACES), from(WORDS),
    from(vocabulary.commands), from(vocabulary.builders), randomBytes, randomCodePoints,
  ];
}

function randomBytes(random: Random): string {
  const bytes = Buffer.alloc(random.length(64));
  for (let i = 0; i < bytes.length; i++) bytes[i] = random.int(0, 255);
  // As an adapter would see them: decoded as UTF-8 (U+FFFD for bad sequences) or as Latin-1.
  return bytes.toString(random.chance(0.5) ? 'utf8' : 'latin1');
}

function randomCodePoints(random: Random): string {
  let text = '';
  const count = random.length(32);
  for (let i = 0; i < count; i++) {
    const plane = random.int(0, 9);
    // mostly ASCII and the BMP, sometimes astral, sometimes a lone surrogate
    const code = plane < 4 ? random.int(0, 0x7f) : plane < 8 ? random.int(0x80, 0xffff) : plane === 8 ? random.int(0x10000, 0x10ffff) : random.int(0xd800, 0xdfff);
    text += code >= 0xd800 && code <= 0xdfff ? String.fromCharCode(code) : String.fromCodePoint(code);
  }
  return text;
}

export interface CommandLineGenerator {
  /** One chat line, and what kind of line it is (for failure reports). */
  next(random: Random): { kind: string; line: string };
}

export function commandLineGenerator(vocabulary: GeneratorVocabulary): CommandLineGenerator {
  const corpus = seedCorpus(vocabulary);
  const fragments = fragmentSources(vocabulary);
  const fragment = (random: Random) => random.pick(fragments)(random);
  const soup = (random: Random, source: Fragment, count: number) => Array.from({ length: count }, () => source(random)).join('');

  const mutate = (random: Random, line: string): string => {
    let text = line;
    const rounds = random.int(1, 4);
    for (let r = 0; r < rounds; r++) {
      const at = random.int(0, text.length);
      const end = Math.min(text.length, at + random.length(16));
      switch (random.int(0, 6)) {
        case 0: text = text.slice(0, at) + fragment(random) + text.slice(at); break;
        case 1: text = text.slice(0, at) + text.slice(end); break;
        case 2: text = text.slice(0, at) + fragment(random) + text.slice(end); break;
        case 3: text = text.slice(0, end) + text.slice(at, end) + text.slice(end); break;
        case 4: text = text.slice(0, at) + text.slice(at, end).toUpperCase() + text.slice(end); break;
        case 5: text = `${text} ${random.pick(corpus)}`; break;
        default: text = text.slice(0, at); break;
      }
    }
    return text;
  };

  const kinds: { kind: string; weight: number; make: (random: Random) => string }[] = [
    { kind: 'mutated command', weight: 30, make: (random) => mutate(random, random.pick(corpus)) },
    {
      kind: 'command with hostile arguments',
      weight: 20,
      make: (random) => `${random.pick(vocabulary.commands)} ${soup(random, (r) => `${fragment(r)}${r.pick(SPACES)}`, random.int(1, 8))}`,
    },
    { kind: 'random bytes', weight: 8, make: randomBytes },
    { kind: 'unicode', weight: 8, make: (random) => soup(random, (r) => (r.chance(0.5) ? r.pick(UNICODE) : randomCodePoints(r)), random.int(1, 12)) },
    { kind: 'control codes and markup', weight: 10, make: (random) => soup(random, (r) => r.pick(r.chance(0.5) ? IRC_CODES : TELEGRAM_MARKUP), random.int(1, 12)) },
    { kind: 'quotes', weight: 6, make: (random) => `${random.pick(vocabulary.commands)} ${soup(random, (r) => r.pick(r.chance(0.6) ? QUOTES : WORDS), random.int(1, 10))}` },
    { kind: 'fragments', weight: 13, make: (random) => soup(random, fragment, random.int(1, 10)) },
    { kind: 'huge line', weight: 5, make: (random) => hugeLine(random, random.pick(corpus), fragment(random)) },
    {
      kind: 'bidi, invisible and C1 characters',
      weight: 6,
      make: (random) => `${random.pick(corpus)} ${soup(random, (r) => `${r.pick(REORDERING)}${r.pick(WORDS)}`, random.int(1, 8))}`,
    },
    {
      kind: 'very long argument',
      weight: 3,
      make: (random) => `${random.pick(['status', 'last', 'force build', 'stop build', 'watch', 'notify on --builder='])} ${random.pick(['b', 'é', '😀', '%'])
        .repeat(random.int(1_000, 40_000))}`,
    },
  ];
  const total = kinds.reduce((sum, k) => sum + k.weight, 0);
  return {
    next(random) {
      let roll = random.next() * total;
      for (const { kind, weight, make } of kinds) {
        roll -= weight;
        if (roll < 0) return { kind, line: make(random) };
      }
      const last = kinds[kinds.length - 1] as (typeof kinds)[number];
      return { kind: last.kind, line: last.make(random) };
    },
  };
}

/** A command followed by one fragment repeated to between 1 K and 64 K characters, mostly short. */
function hugeLine(random: Random, command: string, filler: string): string {
  const unit = filler || 'x';
  const size = Math.floor(1_000 * 64 ** random.next());
  const spaced = random.chance(0.5) ? `${unit} ` : unit;
  return `${command} ${spaced.repeat(Math.ceil(size / spaced.length))}`;
}

/** User display names: Telegram first names and IRC nicks can hold much of the above. */
export function hostileName(random: Random): string {
  return random.pick([
    'Alice', '<b>Bob</b>', 'Eve & Mallory', '\x0304red\x0f nick', 'zoë', '👨‍👩‍👧‍👦', '\u202eevil', 'a\r\nQUIT', '"quoted"', '\ue000x\ue001',
    'x'.repeat(300), '&lt;tag&gt;', '_under_score_', '',
  ]);
}
