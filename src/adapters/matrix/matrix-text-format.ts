/**
 * Matrix messages carry two bodies: `formatted_body` in the HTML subset of the client-server
 * spec (format `org.matrix.custom.html`: b, a, font with data-mx-color, br...) and `body`, the
 * plain text that clients without HTML, notifications and bridges show. Both are rendered from
 * the same reply; every untrusted string is HTML-escaped in one and stripped of control
 * characters in the other.
 */
import { RESULT_HEX_COLOURS } from '../../buildbot/results.js';
import { createReplyRenderer, type ReplyRenderer } from '../../core/render-reply.js';
import { isTemplateReply, type Reply } from '../../core/reply.js';
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
  // A pill: clients show a matrix.to link to a user id as that user (spec, "User and room
  // mentions"); the event's m.mentions (below) is what notifies them.
  mention: ({ name, handles }) => {
    const userId = handles.matrix;
    return userId !== undefined ? `<a href="https://matrix.to/#/${escapeHtml(userId)}">${escapeHtml(name)}</a>` : escapeHtml(name);
  },
};

/** The Matrix users a reply mentions (a build notification's people with a Matrix id). */
export function mentionedUsers(reply: Reply): string[] {
  if (!isTemplateReply(reply) || (reply.template !== 'build-started' && reply.template !== 'build-finished')) return [];
  // user ids come from the people: config (checked there) or from the homeserver
  const users = (reply.data.mentions ?? []).flatMap((mention) => (mention.handles.matrix === undefined ? [] : [mention.handles.matrix]));
  return [...new Set(users)];
}

/** The content of an m.notice (or m.text) event. */
export interface MatrixMessageContent {
  msgtype: 'm.notice' | 'm.text';
  body: string;
  format: 'org.matrix.custom.html';
  formatted_body: string;
  /**
   * Intentional mentions (spec, m.mentions): only the people a notification mentions are
   * notified; an answer names nobody, so it never pings the room.
   */
  'm.mentions': { user_ids?: string[] };
  /** A build's finished notice goes into the thread of its started notice (spec, "Threading"). */
  'm.relates_to'?: { rel_type: 'm.thread'; event_id: string; is_falling_back: true; 'm.in_reply_to': { event_id: string } };
}

export interface MatrixRenderer {
  render(reply: Reply): MatrixMessageContent;
}

export function createMatrixRenderer(templatesDir?: string): MatrixRenderer {
  const html: ReplyRenderer = createReplyRenderer(matrixHtmlFormat, templatesDir);
  const plain: ReplyRenderer = createReplyRenderer(plainTextFormat, templatesDir);
  return {
    render(reply) {
      const mentioned = mentionedUsers(reply);
      return {
        msgtype: 'm.notice',
        body: plain.render(reply).join('\n'),
        format: 'org.matrix.custom.html',
        formatted_body: html.render(reply).join('<br>'),
        'm.mentions': mentioned.length > 0 ? { user_ids: mentioned } : {},
      };
    },
  };
}
