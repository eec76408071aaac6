/**
 * How a platform writes formatted text. Templates call these through `it.fmt`; values printed
 * with `<%= %>` go through `escape`. Each function takes raw, untrusted text and escapes it
 * itself, so a template can never forget to.
 */
export interface TextFormat {
  readonly name: string;
  /** Make untrusted text safe to send (IRC: no control codes; HTML: entities). */
  escape(text: string): string;
  bold(text: string): string;
  /** A result word, coloured where the platform can (result: Buildbot code, null = running). */
  result(result: number | null, words: string): string;
  /**
   * A link. Platforms without links print the label in place and the URL at the end of the
   * line (see `urlMarker`), so a line reads "Build #3 of fast-pass failed. http://..."
   */
  link(url: string, label: string): string;
  /**
   * A person named in a notification, the platform's way (an IRC nick, a Telegram user link);
   * `handles[platform]` is how that platform knows them. Without it, or without a handle, the
   * name is written as text (see `mentionText`).
   */
  mention?(mention: MentionView): string;
}

export interface MentionView {
  name: string;
  handles: Record<string, string>;
}

/** A mention in `format`, or the name as text where the platform has no way to mention. */
export function mentionText(format: TextFormat, mention: MentionView): string {
  return format.mention ? format.mention(mention) : format.escape(mention.name);
}

/**
 * Platforms without inline links wrap a URL in these private-use characters; the renderer
 * moves it to the end of its line. `escape` functions strip them from untrusted text.
 */
export const URL_START = '\uE000';
export const URL_END = '\uE001';

export function trailingLink(url: string, label: string, escape: (text: string) => string): string {
  if (label === url) return escape(url);
  return `${escape(label)}${URL_START}${escape(url)}${URL_END}`;
}

/** Move every marked URL of a line to its end, after two spaces; drops the markers. */
export function placeTrailingUrls(line: string): string {
  const urls: string[] = [];
  const text = line.replace(/\uE000([^\uE001]*)\uE001/g, (_m, url: string) => {
    if (!urls.includes(url)) urls.push(url);
    return '';
  });
  return urls.length === 0 ? text : `${text.trimEnd()}  ${urls.join('  ')}`;
}

/**
 * Characters that reorder or hide the text after them (unicode.org/reports/tr9): embeddings
 * and overrides U+202A..U+202E, isolates U+2066..U+2069, the Arabic letter mark U+061C,
 * zero-width space, joiners and direction marks U+200B..U+200F, and the byte order mark U+FEFF.
 * In a builder name or a reason, U+202E would print the rest of our line backwards.
 */
const REORDERING = /[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Untrusted plain text made safe to put in a line of ours: control characters (C0, DEL, C1),
 * the URL markers and the reordering characters removed; line breaks, U+2028 and U+2029 (which
 * some clients show as line breaks) and tabs become spaces.
 */
export function stripControl(text: string): string {
  return (
    text
      .replace(/[\r\n\u2028\u2029]+/g, ' ')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\uE000\uE001]/g, '')
      .replace(REORDERING, '')
      .replace(/\t/g, ' ')
  );
}

/** Plain text: the console and logs. */
export const plainTextFormat: TextFormat = {
  name: 'plain',
  escape: stripControl,
  bold: (text) => stripControl(text),
  result: (_result, words) => stripControl(words),
  link: (url, label) => trailingLink(url, label, stripControl),
};
