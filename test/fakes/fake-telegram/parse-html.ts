/**
 * parse_mode "HTML" as Telegram parses it: a port of tdlib's `parse_html`
 * (td/telegram/MessageEntity.cpp), which the Bot API server runs on every text it is given.
 * The same tags are accepted, the same errors raised with the same words and byte offsets, and
 * the entities come out with UTF-16 offsets as in the API.
 *
 * One deliberate difference, on by default: tdlib keeps a `&` that starts no entity it knows
 * (`&`, `&foo;`) as a literal character, while the Bot API documentation says every `&` that is
 * not part of an entity must be written `&amp;`. `strictEntities` rejects such an `&` so that a
 * renderer which forgets to escape fails here, not later on a text where the `&` happens to be
 * followed by `lt;`.
 */
import type { MessageEntity } from 'grammy/types';
import { cannotParseEntities } from './errors.js';

export interface ParsedText {
  text: string;
  entities: MessageEntity[];
}

const SUPPORTED_TAGS = new Set([
  'a', 'b', 'strong', 'i', 'em', 's', 'strike', 'del', 'u', 'ins', 'tg-spoiler', 'tg-emoji', 'span', 'pre', 'code', 'blockquote',
]);

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

interface OpenTag {
  name: string;
  argument: string;
  /** UTF-16 offset in the parsed text where the entity starts. */
  offset: number;
}

/** tdlib's decode_html_entity: the character and the index after the entity, or null. */
function decodeEntity(text: string, pos: number): { char: string; end: number } | null {
  let end = pos + 1;
  let code = 0;
  if (text[end] === '#') {
    end++;
    const hex = text[end] === 'x';
    if (hex) end++;
    const digits = hex ? /[0-9a-fA-F]/ : /[0-9]/;
    const start = end;
    while (end < text.length && digits.test(text.charAt(end))) end++;
    code = end === start ? 0 : Number.parseInt(text.slice(start, end), hex ? 16 : 10);
    if (code === 0 || code >= 0x10ffff || end - pos >= 10) return null;
  } else {
    const start = end;
    while (end < text.length && /[A-Za-z]/.test(text.charAt(end))) end++;
    const named = NAMED_ENTITIES[text.slice(start, end)];
    if (named === undefined) return null;
    code = named.charCodeAt(0);
  }
  if (text[end] === ';') end++;
  return { char: String.fromCodePoint(code), end };
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f' || c === '\v';

/** The normalized URL of an `<a href>`, or null when Telegram would drop the link entity. */
function checkedLink(href: string): string | null {
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(href) ? href : `http://${href}`;
  try {
    const url = new URL(withScheme);
    return ['http:', 'https:', 'tg:', 'ton:', 'ftp:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function entityFor(tag: OpenTag, offset: number, length: number, innerText: string): MessageEntity | null {
  switch (tag.name) {
    case 'b':
    case 'strong':
      return { type: 'bold', offset, length };
    case 'i':
    case 'em':
      return { type: 'italic', offset, length };
    case 'u':
    case 'ins':
      return { type: 'underline', offset, length };
    case 's':
    case 'strike':
    case 'del':
      return { type: 'strikethrough', offset, length };
    case 'tg-spoiler':
    case 'span':
      return { type: 'spoiler', offset, length };
    case 'blockquote':
      return { type: tag.argument === 'expandable' ? 'expandable_blockquote' : 'blockquote', offset, length };
    case 'code':
      return { type: 'code', offset, length };
    case 'pre':
      return { type: 'pre', offset, length };
    case 'tg-emoji': {
      if (!/^[1-9][0-9]*$/.test(tag.argument)) throw cannotParseEntities('Invalid custom emoji identifier specified');
      return { type: 'custom_emoji', offset, length, custom_emoji_id: tag.argument };
    }
    case 'a': {
      const url = checkedLink(tag.argument === '' ? innerText : tag.argument);
      return url === null ? null : { type: 'text_link', offset, length, url };
    }
    default:
      return null;
  }
}

/** Parse `source` like the Bot API with parse_mode HTML; throws TelegramError 400 when Telegram would. */
export function parseHtml(source: string, options: { strictEntities?: boolean } = {}): ParsedText {
  const strict = options.strictEntities ?? true;
  const at = (i: number) => source.charAt(i); // '' past the end, like tdlib's terminating NUL
  const byteOffset = (i: number) => Buffer.byteLength(source.slice(0, i), 'utf8');
  const entities: Draft[] = [];
  const open: OpenTag[] = [];
  let text = '';

  for (let i = 0; i < source.length; i++) {
    const c = source.charAt(i);
    if (c === '&') {
      const decoded = decodeEntity(source, i);
      if (decoded) {
        text += decoded.char;
        i = decoded.end - 1;
        continue;
      }
      if (strict) throw cannotParseEntities(`Unescaped "&" at byte offset ${byteOffset(i)}; write it as "&amp;"`);
    }
    if (c !== '<') {
      text += c;
      continue;
    }

    const begin = i++;
    if (at(i) !== '/') {
      while (at(i) !== '' && !isSpace(at(i)) && at(i) !== '>') i++;
      if (at(i) === '') throw cannotParseEntities(`Unclosed start tag at byte offset ${byteOffset(begin)}`);
      const name = source.slice(begin + 1, i).toLowerCase();
      if (!SUPPORTED_TAGS.has(name)) throw cannotParseEntities(`Unsupported start tag "${name}" at byte offset ${byteOffset(begin)}`);

      let argument = '';
      while (at(i) !== '>') {
        while (at(i) !== '' && isSpace(at(i))) i++;
        if (at(i) === '>') break;
        const attributeBegin = i;
        while (at(i) !== '' && !isSpace(at(i)) && at(i) !== '=' && at(i) !== '>') i++;
        const attribute = source.slice(attributeBegin, i);
        if (attribute === '') throw cannotParseEntities(`Empty attribute name in the tag "${name}" at byte offset ${byteOffset(begin)}`);
        while (at(i) !== '' && isSpace(at(i))) i++;
        if (at(i) !== '=') {
          // A bare attribute; the only one with a meaning is <blockquote expandable>.
          if (at(i) === '') throw cannotParseEntities(`Unclosed start tag "${name}" at byte offset ${byteOffset(begin)}`);
          if (name === 'blockquote' && attribute === 'expandable') argument = 'expandable';
          continue;
        }
        i++;
        while (at(i) !== '' && isSpace(at(i))) i++;
        if (at(i) === '') throw cannotParseEntities(`Unclosed start tag "${name}" at byte offset ${byteOffset(begin)}`);

        let value = '';
        if (at(i) !== "'" && at(i) !== '"') {
          // A name token: letters, digits, periods and hyphens, not case sensitive.
          const tokenBegin = i;
          while (/[A-Za-z0-9.-]/.test(at(i))) i++;
          value = source.slice(tokenBegin, i).toLowerCase();
          if (!isSpace(at(i)) && at(i) !== '>') throw cannotParseEntities(`Unexpected end of name token at byte offset ${byteOffset(tokenBegin)}`);
        } else {
          const quote = at(i++);
          while (at(i) !== quote && at(i) !== '') {
            const decoded = at(i) === '&' ? decodeEntity(source, i) : null;
            if (decoded) {
              value += decoded.char;
              i = decoded.end;
            } else value += at(i++);
          }
          if (at(i) === quote) i++;
        }
        if (at(i) === '') throw cannotParseEntities(`Unclosed start tag at byte offset ${byteOffset(begin)}`);

        if (name === 'a' && attribute === 'href') argument = value;
        else if (name === 'code' && attribute === 'class' && value.startsWith('language-')) argument = value.slice(9);
        else if (name === 'span' && attribute === 'class' && value.startsWith('tg-')) argument = value.slice(3);
        else if (name === 'tg-emoji' && attribute === 'emoji-id') argument = value;
      }
      if (name === 'span' && argument !== 'spoiler') {
        throw cannotParseEntities(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(begin)}`);
      }
      open.push({ name, argument, offset: text.length });
    } else {
      const tag = open.at(-1);
      if (!tag) throw cannotParseEntities(`Unexpected end tag at byte offset ${byteOffset(begin)}`);
      while (at(i) !== '' && !isSpace(at(i)) && at(i) !== '>') i++;
      const endName = source.slice(begin + 2, i).toLowerCase();
      while (at(i) !== '' && isSpace(at(i))) i++;
      if (at(i) !== '>') throw cannotParseEntities(`Unclosed end tag at byte offset ${byteOffset(begin)}`);
      if (endName !== '' && endName !== tag.name) {
        throw cannotParseEntities(`Unmatched end tag at byte offset ${byteOffset(begin)}, expected "</${tag.name}>", found "</${endName}>"`);
      }
      if (text.length > tag.offset) addEntity(entities, tag, text);
      open.pop();
    }
  }
  const unclosed = open.at(-1);
  if (unclosed) throw cannotParseEntities(`Can't find end tag corresponding to start tag "${unclosed.name}"`);

  const sorted = entities.map(finished).sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities: sorted };
}

/**
 * An entity being built: a `code` keeps the language of `<code class="language-x">` until an
 * enclosing `<pre>` of the same span turns both into one `pre` with that language (tdlib does
 * the same, and drops the language of a lone `code`).
 */
type Draft = MessageEntity | { type: 'code'; offset: number; length: number; language: string };

function addEntity(entities: Draft[], tag: OpenTag, text: string): void {
  const offset = tag.offset;
  const length = text.length - offset;
  const last = entities.at(-1);
  const sameSpan = last !== undefined && last.offset === offset && last.length === length;
  if (tag.name === 'pre' && sameSpan && last.type === 'code' && 'language' in last) {
    entities[entities.length - 1] = { type: 'pre', offset, length, language: last.language };
  } else if (tag.name === 'code' && sameSpan && last.type === 'pre' && tag.argument !== '') {
    entities[entities.length - 1] = { type: 'pre', offset, length, language: tag.argument };
  } else if (tag.name === 'code' && tag.argument !== '') {
    entities.push({ type: 'code', offset, length, language: tag.argument });
  } else {
    const entity = entityFor(tag, offset, length, text.slice(offset));
    if (entity) entities.push(entity);
  }
}

const finished = (draft: Draft): MessageEntity =>
  draft.type === 'code' ? { type: 'code', offset: draft.offset, length: draft.length } : draft;

/**
 * Telegram trims leading and trailing white space from a message (tdlib fix_formatted_text) and
 * shortens or drops the entities that covered it.
 */
export function trimParsed(parsed: ParsedText): ParsedText {
  const lead = parsed.text.length - parsed.text.trimStart().length;
  const text = parsed.text.trim();
  const entities = parsed.entities.flatMap((entity) => {
    const start = Math.max(entity.offset - lead, 0);
    const end = Math.min(entity.offset + entity.length - lead, text.length);
    return end > start ? [{ ...entity, offset: start, length: end - start }] : [];
  });
  return { text, entities };
}
