/**
 * Split a command's arguments the way Buildbot's bots do (POSIX shlex): words separated by
 * white space, 'single' and "double" quotes group words, backslash escapes outside single
 * quotes. Written here rather than taken from shell-quote and friends because those expand
 * $VARS and parse |, > and globs, which a chat line must not do.
 */
export class UnclosedQuoteError extends Error {
  constructor() {
    super('No closing quotation');
    this.name = 'UnclosedQuoteError';
  }
}

export function splitArguments(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) word += text[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new UnclosedQuoteError();
  if (inWord) words.push(word);
  return words;
}
