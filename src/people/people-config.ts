/**
 * The `people:` config section: who is who across platforms and in Buildbot's changes. A person
 * is named once and matched by an IRC nick or services account, a Telegram user id or
 * @username, a Matrix user id, and the author strings their commits carry.
 */
import { z } from 'zod';

const IRC_HANDLE = /^(account:\S+|[A-Za-z[\]\\`_^{|}][\w[\]\\`^{|}-]*)$/;
const TELEGRAM_HANDLE = /^(@[A-Za-z]\w{3,31}|\d+)$/;
const MATRIX_HANDLE = /^@[^:\s]+:\S+$/;

function handles(pattern: RegExp, hint: string) {
  return z
    .array(
      z.union([z.string(), z.number()], { error: `expected ${hint}` }).transform((value) => String(value).trim()).pipe(z.string().regex(pattern, { error: `expected ${hint}` })),
      { error: `expected a list of ${hint}s` },
    )
    .default([]);
}

export const personSchema = z.strictObject({
  name: z.string({ error: 'missing (expected the name shown for this person, like Alice Example)' }).trim().min(1),
  irc: handles(IRC_HANDLE, 'IRC nick or account:NAME'),
  telegram: handles(TELEGRAM_HANDLE, 'Telegram user id (the getid command shows it) or @username'),
  matrix: handles(MATRIX_HANDLE, 'Matrix user id like @alice:example.org'),
  authors: z
    .array(z.string({ error: 'expected an author as Buildbot shows it: "Name <email>" or the email' }).trim().min(1), {
      error: 'expected a list of authors like ["Alice Example <alice@example.org>"]',
    })
    .default([]),
  mention: z.boolean({ error: 'expected true or false' }).default(true),
});

export const peopleSchema = z
  .array(personSchema, { error: 'expected a list of persons like [{name: Alice, irc: [alice], authors: [alice@example.org]}]' })
  .default([])
  .superRefine((people, ctx) => {
    const seen = new Set<string>();
    people.forEach((person, index) => {
      const key = person.name.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: 'two persons have this name: give each its own' });
      seen.add(key);
    });
  });

export type PersonConfig = z.output<typeof personSchema>;
