/**
 * An IRC line is at most 512 bytes with its CRLF (RFC 1459 2.3), and the limit applies to the
 * line the server relays to other clients, which carries our full prefix:
 *   ":nick!~user@host PRIVMSG #target :text\r\n"
 * A line that fits when we send it can still be cut short on the way out, so the budget for
 * the text subtracts that prefix with the host at its longest (HOSTLEN 63: cloaks, IPv6 PTRs).
 * Buildbot's bot counts characters, not bytes, and loses the end of multi-byte lines.
 *
 * Cuts fall between grapheme clusters (an emoji with its modifiers stays whole), never inside
 * a formatting code, preferably at a space; formatting open at a cut is re-opened on the next
 * chunk, since clients reset it at every line.
 */
import { IRC_FORMAT_CODE } from './sanitize-irc-text.js';

export const IRC_LINE_LIMIT = 512;
/** RFC 2812 HOSTLEN: the longest host a server shows in our prefix. */
export const DEFAULT_HOST_LENGTH = 63;
/** Servers prefix the ident with '~' when no identd answers; USERLEN is 10 on most servers. */
const DEFAULT_USER_LENGTH = 10;
/** Below this the text budget cannot hold re-opened formatting plus a character. */
const MIN_TEXT_BUDGET = 64;

export interface IrcMessageTarget {
  command: 'PRIVMSG' | 'NOTICE';
  /** Channel or nick the line goes to. */
  target: string;
  /** Our current nick. */
  nick: string;
  /** The ident we registered with; when unknown, USERLEN (10) is assumed. */
  user?: string;
  /** Bytes of the host part of our prefix as the server relays it; default 63. */
  hostLength?: number;
}

const utf8Length = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Bytes left for the text of one line to `target` once the relayed prefix is counted. */
export function ircTextBudget(to: IrcMessageTarget): number {
  const userLength = to.user === undefined ? DEFAULT_USER_LENGTH : utf8Length(to.user);
  // ":" nick "!" "~" user "@" host " " command " " target " :" text "\r\n"
  const prefix = 1 + utf8Length(to.nick) + 2 + userLength + 1 + (to.hostLength ?? DEFAULT_HOST_LENGTH) + 1;
  const body = utf8Length(to.command) + 1 + utf8Length(to.target) + 2 + 2;
  return IRC_LINE_LIMIT - prefix - body;
}

/**
 * The text as chunks that each fit one relayed PRIVMSG/NOTICE. Line breaks in the text start a
 * new chunk (they can never reach the wire); chunks with no visible text are dropped, so an
 * empty or blank text gives no chunks at all.
 */
export function splitIrcMessage(text: string, to: IrcMessageTarget): string[] {
  const budget = ircTextBudget(to);
  if (budget < MIN_TEXT_BUDGET) {
    throw new RangeError(`IRC target "${to.target}" and nick "${to.nick}" leave only ${budget} bytes per line`);
  }
  return text.split(/\r\n|\r|\n/).flatMap((line) => splitLine(line, budget));
}

/** Anything but formatting codes and spaces: what makes a chunk worth sending. */
function hasVisibleText(line: string): boolean {
  return line.replace(IRC_FORMAT_CODE, '').replaceAll(' ', '') !== '';
}

interface Token {
  text: string;
  bytes: number;
  kind: 'code' | 'space' | 'text';
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Longest piece handed to Intl.Segmenter: Node 20's takes time quadratic in its input's length. */
const SEGMENT_PIECE = 256;

/**
 * The text in pieces at spaces, and words longer than SEGMENT_PIECE at code points: a grapheme
 * cluster is only ever cut inside such a monster word, where no reader will miss it.
 */
function segmentPieces(text: string): string[] {
  return text.split(/(?= )|(?<= )/).flatMap((word) => {
    if (word.length <= SEGMENT_PIECE) return [word];
    const points = Array.from(word);
    const pieces: string[] = [];
    for (let i = 0; i < points.length; i += SEGMENT_PIECE) pieces.push(points.slice(i, i + SEGMENT_PIECE).join(''));
    return pieces;
  });
}

/** Formatting codes (with their digits) and grapheme clusters; a huge cluster (zalgo) as code points. */
function tokenize(line: string, budget: number): Token[] {
  const tokens: Token[] = [];
  const pushText = (text: string) => {
    for (const { segment } of segmentPieces(text).flatMap((piece) => [...graphemes.segment(piece)])) {
      const bytes = utf8Length(segment);
      const parts = bytes > budget / 4 ? Array.from(segment) : [segment];
      for (const part of parts) {
        tokens.push({ text: part, bytes: utf8Length(part), kind: part === ' ' ? 'space' : 'text' });
      }
    }
  };
  let last = 0;
  for (const match of line.matchAll(IRC_FORMAT_CODE)) {
    pushText(line.slice(last, match.index));
    tokens.push({ text: match[0], bytes: utf8Length(match[0]), kind: 'code' });
    last = match.index + match[0].length;
  }
  pushText(line.slice(last));
  return tokens;
}

function splitLine(line: string, budget: number): string[] {
  // Most lines fit whole: they go as they are, without the grapheme segmentation below, which
  // costs about a millisecond per notification line (measured with bench/profile-notify.ts).
  if (utf8Length(line) <= budget) return hasVisibleText(line) ? [line] : [];
  const tokens = tokenize(line, budget);
  const chunks: string[] = [];
  const state = new FormatState();
  let start = 0;
  while (start < tokens.length) {
    const reopen = state.reopen(tokens[start]?.text);
    let used = utf8Length(reopen);
    let end = start;
    let lastSpace = -1;
    let bytesBeforeLastSpace = 0;
    while (end < tokens.length) {
      const token = tokens[end] as Token;
      if (token.kind === 'space') {
        lastSpace = end;
        bytesBeforeLastSpace = used;
      }
      if (used + token.bytes > budget) break;
      used += token.bytes;
      end += 1;
    }
    // Cut at the last space when that keeps at least half the line; else between characters.
    if (end < tokens.length && lastSpace > start && bytesBeforeLastSpace >= budget / 2) end = lastSpace;
    if (end === start) end += 1; // unreachable with MIN_TEXT_BUDGET; guarantees progress
    const piece = tokens.slice(start, end);
    for (const token of piece) if (token.kind === 'code') state.apply(token.text);
    if (piece.some((token) => token.kind === 'text')) {
      chunks.push(reopen + piece.map((token) => token.text).join(''));
    }
    start = end;
    if (start < tokens.length) while (tokens[start]?.kind === 'space') start += 1;
  }
  return chunks;
}

const TOGGLES = ['\x02', '\x1d', '\x1f', '\x1e', '\x11', '\x16'] as const;

/** What a client has switched on at a point in the line, to switch it on again after a cut. */
class FormatState {
  private readonly toggles = new Set<string>();
  private colour: { fg: string; bg: string | null } | null = null;
  private hex: { fg: string; bg: string | null } | null = null;

  apply(code: string): void {
    const kind = code[0];
    if (kind === '\x0f') {
      this.toggles.clear();
      this.colour = null;
      this.hex = null;
    } else if (kind === '\x03' || kind === '\x04') {
      const [fg, bg] = code.slice(1).split(',');
      const current = kind === '\x03' ? this.colour : this.hex;
      const next = fg ? { fg, bg: bg ?? current?.bg ?? null } : null;
      if (kind === '\x03') this.colour = next;
      else this.hex = next;
    } else if (kind !== undefined) {
      if (this.toggles.has(kind)) this.toggles.delete(kind);
      else this.toggles.add(kind);
    }
  }

  /** The codes that restore this state, safe to put before `nextText`. */
  reopen(nextText: string | undefined): string {
    let codes = '';
    if (this.hex) codes += `\x04${this.hex.fg}${this.hex.bg ? `,${this.hex.bg}` : ''}`;
    // Two digits always, so a digit at the start of the chunk is not read as colour.
    if (this.colour) codes += `\x03${pad(this.colour.fg)}${this.colour.bg ? `,${pad(this.colour.bg)}` : ''}`;
    for (const toggle of TOGGLES) if (this.toggles.has(toggle)) codes += toggle;
    // A chunk starting with ",5" right after "\x0303" would be read as a background colour.
    if (nextText === ',' && /[\x03\x04][0-9a-fA-F]+$/.test(codes)) codes += '\x02\x02';
    return codes;
  }
}

const pad = (digits: string): string => digits.padStart(2, '0');
