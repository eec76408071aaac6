/**
 * Turns a Reply into the lines an adapter sends, with eta templates from data/templates/.
 * One renderer per text format: `<%= x %>` escapes with the platform's escape function,
 * `<%~ it.fmt.bold(x) %>` formats (and escapes) explicitly.
 */
import { Eta } from 'eta';
import { isTemplateReply, REPEATED_NOTE, type Reply } from './reply.js';
import { templateHelpers } from './template-helpers.js';
import { builtInTemplatesDir, templateFile } from './template-files.js';
import { placeTrailingUrls, type TextFormat } from './text-format.js';

export interface ReplyRenderer {
  readonly format: TextFormat;
  /** The reply as lines of text (blank lines kept; adapters decide what to do with them). */
  render(reply: Reply): string[];
}

/**
 * `templatesDir`: render from that folder only (tests). Without it, each template is the file
 * template-files.ts names: built in, or replaced through the `templates` option.
 */
export function createReplyRenderer(format: TextFormat, templatesDir?: string): ReplyRenderer {
  const renderTemplate = createTemplateRenderer(format, templatesDir);
  return {
    format,
    render(reply) {
      if (!isTemplateReply(reply)) return noteRepeat(reply.text.split('\n').map((line) => format.escape(line)), reply.repeated);
      return renderTemplate(reply.template, { ...reply.data, fmt: format, h: templateHelpers }, reply.repeated);
    },
  };
}

/**
 * One template rendered with its whole scope `it` (the reply's data, `fmt` and `h`) into lines.
 * Apart from the renderer, only the catalogue test calls it, to watch what a template reads.
 */
export function createTemplateRenderer(format: TextFormat, templatesDir?: string): (template: string, it: object, repeated?: boolean) => string[] {
  const eta = new Eta({
    views: templatesDir ?? builtInTemplatesDir(),
    autoEscape: true,
    escapeFunction: (value: unknown) => format.escape(String(value)),
    // No automatic trimming: a newline in a template is a line break of the reply unless a tag
    // next to it trims it (`-%>` the newline after the tag, `<%-` the one before), so a template
    // spreads one line of reply over several lines of file and says where the breaks are.
    autoTrim: false,
    cache: true,
  });
  if (templatesDir === undefined) eta.resolvePath = (template) => templateFile(template);
  return (template, it, repeated) => {
    const text = eta.render(template, it);
    // before the URLs are placed: the note belongs to the text, the link stays last
    const lines = noteRepeat(text.replace(/\n+$/, '').split('\n'), repeated);
    return lines.map((line) => placeTrailingUrls(line).trimEnd());
  };
}

function noteRepeat(lines: string[], repeated: boolean | undefined): string[] {
  if (!repeated) return lines;
  const last = lines.pop() ?? '';
  return [...lines, `${last.trimEnd()} ${REPEATED_NOTE}`];
}
