/**
 * Untrusted text (builder names, change comments, user names, a Buildbot reason) must not carry
 * IRC line breaks or formatting into our lines: a CR or LF would end the line and let the rest
 * run as a command ("x\r\nQUIT :bye"), a NUL truncates the line on many servers, \x01 starts a
 * CTCP, and a stray colour code would recolour the rest of our own line.
 */
import { stripControl } from '../../core/text-format.js';

/**
 * mIRC formatting codes with their arguments, so "\x0312,4text" leaves "text" and not
 * "12,4text": \x03 colour (one or two digits, optional comma and background; clients read at
 * most two digits), \x04 hex colour (RRGGBB, optional ,RRGGBB), and the one-byte codes \x02 bold,
 * \x0f reset, \x11 monospace, \x16 reverse, \x1d italic, \x1e strikethrough, \x1f underline.
 */
export const IRC_FORMAT_CODE =
  // eslint-disable-next-line no-control-regex
  /\x03(?:\d{1,2}(?:,\d{1,2})?)?|\x04(?:[0-9a-fA-F]{6}(?:,[0-9a-fA-F]{6})?)?|[\x02\x0f\x11\x16\x1d\x1e\x1f]/g;

/**
 * Plain, one-line text: formatting codes removed (colours with their digits), CR/LF runs
 * become one space, tab becomes a space, every other C0/C1 control and DEL is removed.
 */
export function sanitizeIrcText(text: string): string {
  return stripControl(text.replace(IRC_FORMAT_CODE, ''));
}
