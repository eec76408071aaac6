/**
 * Every template rendered with every sample on the plain, IRC and Telegram formats, compared
 * byte for byte with the saved output (golden/reply-templates.json): rewriting a template for
 * readability must not change a single character a user sees. Run with -u only when the
 * change of output is meant.
 */
import { describe, expect, it } from 'vitest';
import { createIrcTextFormat } from '../../../src/adapters/irc/irc-text-format.js';
import { telegramTextFormat } from '../../../src/adapters/telegram/telegram-text-format.js';
import { createReplyRenderer } from '../../../src/core/render-reply.js';
import { plainTextFormat } from '../../../src/core/text-format.js';
import { replySamples, sampleReplies, templateFileNames, useSampleClock } from './support/reply-samples.js';

const renderers = {
  plain: createReplyRenderer(plainTextFormat),
  irc: createReplyRenderer(createIrcTextFormat({ colors: true })),
  telegram: createReplyRenderer(telegramTextFormat),
};

describe('reply templates, byte for byte', () => {
  useSampleClock();

  it('has samples of templates that exist only', () => {
    const files = templateFileNames();
    expect(Object.keys(replySamples).filter((name) => !files.includes(name))).toEqual([]);
  });

  it('renders every sample as saved, on every format', async () => {
    const outputs: Record<string, Record<string, string[]>> = {};
    for (const { name, reply } of sampleReplies()) {
      outputs[name] = Object.fromEntries(Object.entries(renderers).map(([format, renderer]) => [format, renderer.render(reply)]));
    }
    await expect(JSON.stringify(outputs, null, 2) + '\n').toMatchFileSnapshot('./golden/reply-templates.json');
  });
});
