/**
 * Turns a Reply into the lines an adapter sends, with eta templates from data/templates/.
 * One renderer per text format: `<%= x %>` escapes with the platform's escape function,
 * `<%~ it.fmt.bold(x) %>` formats (and escapes) explicitly.
 */
import { join } from 'node:path';
import { Eta } from 'eta';
import { packageRoot } from './package-root.js';
import { isTemplateReply, type Reply } from './reply.js';
import { templateHelpers } from './template-helpers.js';
import { placeTrailingUrls, type TextFormat } from './text-format.js';

export interface ReplyRenderer {
  readonly format: TextFormat;
  /** The reply as lines of text (blank lines kept; adapters decide what to do with them). */
  render(reply: Reply): string[];
}

export function defaultTemplatesDir(): string {
  return join(packageRoot(), 'data', 'templates');
}

export function createReplyRenderer(format: TextFormat, templatesDir = defaultTemplatesDir()): ReplyRenderer {
  const renderTemplate = createTemplateRenderer(format, templatesDir);
  return {
    format,
    render(reply) {
      if (!isTemplateReply(reply)) return reply.text.split('\n').map((line) => format.escape(line));
      return renderTemplate(reply.template, { ...reply.data, fmt: format, h: templateHelpers });
    },
  };
}

/**
 * One template rendered with its whole scope `it` (the reply's data, `fmt` and `h`) into lines.
 * Apart from the renderer, only the catalogue test calls it, to watch what a template reads.
 */
export function createTemplateRenderer(format: TextFormat, templatesDir = defaultTemplatesDir()): (template: string, it: object) => string[] {
  const eta = new Eta({
    views: templatesDir,
    autoEscape: true,
    escapeFunction: (value: unknown) => format.escape(String(value)),
    // No automatic trimming: a newline in a template is a line break of the reply unless a tag
    // next to it trims it (`-%>` the newline after the tag, `<%-` the one before), so a template
    // spreads one line of reply over several lines of file and says where the breaks are.
    autoTrim: false,
    cache: true,
  });
  return (template, it) => {
    const text = eta.render(template, it);
    return text.replace(/\n+$/, '').split('\n').map((line) => placeTrailingUrls(line).trimEnd());
  };
}
