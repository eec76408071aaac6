/**
 * The `irc:` config section: one network, or a list of networks each with a `name`.
 * Buildbot's IRC reporter options keep their meaning where we kept them (lostDelay,
 * failedDelay, noticeOnChannel, useColors, pmToNicks); config.example.yaml documents each one.
 */
import { z } from 'zod';
import { userIdSchema } from '../../config/authz-schema.js';
import { missingOr } from '../../config/format-config-errors.js';
import { platformSectionKeys } from '../../config/platform-section.js';
import { expecting, flag, portSchema, tagsSchema, text } from '../../config/schema-parts.js';

/** RFC 2812 nick characters; servers allow longer nicks than its 9, so no length limit here. */
const NICK = /^[A-Za-z[\]\\`_^{|}][\w[\]\\`^{|}-]*$/;
const NICK_HINT = 'a nick (letters, digits and []\\`_^{|}-, not starting with a digit or -)';
const nickSchema = z.string(expecting('a nick like ci-bot')).regex(NICK, { error: `expected ${NICK_HINT}` });
/** An authz entry: a nick, or a services account (Buildbot matches nicks only, bug #2957). */
const IRC_USER = new RegExp(`^(account:\\S+|${NICK.source.slice(1, -1)})$`);

const CHANNEL_HINT = `a channel like '#builds' or {channel: '#builds', password: ...}`;
const channelSchema = z.preprocess(
  (entry) => (typeof entry === 'string' ? { channel: entry } : entry),
  z.strictObject(
    {
      channel: z.string(expecting(CHANNEL_HINT)).regex(/^[#&+!][^\s,\x07]+$/, { error: `expected ${CHANNEL_HINT}` }),
      password: text('the channel key').optional(),
    },
    {
      // `- #builds` unquoted is a YAML comment, which leaves an empty item.
      error: (issue) =>
        issue.code !== 'invalid_type' ? undefined : `expected ${CHANNEL_HINT}${issue.input === null ? ' (quote it: an unquoted # starts a YAML comment)' : ''}`,
    },
  ),
);

/** Seconds, or a [min, max] range drawn from at random (Buildbot's lostDelay/failedDelay). */
function delaySchema(fallback: [number, number]) {
  const seconds = z.number(expecting('seconds')).nonnegative();
  return z
    .preprocess(
      (value) => (typeof value === 'number' ? [value, value] : value),
      z
        .tuple([seconds, seconds], { error: (issue) => missingOr('seconds, or a [min, max] range', issue.input) })
        .refine(([min, max]) => min <= max, { error: 'expected a [min, max] range with min <= max' }),
    )
    .default(fallback);
}

export const ircSectionSchema = z
  .strictObject({
    host: text('a server name like irc.libera.chat'),
    port: portSchema(1).optional(),
    tls: flag(false),
    nick: nickSchema,
    password: text('a password, as ${IRC_PASSWORD}').optional(),
    sasl: z.strictObject({ account: text('the services account'), password: text('a password, as ${IRC_SASL_PASSWORD}') }).optional(),
    channels: z.array(channelSchema, expecting(`a list of channels like ['#builds']`)).default([]),
    pmToNicks: z.array(nickSchema, expecting('a list of nicks')).default([]),
    noticeOnChannel: flag(false),
    useColors: flag(true),
    lostDelay: delaySchema([1, 5]),
    failedDelay: delaySchema([45, 60]),
    ...platformSectionKeys(userIdSchema(IRC_USER, 'a nick or account:NAME')),
    commandPrefix: z.string(expecting('a prefix like "!"')).regex(/^\S{1,8}$/, { error: 'expected a short prefix without spaces, like "!"' }).optional(),
    tags: tagsSchema.optional(),
    useRevisions: flag(false),
    showBlameList: flag(false),
    floodLinesPerSecond: z.number(expecting('lines per second')).positive().default(1),
    floodBurst: z.number(expecting('a number of lines')).int().min(1).default(5),
  })
  .transform(({ port, ...irc }) => ({ ...irc, port: port ?? (irc.tls ? 6697 : 6667) }));

export type IrcConfig = z.output<typeof ircSectionSchema>;
