/**
 * Telegram refuses messages over 4096 characters (counted in UTF-16 code units after entity
 * parsing). Replies are cut between lines, and a single overlong line between characters,
 * staying under the limit counted on the HTML source, which is never shorter than the text.
 */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

export function splitTelegramMessage(lines: string[], limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  const chunks: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim()) chunks.push(current);
    current = '';
  };
  for (const line of lines) {
    for (const piece of cutLine(line, limit)) {
      const candidate = current ? `${current}\n${piece}` : piece;
      if (candidate.length > limit) {
        flush();
        current = piece;
      } else current = candidate;
    }
  }
  flush();
  return chunks;
}

/** A line longer than the limit, cut at spaces where possible, never inside a tag or entity. */
function cutLine(line: string, limit: number): string[] {
  if (line.length <= limit) return [line];
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf(' ', limit);
    if (cut < limit / 2) cut = limit;
    const open = rest.lastIndexOf('<', cut);
    if (open > rest.lastIndexOf('>', cut)) cut = open; // do not split a tag
    const amp = rest.lastIndexOf('&', cut);
    if (amp > rest.lastIndexOf(';', cut) && cut - amp < 10) cut = amp; // nor an entity
    if (cut <= 0) cut = limit;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^ /, '');
  }
  if (rest) pieces.push(rest);
  return pieces;
}
