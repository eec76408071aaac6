/**
 * Telegram HTML (parse_mode "HTML"): every untrusted string is escaped, so a `_`, `*` or `<`
 * in a builder name or change comment cannot break the message (Buildbot's bot sends legacy
 * Markdown unescaped and loses such messages with "400 can't parse entities").
 */
import type { TextFormat } from '../../core/text-format.js';
import { stripControl } from '../../core/text-format.js';

export function escapeHtml(text: string): string {
  return stripControl(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const RESULT_MARKS: Record<number, string> = { 0: ' ✅', 1: ' ⚠️', 2: ' ❌', 3: ' ⏭', 4: ' ‼️', 5: ' 🔄', 6: ' 🚫' };

export const telegramTextFormat: TextFormat = {
  name: 'telegram-html',
  escape: escapeHtml,
  bold: (text) => `<b>${escapeHtml(text)}</b>`,
  result: (result, words) => `${escapeHtml(words)}${result === null ? '' : (RESULT_MARKS[result] ?? '')}`,
  link: (url, label) => (/^https?:\/\//.test(url) ? `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>` : escapeHtml(label)),
  mention: ({ name, handles }) => {
    const handle = handles.telegram;
    // core.telegram.org/bots/api#formatting-options: tg://user?id= mentions a user by id
    // (notifies them when they are in the chat); an @username mentions by itself.
    if (handle && /^\d+$/.test(handle)) return `<a href="tg://user?id=${handle}">${escapeHtml(name)}</a>`;
    return escapeHtml(handle ?? name);
  },
};
