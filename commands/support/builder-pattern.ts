/**
 * The optional REGEX of `running` and `pending`: builders whose name it matches (case-insensitive,
 * anywhere in the name, as grep would), within the `tags` option of their master.
 */
import { UsageError, type CommandContext, type MasterView } from '../../src/core/command.js';
import { builderHasTags } from '../../src/buildbot/builder-overview.js';
import type { Builder } from '../../src/buildbot/schemas.js';
import { qualifiedName, tagsOn } from './masters.js';

/** Longer patterns buy nothing on builder names and cost time to compile and run. */
const MAX_PATTERN = 200;

export interface BuilderPattern {
  /** As typed, for replies; null: every builder. */
  source: string | null;
  matches(builder: Builder, tags: string[] | null): boolean;
}

export function parseBuilderPattern(args: string[]): BuilderPattern {
  if (args.length > 1) throw new UsageError('Give one regular expression (quote it if it has spaces).');
  const [source] = args;
  if (source === undefined) return { source: null, matches: (builder, tags) => builderHasTags(builder, tags) };
  if (source.length > MAX_PATTERN) throw new UsageError(`The pattern is longer than ${MAX_PATTERN} characters.`);
  let regex: RegExp;
  try {
    regex = new RegExp(source, 'iu');
  } catch {
    throw new UsageError(`'${source}' is not a regular expression I can read.`);
  }
  return { source, matches: (builder, tags) => builderHasTags(builder, tags) && regex.test(builder.name) };
}

/** builderid -> the name replies show, for the master's builders the pattern matches. */
export function matchingNames(ctx: CommandContext, master: MasterView, builders: Builder[], pattern: BuilderPattern): Map<number, string> {
  const tags = tagsOn(ctx, master);
  return new Map(builders.filter((b) => pattern.matches(b, tags)).map((b) => [b.builderid, qualifiedName(ctx, master, b.name)]));
}
