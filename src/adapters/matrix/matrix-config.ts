/**
 * The `matrix:` config section: one bot account on one homeserver (or a list of them, each with
 * a `name`). config.example.yaml documents each option.
 */
import { z } from 'zod';
import { userIdSchema } from '../../config/authz-schema.js';
import { platformSectionKeys } from '../../config/platform-section.js';
import { expecting, flag, tagsSchema, text, urlSchema } from '../../config/schema-parts.js';

/** A user id, @localpart:server (the spec's grammar, loosely: servers may have ports). */
const USER_ID = /^@[^\s:]+:\S+$/;
const ROOM_HINT = `a room alias like '#ci:example.org' or a room id like '!abc123:example.org'`;
const roomSchema = z.string(expecting(ROOM_HINT)).regex(/^[#!][^\s:]+:\S+$/, { error: `expected ${ROOM_HINT} (quoted: an unquoted # starts a YAML comment)` });

export const matrixSectionSchema = z
  .strictObject({
    ...platformSectionKeys(userIdSchema(USER_ID, 'a Matrix user id like @alice:example.org')),
    homeserverUrl: urlSchema({
      example: 'https://matrix.example.org',
      protocols: ['http:', 'https:'],
      normalise: (url) => url.href.replace(/\/+$/, ''),
    }),
    accessToken: text('the bot account\'s access token, as ${MATRIX_TOKEN}').optional(),
    user: z.string(expecting('the bot\'s user id like @ci-bot:example.org')).regex(USER_ID, { error: 'expected a user id like @ci-bot:example.org' }).optional(),
    password: text('a password, as ${MATRIX_PASSWORD}').optional(),
    rooms: z.array(roomSchema, expecting(`a list of rooms like ['#ci:example.org']`)).default([]),
    commandPrefix: z.string(expecting('a prefix like "!"')).regex(/^\S{1,8}$/, { error: 'expected a short prefix without spaces, like "!"' }).optional(),
    maxCommandAgeMinutes: z.number(expecting('minutes')).positive().default(10),
    tags: tagsSchema.optional(),
    useRevisions: flag(false),
    showBlameList: flag(false),
  })
  .superRefine((matrix, ctx) => {
    const login = matrix.user !== undefined || matrix.password !== undefined;
    if (matrix.accessToken !== undefined && login) {
      ctx.addIssue({ code: 'custom', path: ['accessToken'], message: 'give either accessToken, or user and password, not both' });
    } else if (matrix.accessToken === undefined && !login) {
      ctx.addIssue({ code: 'custom', path: ['accessToken'], message: 'missing (expected accessToken: ${MATRIX_TOKEN}, or user and password)' });
    } else if (login && (matrix.user === undefined || matrix.password === undefined)) {
      const missing = matrix.user === undefined ? 'user' : 'password';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'missing (matrix.user and matrix.password go together)' });
    }
  });

export type MatrixSection = z.output<typeof matrixSectionSchema>;
