/**
 * Matrix messages carry two bodies: `formatted_body` in the HTML subset of the client-server
 * spec (format `org.matrix.custom.html`: b, a, font with data-mx-color, br...) and `body`, the
 * plain text that clients without HTML, notifications and bridges show. Both are rendered from
 * the same reply; every untrusted string is HTML-escaped in one and stripped of control
 * characters in the other.
 */
import { RESULT_HEX_COLOURS } from '../../buildbot/results.js';
import { createReplyRenderer, type ReplyRenderer } from '../../core/render-reply.js';
import type { Reply } from '../../core/reply.js';
import { plainTextFormat, type TextFormat } from '../../core/text-format.js';
import { escapeHtml } from '../telegram/telegram-text-format.js';

export const matrixHtmlFormat: TextFormat = {
  name: 'matrix-html',
  escape: escapeHtml,
  bold: (text) => `<b>${escapeHtml(text)}</b>`,
  result: (result, words) => {
    const colour = result === null ? undefined : RESULT_HEX_COLOURS[result];
    // Element reads data-mx-color; older clients read the HTML 4 color attribute.
    return colour === undefined ? escapeHtml(words) : `<font color="${colour}" data-mx-color="${colour}">${escapeHtml(words)}</font>`;
  },
  // Only web links: a javascript: or mxc: URL from the master is shown as its label.
  link: (url, label) => (/^https?:\/\//.test(url) ? `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>` : escapeHtml(label)),
};

/** The content of an m.notice (or m.text) event. */
export interface MatrixMessageContent {
  msgtype: 'm.notice' | 'm.text';
  body: string;
  format: 'org.matrix.custom.html';
  formatted_body: string;
  /** No one is mentioned: a bot's answer must not ping the room (MSC3952, intentional mentions). */
  'm.mentions': Record<string, never>;
}

export interface MatrixRenderer {
  render(reply: Reply): MatrixMessageContent;
}

export function createMatrixRenderer(templatesDir?: string): MatrixRenderer {
  const html: ReplyRenderer = createReplyRenderer(matrixHtmlFormat, templatesDir);
  const plain: ReplyRenderer = createReplyRenderer(plainTextFormat, templatesDir);
  return {
    render(reply) {
      return {
        msgtype: 'm.notice',
        body: plain.render(reply).join('\n'),
        format: 'org.matrix.custom.html',
        formatted_body: html.render(reply).join('<br>'),
        'm.mentions': {},
      };
    },
  };
}
