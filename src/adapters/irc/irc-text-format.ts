/**
 * IRC formatting for templates: mIRC control codes, and no links (IRC has none, so a link is
 * its label in place and the URL moved to the end of the line, where clients make it
 * clickable; see trailingLink and placeTrailingUrls in core/text-format.ts).
 */
import { trailingLink, type TextFormat } from '../../core/text-format.js';
import { CANCELLED, EXCEPTION, FAILURE, RETRY, SKIPPED, SUCCESS, WARNINGS } from '../../buildbot/results.js';
import { sanitizeIrcText } from './sanitize-irc-text.js';

export const IRC_BOLD = '\x02';
export const IRC_COLOUR = '\x03';
export const IRC_RESET = '\x0f';

/**
 * mIRC colour numbers per Buildbot result. Buildbot's bot uses 8 (yellow) for warnings, 11 for
 * retry and 13 for cancelled; yellow and light aqua are unreadable on white backgrounds, so
 * warnings are orange (07), retry teal (10) and cancelled grey (14).
 */
const RESULT_COLOURS: Readonly<Record<number, string>> = {
  [SUCCESS]: '03', // green
  [WARNINGS]: '07', // orange
  [FAILURE]: '04', // red
  [SKIPPED]: '12', // blue
  [EXCEPTION]: '06', // purple
  [RETRY]: '10', // teal
  [CANCELLED]: '14', // grey
};

export interface IrcTextFormatOptions {
  /** Colour result words (Buildbot's useColors, default on there). */
  colors: boolean;
  /**
   * Bold text with \x02. Defaults to `colors`: channels with mode +c (no colours) on most
   * networks block or strip every formatting code, not only colours, so "no colours" means
   * plain text unless bold is asked for explicitly.
   */
  bold?: boolean;
}

export function createIrcTextFormat(options: IrcTextFormatOptions): TextFormat {
  const useBold = options.bold ?? options.colors;
  return {
    name: options.colors ? 'irc' : 'irc-plain',
    escape: sanitizeIrcText,
    bold(text) {
      const clean = sanitizeIrcText(text);
      return useBold && clean ? `${IRC_BOLD}${clean}${IRC_BOLD}` : clean;
    },
    result(result, words) {
      const clean = sanitizeIrcText(words);
      const colour = result === null ? undefined : RESULT_COLOURS[result];
      if (!options.colors || colour === undefined || !clean) return clean;
      // Two digits always, so a result word starting with a digit is not read as colour; \x0f
      // (not a bare \x03) ends it, since a bare \x03 followed by a digit would start a colour.
      return `${IRC_COLOUR}${colour}${clean}${IRC_RESET}`;
    },
    link: (url, label) => trailingLink(url, label, sanitizeIrcText),
    // the nick itself: IRC clients highlight a line that contains their user's nick
    mention: ({ name, handles }) => sanitizeIrcText(handles.irc ?? name),
  };
}
