/**
 * The masters the bot talks to: `buildbot:` for one, or `masters:` mapping a name to each.
 * A master's `url` may list several web front ends of one Buildbot cluster (masters sharing one
 * database and message queue): the bot uses the first that answers and moves on when it stops.
 */
import { z } from 'zod';
import { authzSchema, userIdSchema } from './authz-schema.js';
import { expecting, tagsSchema, text, urlSchema } from './schema-parts.js';

/** Master names appear in answers (`main/fast-pass`), logs and metrics labels. */
const MASTER_NAME = /^[A-Za-z][\w-]{0,31}$/;

// The web root, normalised to end with '/': links and api/v2 are resolved against it.
const webRoot = urlSchema({
  example: 'http://host:8010/',
  protocols: ['http:', 'https:'],
  normalise: (url) => {
    url.hash = ''; // a URL copied from the web UI ends in #/...
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return url.href;
  },
});

const urlsSchema = z
  .preprocess(
    (input) => (Array.isArray(input) ? input : [input]),
    z.array(webRoot).min(1, { error: 'expected at least one URL like http://host:8010/' }),
  )
  .refine((urls) => new Set(urls).size === urls.length, { error: 'each URL once' });

function masterShape(what: string) {
  return {
    url: urlsSchema,
    user: text('a Buildbot user name').optional(),
    password: text('a password, as ${BUILDBOT_PASSWORD}').optional(),
    timeoutMs: z.number(expecting('milliseconds')).int().positive().optional(),
    /** How long a front end may answer 5xx before the bot moves to the next URL. */
    failoverAfterSeconds: z.number(expecting('seconds')).positive().default(30),
    tags: tagsSchema.optional(),
    /** Narrows, per command, who may run it on this master (on top of the platform's authz). */
    authz: authzSchema(userIdSchema(/^\S+$/, `a user id (an IRC nick or account:NAME, a Telegram user id, ...) allowed on ${what}`)),
  };
}

function credentialsTogether(section: string) {
  return (master: { user?: string | undefined; password?: string | undefined }, ctx: z.RefinementCtx): void => {
    if ((master.user === undefined) === (master.password === undefined)) return;
    const missing = master.user === undefined ? 'user' : 'password';
    ctx.addIssue({ code: 'custom', path: [missing], message: `missing (${section}.user and ${section}.password go together)` });
  };
}

/** `url` becomes `urls`: every front end, the first one tried first. */
const withUrls = <T extends { url: string[] }>({ url, ...master }: T) => ({ ...master, urls: url });

export const buildbotSchema = z.strictObject(masterShape('this master')).superRefine(credentialsTogether('buildbot')).transform(withUrls);

export const mastersSchema = z
  .record(
    z.string().regex(MASTER_NAME, { error: 'expected a master name like main (letters, digits, _ and -)' }),
    z.strictObject(masterShape('this master')).superRefine(credentialsTogether('the master')).transform(withUrls),
  )
  .refine((masters) => Object.keys(masters).length > 0, { error: 'expected at least one master: name: { url: http://host:8010/ }' })
  .transform((masters) => Object.entries(masters).map(([name, master]) => ({ name, ...master })));

/** One master as the bot uses it: `urls` lists its front ends, the first one tried first. */
export type MasterSettings = { name: string } & z.output<typeof buildbotSchema>;

/** One master from a `buildbot:`-like section, checked as the config would be (tests, benchmarks, the demo). */
export function masterSettings(section: z.input<typeof buildbotSchema>, name = 'default'): MasterSettings {
  return { name, ...buildbotSchema.parse(section) };
}
