/**
 * Every template rendered with every sample on the plain, IRC and Telegram formats, compared
 * byte for byte with the saved output (golden/reply-templates.json): rewriting a template for
 * readability must not change a single character a user sees. Run with -u only when the
 * change of output is meant.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createIrcTextFormat } from '../../../src/adapters/irc/irc-text-format.js';
import { telegramTextFormat } from '../../../src/adapters/telegram/telegram-text-format.js';
import { createReplyRenderer, defaultTemplatesDir } from '../../../src/core/render-reply.js';
import { plainTextFormat } from '../../../src/core/text-format.js';
import { replySamples, sampleReplies, SAMPLE_NOW } from './support/reply-samples.js';

const renderers = {
  plain: createReplyRenderer(plainTextFormat),
  irc: createReplyRenderer(createIrcTextFormat({ colors: true })),
  telegram: createReplyRenderer(telegramTextFormat),
};

describe('reply templates, byte for byte', () => {
  beforeAll(() => {
    vi.useFakeTimers({ now: SAMPLE_NOW * 1000, toFake: ['Date'] });
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  it('has samples of templates that exist only', () => {
    const files = readdirSync(defaultTemplatesDir()).map((f) => f.replace(/\.eta$/, ''));
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
