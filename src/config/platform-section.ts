/**
 * The keys every platform's config section has, and a platform's place in the config: one
 * section, or a list of sections (networks, bots) each with its own `name`.
 */
import { z } from 'zod';
import { authzSchema, type userIdSchema } from './authz-schema.js';
import { eventsSchema, expecting } from './schema-parts.js';

/** Network names appear in chat ids (`irc/libera`), logs and metrics labels. */
const NETWORK_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * Commands that run only after their user answers yes (`confirm:`). Names are checked against
 * the commands when the bot starts (the schema does not know them).
 */
const confirmSchema = z
  .array(
    z.string(expecting('a command name like force')).regex(/^[a-z][a-z0-9-]*$/, { error: 'expected a command name like force' }),
    expecting('a list of commands like [force, stop]'),
  )
  .transform((names) => [...new Set(names)])
  .default([]);

/** `name`, `authz`, `confirm`, `notifyEvents` and `logTailLines`: spread into each platform's strictObject. */
export function platformSectionKeys(userId: ReturnType<typeof userIdSchema>) {
  return {
    name: z
      .string(expecting('a network name like libera'))
      .regex(NETWORK_NAME, { error: 'expected a network name like libera (lower-case letters, digits and -)' })
      .optional(),
    authz: authzSchema(userId),
    confirm: confirmSchema,
    notifyEvents: eventsSchema,
    logTailLines: z.number(expecting('a number of lines')).int().min(0).max(50, { error: 'expected at most 50 lines (the whole log is one link away)' }).default(0),
  };
}

/**
 * One section or a list of them, always read as a list. Several sections need distinct names;
 * one of them may stay unnamed, so a bot that grows a second network keeps the first one's
 * subscriptions (stored under the platform's plain name).
 */
export function oneOrMany<S extends z.ZodType<{ name?: string | undefined }>>(section: S) {
  return z.preprocess(
    (input) => (Array.isArray(input) ? input : [input]),
    z
      .array(section)
      .min(1, { error: 'expected at least one section (or leave the platform out)' })
      .superRefine((sections, ctx) => {
        const seen = new Set<string | undefined>();
        sections.forEach((entry, index) => {
          if (!seen.has(entry.name)) {
            seen.add(entry.name);
            return;
          }
          const message =
            entry.name === undefined
              ? 'missing (expected a network name like libera: only one section may go without a name)'
              : `another section is named ${entry.name} already: give each network its own name`;
          ctx.addIssue({ code: 'custom', path: [index, 'name'], message });
        });
      }),
  );
}

