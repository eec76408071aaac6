/**
 * Building blocks of the configuration schema, shared by the bot's own sections
 * (src/config/schema.ts) and each platform's section (src/adapters/<platform>/*-config.ts).
 * Hints say what to write; they never repeat the value found (it may be a secret).
 */
import { z } from 'zod';
import { EVENT_NAMES } from '../notify/event-names.js';
import { missingOr } from './format-config-errors.js';

/**
 * A field's hint: "missing (expected …)" when absent, "expected …" when of the wrong kind. Range
 * checks (too small, too big) keep the error map's words, which name the bound.
 */
export function expecting(what: string) {
  return {
    error: (issue: z.core.$ZodRawIssue) =>
      issue.code === 'invalid_type' || issue.code === 'invalid_union' ? missingOr(what, issue.input) : undefined,
  };
}

export interface UrlRules {
  example: string;
  protocols: readonly string[];
  /** A further rule on the parsed URL: the problem, or undefined when it holds. */
  check?: (url: URL) => string | undefined;
  normalise: (url: URL) => string;
}

/** Credentials in a URL end up in logs; queries have no meaning for the services we call. */
export function urlSchema(rules: UrlRules) {
  const expected = `expected a URL like ${rules.example}`;
  return z.string(expecting(`a URL like ${rules.example}`)).transform((text, ctx) => {
    const url = URL.canParse(text) ? new URL(text) : undefined;
    let problem: string | undefined;
    if (url === undefined || !rules.protocols.includes(url.protocol)) problem = expected;
    else if (url.username !== '' || url.password !== '') problem = 'must not contain a user name or password';
    else if (url.search !== '') problem = `${expected} (no "?" part)`;
    else problem = rules.check?.(url);
    if (url === undefined || problem !== undefined) {
      ctx.addIssue({ code: 'custom', message: problem ?? expected });
      return z.NEVER;
    }
    return rules.normalise(url);
  });
}

export const text = (what: string) => z.string(expecting(what)).min(1);
export const flag = (fallback: boolean) => z.boolean(expecting('true or false')).default(fallback);
export const portSchema = (lowest: 0 | 1) => z.number(expecting('a port number')).int().min(lowest).max(65535);
export const tagsSchema = z.array(text('a tag'), expecting('a list of tags like [release, nightly]')).min(1, {
  error: 'expected at least one tag (leave tags out to report every builder)',
});

export const eventsSchema = z
  .array(
    z.enum(EVENT_NAMES, {
      // Buildbot's deprecated transition names (successToFailure...) are not ported.
      error: (issue) =>
        typeof issue.input === 'string' && /^[a-z]+To[A-Z][a-z]+$/.test(issue.input)
          ? `Buildbot's ${issue.input} event is not supported: use problem, recovery, worse or better`
          : undefined,
    }),
    expecting('a list of events like [started, failure]'),
  )
  .transform((events) => [...new Set(events)])
  .default([]);
