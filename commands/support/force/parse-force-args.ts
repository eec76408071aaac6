/**
 * `force build [--codebase=C] [--branch=B] [--revision=R] [--props=k=v,...] BUILDER [REASON...]`
 * Options take `--name=value` or `--name value`, anywhere before the reason; `--props` may be
 * repeated (Buildbot keeps only the last one). `--` ends the options.
 */
import { UsageError } from '../../../src/core/command.js';

export interface ForceArgs {
  builder: string;
  reason: string;
  codebase: string;
  branch?: string;
  revision?: string;
  props: Record<string, string>;
}

const OPTIONS = ['codebase', 'branch', 'revision', 'props', 'reason', 'builder'] as const;
type OptionName = (typeof OPTIONS)[number];

export function parseProps(text: string, into: Record<string, string>): void {
  for (const item of text.split(',')) {
    if (!item.trim()) continue;
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--props takes name=value pairs separated by commas, not '${item}'.`);
    into[item.slice(0, eq).trim()] = item.slice(eq + 1);
  }
}

export function parseForceArgs(args: string[]): ForceArgs {
  const [verb, ...rest] = args;
  if (verb !== 'build') throw new UsageError(verb === undefined ? '' : `Say 'force build ...', not 'force ${verb}'.`);
  const options: Partial<Record<Exclude<OptionName, 'props'>, string>> = {};
  const props: Record<string, string> = {};
  const positional: string[] = [];
  let optionsEnded = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (optionsEnded || !arg.startsWith('--') || positional.length > 1) {
      positional.push(arg);
      continue;
    }
    if (arg === '--') {
      optionsEnded = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq < 0 ? arg.slice(2) : arg.slice(2, eq)) as OptionName;
    if (!OPTIONS.includes(name)) throw new UsageError(`Unknown option '--${name}'.`);
    let value = eq < 0 ? rest[++i] : arg.slice(eq + 1);
    if (value === undefined) throw new UsageError(`--${name} needs a value.`);
    if (name === 'props') parseProps(value, props);
    else {
      if (options[name] !== undefined) throw new UsageError(`--${name} given twice.`);
      options[name] = value;
    }
  }
  // with --builder, every positional word is reason
  const builder = options.builder ?? positional.shift();
  if (builder === undefined || builder === '') throw new UsageError('Which builder?');
  const reasonWords = options.reason !== undefined ? [options.reason, ...positional] : positional;
  return {
    builder,
    reason: reasonWords.join(' ').trim(),
    codebase: options.codebase ?? '',
    ...(options.branch !== undefined ? { branch: options.branch } : {}),
    ...(options.revision !== undefined ? { revision: options.revision } : {}),
    props,
  };
}
