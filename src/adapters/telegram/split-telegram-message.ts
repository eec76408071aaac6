/**
 * Telegram refuses messages over 4096 characters (counted in UTF-16 code units after entity
 * parsing). Replies are cut between lines, and a single overlong line between words (between
 * characters when a word alone is too long), staying under the limit counted on the HTML
 * source, which is never shorter than the text. A cut never falls inside a tag, an entity or a
 * surrogate pair, and tags open at a cut are closed before it and opened again after it, so each
 * message parses on its own.
 */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

export function splitTelegramMessage(lines: string[], limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  const chunks: string[] = [];
  let current: string | null = null;
  const flush = () => {
    if (current !== null && current.trim()) chunks.push(current);
    current = null;
  };
  for (const line of lines) {
    for (const piece of cutLine(line, limit)) {
      const candidate: string = current === null ? piece : `${current}\n${piece}`;
      if (candidate.length > limit) {
        flush();
        current = piece;
      } else current = candidate;
    }
  }
  flush();
  return chunks;
}

/** Tags, entities, white space, words, and single characters (a surrogate pair is one). */
const TOKEN = /<[^>]*>|&#?\w+;|\s+|[^\s<&\uD800-\uDFFF]+|[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g;

interface OpenTag {
  name: string;
  source: string;
}

function cutLine(line: string, limit: number): string[] {
  if (line.length <= limit) return [line];
  const pieces: string[] = [];
  const open: OpenTag[] = [];
  let piece = '';
  let hasText = false;
  const closers = () => open.map((tag) => `</${tag.name}>`).reverse().join('');
  const openers = () => open.map((tag) => tag.source).join('');
  const cut = () => {
    pieces.push(piece.replace(/\s+$/, '') + closers());
    piece = openers();
    hasText = false;
  };
  const fits = (token: string, after: OpenTag[]) => piece.length + token.length + after.reduce((n, tag) => n + tag.name.length + 3, 0) <= limit;

  for (const token of line.match(TOKEN) ?? []) {
    if (token.startsWith('<')) {
      const closing = /^<\/([\w-]+)/.exec(token);
      const opening = closing ? null : /^<([\w-]+)/.exec(token);
      const after = closing ? open.slice(0, -1) : opening ? [...open, { name: opening[1] as string, source: token }] : open;
      if (!fits(token, after) && hasText) cut();
      piece += token;
      if (closing) open.pop();
      else if (opening) open.push({ name: opening[1] as string, source: token });
      continue;
    }
    if (fits(token, open)) {
      piece += token;
      hasText = true;
      continue;
    }
    if (hasText) cut();
    if (/^\s+$/.test(token)) continue; // a cut swallows the space it falls on
    // A word longer than a whole message: character by character.
    for (const unit of token.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g) ?? []) {
      if (!fits(unit, open) && hasText) cut();
      piece += unit;
      hasText = true;
    }
  }
  if (hasText) pieces.push(piece + closers());
  return pieces;
}
