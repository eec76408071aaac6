/**
 * The catalogue and the template files stay in step: every template has an entry and every entry
 * a file, and no template reads a field its entry does not declare (rendered with data built
 * from the schema, with the golden samples, on every format). The compile-time half is
 * test/types/reply-catalogue.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createIrcTextFormat } from '../../../src/adapters/irc/irc-text-format.js';
import { telegramTextFormat } from '../../../src/adapters/telegram/telegram-text-format.js';
import { createTemplateRenderer } from '../../../src/core/render-reply.js';
import { replyCatalogue, type TemplateName } from '../../../src/core/reply-catalogue.js';
import { templateHelpers } from '../../../src/core/template-helpers.js';
import { plainTextFormat, type TextFormat } from '../../../src/core/text-format.js';
import { replySamples, templateFileNames, useSampleClock } from './support/reply-samples.js';
import { sampleOf, watchedScope } from './support/watch-template-reads.js';

const formats: TextFormat[] = [plainTextFormat, createIrcTextFormat({ colors: true }), telegramTextFormat];
const renderers = formats.map((format) => ({ format, render: createTemplateRenderer(format) }));
const names = Object.keys(replyCatalogue).sort() as TemplateName[];

/** What a template reads beyond its schema, over every sample and format; and what it printed. */
function renderWatched(render: (template: string, it: object) => string[], format: TextFormat, template: string, schema: z.ZodObject, data: object) {
  const stray = new Set<string>();
  const lines = render(template, watchedScope(schema, data, { fmt: format, h: templateHelpers }, stray));
  return { stray: [...stray], lines };
}

describe('the reply catalogue', () => {
  useSampleClock();

  it('has an entry for every template file, and a file for every entry', () => {
    expect(names).toEqual(templateFileNames());
  });

  it.each(names)('%s reads only fields its schema declares, and prints no missing value', (template) => {
    const schema: z.ZodObject = replyCatalogue[template];
    const samples = [sampleOf(schema, 'full'), sampleOf(schema, 'empty'), ...(replySamples[template] ?? [])];
    for (const data of samples) {
      const parsed = schema.parse(data);
      for (const { format, render } of renderers) {
        const { stray, lines } = renderWatched(render, format, template, schema, parsed);
        expect(stray, `${template} on ${format.name} with ${JSON.stringify(data)}`).toEqual([]);
        expect(lines.join('\n')).not.toMatch(/undefined|\[object Object\]|NaN/);
      }
    }
  });

  it('catches a template that reads a field under another name than its schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
    writeFileSync(join(dir, 'renamed.eta'), 'Build <%= it.number %> of <%= it.builderName %> in <% for (const b of it.builds) { %><%= b.url %><% } %>\n');
    const schema = z.object({ number: z.number(), builder: z.string(), builds: z.array(z.object({ link: z.string() })) });
    const render = createTemplateRenderer(plainTextFormat, dir);
    const { stray } = renderWatched(render, plainTextFormat, 'renamed', schema, schema.parse(sampleOf(schema, 'full')));
    expect(stray.sort()).toEqual(['it.builderName', 'it.builds[].url']);
  });
});
