/**
 * An adapter's `authz` table, with Buildbot's semantics (evaluated in src/core/authz.ts): keys
 * are command names, "name, name" lists, '' (every safe command), '!' (every dangerous command)
 * or '*' (Buildbot's undocumented catch-all); values true, false or a list of user ids.
 * Buildbot's own docs show string values, which its config check then rejects
 * (docs/buildbot-bots.md, "Authorization order"): we reject them too, but say what to write instead.
 */
import { z } from 'zod';

const SPECIAL_KEYS = new Set(['', '!', '*']);
const COMMAND_NAME = /^[A-Za-z][\w-]*$/;

function commandNames(key: string): string[] {
  return key.split(',').map((name) => name.trim());
}

const keySchema = z.string().refine((key) => SPECIAL_KEYS.has(key) || commandNames(key).every((name) => COMMAND_NAME.test(name)), {
  error: 'expected a command name, names like "force, stop", "" (every safe command), "!" (every dangerous command) or "*"',
});

/** One user id: numbers are accepted and kept as text, the form authz compares. */
export function userIdSchema(pattern: RegExp, hint: string) {
  return z
    .union([z.string(), z.number()], { error: `expected ${hint}` })
    .transform((id) => String(id).trim())
    .pipe(z.string().regex(pattern, { error: `expected ${hint}` }));
}

function valueSchema(userId: ReturnType<typeof userIdSchema>) {
  return z.union([z.boolean(), z.array(userId)], {
    error: (issue) => {
      const expected = 'expected true, false or a list of user ids';
      if (typeof issue.input !== 'string') return expected;
      const ids = commandNames(issue.input).filter((id) => id !== '');
      return `${expected} (use a list: [${ids.join(', ')}])`;
    },
  });
}

/** Two entries for one command would make the outcome depend on their order in the file. */
function checkEachCommandOnce(table: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const seen = new Map<string, string>();
  for (const key of Object.keys(table)) {
    if (SPECIAL_KEYS.has(key)) continue;
    for (const name of commandNames(key)) {
      const earlier = seen.get(name.toLowerCase());
      if (earlier === undefined) seen.set(name.toLowerCase(), key);
      else ctx.addIssue({ code: 'custom', path: [key], message: `${name} already has an entry ("${earlier}"): give each command one` });
    }
  }
}

export function authzSchema(userId: ReturnType<typeof userIdSchema>) {
  return z.record(keySchema, valueSchema(userId)).superRefine(checkEachCommandOnce).default({});
}
