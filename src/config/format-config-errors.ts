/**
 * Configuration problems as the user reads them: one line each, the option's path and a hint
 * (`irc.chanels: unknown key (did you mean "channels"?)`). Messages describe what was expected,
 * never the value found, so a password in the wrong place is not printed; values under secret
 * keys are also masked in case one ever slips into a message.
 */
import type { z } from 'zod';
import { closestName } from './closest-name.js';
import { objectKeysAt } from './schema-keys.js';

export type ConfigPath = readonly (string | number)[];

export interface ConfigProblem {
  path: ConfigPath;
  message: string;
}

/** Keys whose values are secrets, wherever they appear. */
const SECRET_KEYS = new Set(['password', 'token', 'secretToken', 'accessToken']);

/** Buildbot's option names (reporters/irc.py, telegram.py) and ours, for people porting a master.cfg. */
const BUILDBOT_NAMES: Readonly<Record<string, string>> = {
  useSSL: 'tls',
  useSASL: 'sasl',
  bot_token: 'token',
  bot_username: 'username',
  useWebhook: 'mode',
  allowForce: 'authz',
  allowShutdown: 'authz',
};

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
  tuple: 'a list',
  record: 'a mapping (key: value lines)',
};

/** `irc.channels[0].channel`, `console.authz["force, stop"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      text += `[${segment}]`;
      continue;
    }
    const name = String(segment);
    if (/^[A-Za-z_][\w-]*$/.test(name)) text += text === '' ? name : `.${name}`;
    else text += `[${JSON.stringify(name)}]`;
  }
  return text;
}

export function missingOr(expected: string, input: unknown): string {
  return input === undefined ? `missing (expected ${expected})` : `expected ${expected}`;
}

function bounded(issue: { origin: string; inclusive?: boolean }, bound: number | bigint, side: 'least' | 'most'): string {
  if (issue.origin === 'string') return bound === 1 && side === 'least' ? 'must not be empty' : `expected at ${side} ${bound} characters`;
  if (issue.origin === 'array' || issue.origin === 'set') return `expected at ${side} ${bound} item${bound === 1 ? '' : 's'}`;
  const comparison = side === 'least' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  return `expected a number ${comparison} ${bound}`;
}

/**
 * Messages for the issues a field's own schema leaves without a hint. Used as the parse-time
 * error map: a hint written in the schema wins over these.
 */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return missingOr(TYPE_WORDS[issue.expected] ?? issue.expected, issue.input);
    case 'too_small':
      return bounded(issue, issue.minimum, 'least');
    case 'too_big':
      return bounded(issue, issue.maximum, 'most');
    case 'invalid_value': {
      const names = issue.values.map((value) => String(value));
      const guess = typeof issue.input === 'string' ? closestName(issue.input, names) : undefined;
      return `expected one of ${names.join(', ')}${guess === undefined ? '' : ` (did you mean "${guess}"?)`}`;
    }
    case 'invalid_format':
      return `expected ${issue.format}`;
    default:
      return undefined;
  }
};

function unknownKey(key: string, known: readonly string[]): string {
  const ported = BUILDBOT_NAMES[key];
  const guess = ported !== undefined && known.includes(ported) ? ported : closestName(key, known);
  if (guess !== undefined) return `unknown key (did you mean "${guess}"?)`;
  return known.length > 0 ? `unknown key; expected one of ${known.join(', ')}` : 'unknown key';
}

/**
 * The path as the file spells it. Where the file has one value and the schema reads it as a
 * list (one `irc:` section, one master `url`, even a missing one), the schema's index 0 is
 * dropped: `irc.nick`, not `irc[0].nick`.
 */
function pathInDocument(path: ConfigPath, document: unknown): ConfigPath {
  const written: (string | number)[] = [];
  let value = document;
  for (const segment of path) {
    if (typeof segment === 'number' && !Array.isArray(value)) continue;
    written.push(segment);
    value = typeof value === 'object' && value !== null ? (value as Record<string | number, unknown>)[segment] : undefined;
  }
  return written;
}

/**
 * One problem per issue, by the path the file spells (`document`: the parsed file); an
 * unknown key gets a suggestion from the keys the schema has at that place.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], schema: z.ZodType, document: unknown): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] => {
    const schemaPath = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
    const path = pathInDocument(schemaPath, document);
    if (issue.code === 'unrecognized_keys') {
      const known = objectKeysAt(schema, schemaPath) ?? [];
      return issue.keys.map((key) => ({ path: [...path, key], message: unknownKey(key, known) }));
    }
    if (issue.code === 'invalid_key') return [{ path, message: issue.issues[0]?.message ?? issue.message }];
    return [{ path, message: issue.message }];
  });
}

/** The values under secret keys anywhere in the (substituted) document or the parsed config. */
export function collectSecrets(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(collectSecrets);
  // The parsed config keeps the platforms' sections in a Map.
  if (value instanceof Map) return [...value.values()].flatMap(collectSecrets);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    SECRET_KEYS.has(key) && typeof inner === 'string' ? [inner] : collectSecrets(inner),
  );
}

/**
 * Lines for the user. Secrets shorter than four characters are not masked: replacing every
 * "ab" in the text would garble it and hides nothing worth hiding.
 */
export function formatProblems(problems: readonly ConfigProblem[], secrets: readonly string[] = []): string[] {
  const masked = secrets.filter((secret) => secret.length >= 4);
  return problems.map((problem) => {
    const line = `${formatPath(problem.path) || '(top level)'}: ${problem.message}`;
    return masked.reduce((text, secret) => text.split(secret).join('***'), line);
  });
}
