/**
 * Aliases: a name for a command line with $1, $2... parameters (`deploy: force build
 * --branch=release $1`), from the config (`aliases:`) or added in chat (`alias add`, kept in
 * SQLite). An alias expands into a command line that then runs like a typed one, authz
 * included, so an alias is exactly as dangerous as what it expands to. An expansion always
 * starts with a command, never another alias: no chains, no loops.
 */
import { quoteArgument } from './form.js';
import type { CommandRegistry } from './registry.js';

export interface Alias {
  name: string;
  line: string;
  /** 'config' aliases cannot be removed in chat. */
  source: 'config' | 'chat';
}

/** Where chat aliases are kept (src/store/aliases.ts). */
export interface AliasStore {
  add(alias: { name: string; line: string; createdBy: string }): boolean;
  remove(name: string): boolean;
  list(): { name: string; line: string }[];
}

export class AliasError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AliasError';
  }
}

const NAME = /^[a-z][a-z0-9-]*$/i;
const PARAMETER = /\$(\d+)/g;

export class AliasBook {
  constructor(
    private readonly registry: CommandRegistry,
    private readonly configured: Readonly<Record<string, string>>,
    private readonly store: AliasStore | null,
  ) {}

  list(): Alias[] {
    const chat = (this.store?.list() ?? []).map((a) => ({ name: a.name, line: a.line, source: 'chat' as const }));
    const config = Object.entries(this.configured).map(([name, line]) => ({ name, line, source: 'config' as const }));
    return [...config, ...chat].sort((a, b) => a.name.localeCompare(b.name));
  }

  find(name: string): Alias | undefined {
    const lower = name.toLowerCase();
    return this.list().find((alias) => alias.name.toLowerCase() === lower);
  }

  /** Why NAME = LINE cannot be an alias (config or chat), or null when it can. */
  problem(name: string, line: string): string | null {
    if (!NAME.test(name)) return `'${name}' cannot be an alias name: use letters, digits and -, starting with a letter.`;
    if (this.registry.find(name)) return `'${name}' is a command: an alias cannot replace it.`;
    const first = line.trim().split(/\s+/)[0] ?? '';
    if (first === '') return 'The alias needs a command line.';
    if (!this.registry.find(first)) {
      return this.find(first) || first.toLowerCase() === name.toLowerCase()
        ? `'${first}' is an alias: an alias expands into a command, never into another alias.`
        : `'${first}' is not a command.`;
    }
    const numbers = [...line.matchAll(PARAMETER)].map((m) => Number(m[1]));
    if (numbers.some((n) => n < 1 || n > 9)) return 'Parameters go from $1 to $9.';
    return null;
  }

  add(name: string, line: string, createdBy: string): void {
    const problem = this.problem(name, line);
    if (problem) throw new AliasError(problem);
    if (!this.store) throw new AliasError('This bot keeps no aliases (it runs without a database).');
    if (this.find(name) || !this.store.add({ name, line: line.trim(), createdBy })) {
      throw new AliasError(`The alias '${name}' exists: del it first.`);
    }
  }

  remove(name: string): void {
    const alias = this.find(name);
    if (!alias) throw new AliasError(`There is no alias '${name}'.`);
    if (alias.source === 'config' || !this.store) throw new AliasError(`The alias '${alias.name}' comes from the configuration file: change it there.`);
    this.store.remove(alias.name);
  }
}

/** How many arguments an alias's line needs (its highest $N). */
export function parameterCount(line: string): number {
  return Math.max(0, ...[...line.matchAll(PARAMETER)].map((m) => Number(m[1])));
}

/**
 * The line with $N replaced by the Nth argument, quoted so it stays one word; arguments past the
 * highest $N are appended (`deploy fast-pass a reason`). null when arguments are missing.
 */
export function expandAlias(line: string, args: readonly string[]): string | null {
  const needed = parameterCount(line);
  if (args.length < needed) return null;
  const expanded = line.replace(PARAMETER, (_, n: string) => quoteArgument(args[Number(n) - 1] ?? ''));
  return [expanded, ...args.slice(needed).map(quoteArgument)].join(' ');
}

export type AliasResolution =
  | { kind: 'none' }
  | { kind: 'expanded'; alias: string; name: string; argText: string; text: string }
  | { kind: 'missing'; alias: Alias; needed: number };

/** A typed line whose first word names an alias (and no command): its expansion. */
export function resolveAlias(book: AliasBook | undefined, name: string, args: readonly string[]): AliasResolution {
  const alias = book?.find(name);
  if (!alias) return { kind: 'none' };
  const text = expandAlias(alias.line, args);
  if (text === null) return { kind: 'missing', alias, needed: parameterCount(alias.line) };
  const [, first = '', argText = ''] = /^(\S+)\s*([\s\S]*)$/.exec(text) ?? [];
  return { kind: 'expanded', alias: alias.name, name: first, argText, text };
}
