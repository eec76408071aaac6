/**
 * Turns a Reply into the lines an adapter sends, with eta templates from data/templates/.
 * One renderer per text format: `<%= x %>` escapes with the platform's escape function,
 * `<%~ it.fmt.bold(x) %>` formats (and escapes) explicitly.
 */
import { join } from 'node:path';
import { Eta } from 'eta';
import { formatAgo, formatDuration } from './format-time.js';
import { packageRoot } from './package-root.js';
import { isTemplateReply, REPEATED_NOTE, type Reply } from './reply.js';
import { placeTrailingUrls, type TextFormat } from './text-format.js';
import { resultName, resultPhrase } from '../buildbot/results.js';

export interface ReplyRenderer {
  readonly format: TextFormat;
  /** The reply as lines of text (blank lines kept; adapters decide what to do with them). */
  render(reply: Reply): string[];
}

/** Functions templates may call as `it.h.*`. */
export const templateHelpers = {
  ago: (when: number | null | undefined) => formatAgo(when),
  duration: formatDuration,
  resultName,
  resultPhrase,
  shortRevision: (revision: string | null | undefined) => (revision ? revision.slice(0, 12) : ''),
  plural: (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`,
};

export function defaultTemplatesDir(): string {
  return join(packageRoot(), 'data', 'templates');
}

export function createReplyRenderer(format: TextFormat, templatesDir = defaultTemplatesDir()): ReplyRenderer {
  const eta = new Eta({
    views: templatesDir,
    autoEscape: true,
    escapeFunction: (value: unknown) => format.escape(String(value)),
    // Templates keep their line breaks: a newline after a tag is a line of the reply (help,
    // status); a tag that must not leave a blank line ends in -%> .
    autoTrim: false,
    cache: true,
  });
  return {
    format,
    render(reply) {
      if (!isTemplateReply(reply)) return noteRepeat(reply.text.split('\n').map((line) => format.escape(line)), reply.repeated);
      const text = eta.render(reply.template, { ...reply.data, fmt: format, h: templateHelpers });
      // before the URLs are placed: the note belongs to the text, the link stays last
      const lines = noteRepeat(text.replace(/\n+$/, '').split('\n'), reply.repeated);
      return lines.map((line) => placeTrailingUrls(line).trimEnd());
    },
  };
}

function noteRepeat(lines: string[], repeated: boolean | undefined): string[] {
  if (!repeated) return lines;
  const last = lines.pop() ?? '';
  return [...lines, `${last.trimEnd()} ${REPEATED_NOTE}`];
}
