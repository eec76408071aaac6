/**
 * The configuration file's shape, checked once at start-up. Every object is strict: a misspelt
 * option is an error, not a silently ignored line. Hints say what to write; they never repeat
 * the value found (it may be a secret). config.example.yaml documents each option, and a test
 * keeps the two in step. Each platform's section comes from its descriptor
 * (src/adapters/platforms.ts); the masters' from src/config/masters-schema.ts.
 */
import { z } from 'zod';
import { PLATFORMS } from '../adapters/platforms.js';
import type { Platform, PlatformSection } from '../core/platform.js';
import { mastersSchema, buildbotSchema, type MasterSettings } from './masters-schema.js';
import { oneOrMany } from './platform-section.js';
import { eventsSchema, expecting, portSchema, tagsSchema, text, urlSchema } from './schema-parts.js';
import { peopleSchema } from '../people/people-config.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const httpSchema = z.strictObject({
  host: text('an address to listen on').default('127.0.0.1'),
  port: portSchema(0),
});

const baseShape = {
  buildbot: buildbotSchema.optional(),
  masters: mastersSchema.optional(),
  database: text('the path of the SQLite file').default('data/buildbot-chat.sqlite'),
  tags: tagsSchema.optional(),
  notify: z
    .strictObject({
      maxAgeMinutes: z.number(expecting('minutes')).positive().default(60),
      workerMissingAfterMinutes: z.number(expecting('minutes (0: only when the master says so)')).min(0).default(10),
      // channel notifications of these events mention the build's blamelist and owner (issue 15)
      mentionEvents: eventsSchema.default(['failure', 'problem']),
    })
    .prefault({}),
  aliases: z
    .record(
      z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'expected an alias name: lower-case letters, digits and -, starting with a letter' }),
      text('a command line like "force build --branch=release $1"'),
    )
    .default({}),
  audit: z.strictObject({ retentionDays: z.number(expecting('days')).positive().default(90) }).prefault({}),
  log: z.strictObject({ level: z.enum(LOG_LEVELS).default('info') }).prefault({}),
  http: httpSchema.optional(),
  people: peopleSchema,
  templates: text('a folder of .eta files').optional(),
  source: urlSchema({ example: 'https://git.example.org/buildbot-chat', protocols: ['http:', 'https:'], normalise: (url) => url.href }).optional(),
};

/** The configured platforms: each one's sections, in the order of the platform list. */
export type PlatformSections = ReadonlyMap<string, readonly PlatformSection[]>;

/** The whole file's schema, with a section for each of `platforms`. */
export function configSchemaFor(platforms: readonly Platform[]) {
  const platformShape = Object.fromEntries(
    platforms.map((platform) => [platform.name, (platform.multiple ? oneOrMany(platform.schema) : platform.schema.transform((section) => [section])).optional()]),
  );
  return z
    .strictObject(
      // The platform keys are typed through `platforms` below, not as top-level keys.
      { ...baseShape, ...platformShape } as typeof baseShape,
      {
        error: (issue) => {
          if (issue.code !== 'invalid_type') return undefined;
          return issue.input == null ? 'the file is empty: start from config.example.yaml' : 'expected sections (buildbot:, irc:, ...) like config.example.yaml';
        },
      },
    )
    .superRefine((config, ctx) => {
      if (config.buildbot !== undefined && config.masters !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['masters'], message: 'use either buildbot: (one master) or masters: (several), not both' });
      } else if (config.buildbot === undefined && config.masters === undefined) {
        ctx.addIssue({ code: 'custom', path: ['buildbot'], message: 'missing (expected the master: buildbot: { url: http://host:8010/ }, or masters:)' });
      }
      if (config.http !== undefined) return;
      const sections = config as unknown as Record<string, unknown>;
      for (const platform of platforms) {
        // A platform whose sections failed their own checks is still the raw input here.
        const list = sections[platform.name];
        if (!Array.isArray(list)) continue;
        for (const section of list as readonly PlatformSection[]) {
          const reason = platform.needsHttp(section);
          if (reason !== undefined) ctx.addIssue({ code: 'custom', path: ['http'], message: `missing (${reason})` });
        }
      }
    })
    .transform((config) => {
      const raw = config as unknown as Record<string, readonly PlatformSection[] | undefined>;
      const configured = new Map<string, readonly PlatformSection[]>();
      for (const platform of platforms) {
        const sections = raw[platform.name];
        if (sections !== undefined) configured.set(platform.name, sections);
      }
      const { buildbot, masters, ...rest } = config;
      const base = Object.fromEntries(Object.entries(rest).filter(([key]) => !configured.has(key))) as Omit<typeof config, 'buildbot' | 'masters'>;
      const masterList: readonly MasterSettings[] = masters ?? (buildbot ? [{ name: 'default', ...buildbot }] : []);
      return { ...base, masters: masterList, platforms: configured as PlatformSections };
    });
}

export const configSchema = configSchemaFor(PLATFORMS);

export type Config = z.output<typeof configSchema>;
export type HttpConfig = NonNullable<Config['http']>;
