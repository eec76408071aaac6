/**
 * The reply catalogue: every template of data/templates/ and the shape of the data it reads.
 * `ctx.reply({ template, data })` is checked against it at compile time (an unknown template,
 * a missing, misspelt or mistyped field fails `tsc`), and outbox payloads read back from the
 * database are validated with the same schemas.
 *
 * Adding a template takes two steps:
 *   1. write data/templates/NAME.eta (on several lines: `-%>` drops the newline after a tag,
 *      `_%>` the whitespace after it; logic goes into named helpers in template-helpers.ts);
 *   2. add `NAME: z.object({ ... })` below, with every field the template reads.
 * test/unit/core/reply-catalogue.test.ts then renders NAME with data built from its schema and
 * fails if the template reads a field the schema lacks: rename a field in both places or in
 * neither. Optional: add samples to test/unit/core/support/reply-samples.ts for the golden test.
 */
import { z } from 'zod';
import { changeSchema, masterSchema } from '../buildbot/schemas.js';

const text = z.string();
const master = z.string().nullable().describe("the master's name when the bot has several, else null");
const result = z.number().int().nullable().describe('Buildbot result code; null while running');
const prefix = z.string().describe('what users type before a command here');
const pattern = z.string().nullable().describe('the REGEX the user gave to pick builders; null: every builder');
const test = z.boolean().optional().describe('a sample sent by notify test, marked as such');

/** A build as status and last print it. */
export const buildViewSchema = z.object({
  number: z.number().int(),
  url: text,
  result,
  stateString: text,
  startedAt: z.number(),
  completeAt: z.number().nullable(),
  /** seconds */
  duration: z.number().nullable(),
});

export const builderViewSchema = z.object({
  name: text,
  online: z.boolean(),
  running: z.array(buildViewSchema.extend({ step: z.string().nullable() })),
  last: buildViewSchema.nullable(),
  failing: z.boolean(),
});

/** How each platform mentions someone (an IRC nick, a Telegram id or @username, a Matrix id). */
const handles = z.object({ irc: z.string().optional(), telegram: z.string().optional(), matrix: z.string().optional() });

const buildStarted = z.object({
  master,
  builder: text,
  number: z.number().int(),
  url: text,
  branch: z.string().nullable(),
  revisions: z.array(text),
  /** The chat's adapter prints revisions (Buildbot's useRevisions). */
  showRevisions: z.boolean(),
  reason: text,
  /** People named first, the platform's way (issue 15); channel notifications of mentionEvents only. */
  mentions: z.array(z.object({ name: text, handles })).optional(),
  test,
});

const person = z.object({
  key: text,
  name: text,
  handles,
  authors: z.array(text),
  mention: z.boolean(),
  configured: z.boolean(),
});

const subscription = z.object({
  event: text,
  filters: z.object({ masters: z.array(text), builders: z.array(text), tags: z.array(text), branches: z.array(text), mine: z.string().optional() }),
});
const subscriptions = z.array(subscription);

const builderOnly = z.object({ builder: text });
const endedBuild = z.object({ builder: text, number: z.number().int(), url: text, result });
const buildLinks = z.object({ builder: text, builds: z.array(z.object({ number: z.number().int(), url: text })) });

export const replyCatalogue = {
  'alias-changed': z.object({ name: text, line: text.optional(), added: z.boolean(), prefix }),
  'alias-list': z.object({ prefix, aliases: z.array(z.object({ name: text, line: text, source: z.enum(['config', 'chat']) })) }),
  'alias-usage': z.object({ prefix, name: text, line: text, needed: z.number().int() }),
  'audit-entries': z.object({
    entries: z.array(
      z.object({ when: text, adapter: text, chatId: text, userId: text, userName: text, line: text, alias: z.string().nullable(), outcome: text, detail: text }),
    ),
    user: z.string().nullable(),
    command: z.string().nullable(),
  }),
  'confirm-ask': z.object({ question: text, seconds: z.number(), prefix }),
  'confirm-cancelled': z.object({ line: text, answer: z.enum(['no', 'other']) }),
  'confirm-expired': z.object({ line: text, seconds: z.number() }),
  'confirm-nothing': z.object({}),
  'help-alias': z.object({ prefix, name: text, line: text, needed: z.number().int() }),
  'build-started': buildStarted,
  'build-finished': buildStarted.extend({
    result,
    stateString: text,
    /** seconds; null while running */
    duration: z.number().nullable(),
    owner: text,
    /** Authors of the build's changes; empty unless the adapter shows the blame list. */
    blame: z.array(text),
    /** The failing step's last lines, when the adapter's logTailLines asks for them. */
    tail: z.object({ step: text, lines: z.array(text), rawUrl: z.string().nullable() }).optional(),
  }),
  'cancel-done': z.object({
    builder: text,
    /** Request ids the master cancelled. */
    cancelled: z.array(z.number().int()),
    /** Requests the master did not cancel, as read back after the cancel. */
    other: z.array(z.object({ id: z.number().int(), claimed: z.boolean(), complete: z.boolean(), result })),
  }),
  'cancel-not-waiting': z.object({ id: z.number().int(), builder: text, complete: z.boolean(), result }),
  'cancel-nothing': builderOnly,
  'channel-joined': z.object({ channel: text }),
  'channel-left': z.object({ channel: text }),
  'command-crashed': z.object({ name: text }),
  commands: z.object({ prefix, allowed: z.array(text), denied: z.array(text) }),
  denied: z.object({ prefix, name: text }),
  'empty-command': z.object({ prefix }),
  'force-choose-builder': z.object({ builders: z.array(text) }),
  'force-form': z.object({
    builder: text,
    scheduler: text,
    prefix,
    fields: z.array(
      z.object({
        label: text,
        /** How the field is typed: `--branch=` or `--props=NAME=`. */
        arg: text,
        kind: z.enum(['choice', 'boolean', 'text']),
        choices: z.array(text).optional(),
        default: text,
        required: z.boolean(),
      }),
    ),
  }),
  'force-requested': z.object({ builder: text, scheduler: text, request: z.number().int().nullable() }),
  'force-started': z.object({ builder: text, number: z.number().int(), url: text }),
  'force-waiting': z.object({ builder: text, request: z.number().int(), seconds: z.number() }),
  getid: z.object({
    user: z.object({ id: text, account: z.string().optional() }),
    chat: z.object({ adapter: text, id: text, private: z.boolean() }),
  }),
  hello: z.object({ greeting: text, name: text }),
  'help-command': z.object({ prefix, usage: text, summary: text, help: text, aliases: z.array(text), allowed: z.boolean() }),
  'help-list': z.object({ prefix, commands: z.array(z.object({ name: text, summary: text, allowed: z.boolean() })), aliases: z.array(z.object({ name: text, line: text })).optional() }),
  'help-unknown': z.object({ name: text, prefix }),
  'last-builds': z.object({ prefix, builders: z.array(builderViewSchema), /** Builders of a listing with no completed build, counted rather than listed. */ neverBuilt: z.number().int() }),
  'last-summary': z.object({ builders: z.array(builderViewSchema), webUrl: text, prefix }),
  'list-builders': z.object({ all: z.boolean(), builders: z.array(z.object({ name: text, online: z.boolean() })) }),
  'list-changes': z.object({
    changes: z.array(changeSchema.pick({ changeid: true, comments: true, author: true, branch: true, revision: true, repository: true, when_timestamp: true })),
    /** More changes were asked for than the bot shows. */
    capped: z.boolean(),
    limit: z.number().int(),
  }),
  'list-workers': z.object({
    workers: z.array(z.object({ name: text, connected: z.boolean(), configured: z.boolean(), paused: z.boolean(), graceful: z.boolean() })),
  }),
  'log-tail': z.object({
    builder: text,
    number: z.number().int(),
    url: text,
    step: text,
    stepResult: result,
    /** Oldest first, without ANSI or control codes. */
    lines: z.array(text),
    /** The whole log as text; null when the step has no log. */
    rawUrl: z.string().nullable(),
  }),
  'master-heading': z.object({ master: text }),
  'notifications-dropped': z.object({ count: z.number().int(), maxAgeMinutes: z.number() }),
  'notify-list': z.object({ prefix, subscriptions }),
  'notifications-digest': z.object({
    reason: text,
    builds: z.number().int(),
    passed: z.number().int(),
    failed: z.number().int(),
    other: z.number().int(),
    failedBuilds: z.array(z.object({ builder: text, number: z.number().int(), url: text })),
    workersMissing: z.array(text),
    workersBack: z.array(text),
    more: z.number().int(),
  }),
  whoami: z.object({
    user: z.object({ id: text, name: text, account: text.optional() }),
    adapter: text,
    person,
    handle: z.string().nullable(),
    prefix,
  }),
  'people-linked': z.object({ person, author: text, linked: z.boolean(), removed: z.boolean().optional() }),
  'chat-mentions': z.object({ on: z.boolean(), private: z.boolean() }),
  'chat-muted': z.object({ until: z.string().nullable(), prefix }),
  'chat-unmuted': z.object({ released: z.number().int(), quiet: z.boolean() }),
  'chat-quiet': z.object({
    quiet: z.object({ from: text, to: text, timeZone: text, except: z.array(text) }).nullable(),
    released: z.number().int(),
  }),
  'notify-toggles': z.object({ prefix, subscriptions }),
  'notify-test': z.object({
    sent: z.boolean(),
    /** The subscription the sample was built for; null when the chat has none for the event. */
    subscription: subscription.nullable(),
    /** What the sample shows ("fast-fail #7", "worker w1"); empty when nothing was sent. */
    sample: text,
    master,
    /** Why nothing was sent; empty when something was. */
    reason: text,
  }),
  'pending-requests': z.object({
    /** The first LIST_LIMIT waiting requests, oldest first. */
    requests: z.array(z.object({ id: z.number().int(), builder: text, /** seconds */ age: z.number(), reason: text })),
    total: z.number().int(),
    pattern,
    webUrl: z.string().nullable().describe('the web UI when the bot has one master'),
    prefix,
  }),
  'running-builds': z.object({
    /** The first LIST_LIMIT running builds, oldest first. */
    builds: z.array(
      z.object({ builder: text, number: z.number().int(), url: text, step: z.string().nullable(), /** seconds */ elapsed: z.number(), by: text.describe('owner or scheduler; may be empty') }),
    ),
    total: z.number().int(),
    pattern,
    webUrl: z.string().nullable().describe('the web UI when the bot has one master'),
    prefix,
  }),
  'running-choose': z.object({ question: text, builders: z.array(z.object({ name: text, numbers: z.array(z.number().int()) })) }),
  'running-none': z.object({}),
  'shutdown-check': z.object({ master, masters: z.array(masterSchema.pick({ name: true, active: true, last_active: true })) }),
  'shutdown-unsupported': z.object({ verb: z.enum(['start', 'stop', 'now']) }),
  source: z.object({ name: text, version: text, /** null: neither the config nor package.json names one. */ sourceUrl: text.nullable() }),
  'stats-builder': z.object({
    builder: text,
    /** Completed builds counted (at most the N asked for). */
    count: z.number().int(),
    passed: z.number().int(),
    /** 0..100, rounded */
    passRate: z.number(),
    /** seconds; null without builds */
    median: z.number().nullable(),
    p90: z.number().nullable(),
    longestFailureStreak: z.number().int(),
    /** Oldest first: one character per build, ▁..█ by duration, × for a failed build. */
    sparkline: text,
  }),
  'stats-ranking': z.object({
    builders: z.array(z.object({ builder: text, failed: z.number().int(), total: z.number().int() })),
    /** Failing builders past the ones shown. */
    more: z.number().int(),
  }),
  'status-builders': z.object({ builders: z.array(builderViewSchema) }),
  'status-none': z.object({ total: z.number().int(), prefix }),
  'status-summary': z.object({ builders: z.array(builderViewSchema), webUrl: text, prefix }),
  'stop-ended': endedBuild.extend({ waited: z.number() }),
  'stop-nothing': builderOnly,
  'stop-requested': buildLinks,
  'unknown-command': z.object({ name: text, prefix, commands: z.array(text) }),
  usage: z.object({ prefix, usage: text, problem: z.string().optional() }),
  version: z.object({
    master,
    bot: z.object({ name: text, version: text }),
    buildbot: text,
    url: text,
    title: text,
  }),
  'watch-finished': endedBuild,
  'watch-nothing': builderOnly,
  'watch-started': buildLinks,
  'worker-back': z.object({ worker: text, master, test }),
  'worker-control': z.object({
    worker: text,
    /** Asked to pause (else unpause). */
    pause: z.boolean(),
    /** The worker was so already: nothing was asked of the master. */
    already: z.boolean(),
    /** Reading the worker back showed the change. */
    confirmed: z.boolean(),
  }),
  'worker-missing': z.object({ worker: text, lastConnection: z.string().nullable(), master, test }),
  'worker-paused': z.object({ worker: text, paused: z.boolean(), master }),
} satisfies Record<string, z.ZodObject>;

export type TemplateName = keyof typeof replyCatalogue;

/** The data a template reads. */
export type ReplyData<T extends TemplateName> = z.infer<(typeof replyCatalogue)[T]>;

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(replyCatalogue, name);
}
