/**
 * Shapes of what the Buildbot master answers over REST (/api/v2) and /config, as verified on
 * Buildbot 3.7 (docs/buildbot-api.md). Every response is validated against these at the
 * edge; `.passthrough()` is not used: fields we do not read are dropped.
 */
import { z } from 'zod';

export const builderSchema = z.object({
  builderid: z.number().int(),
  name: z.string(),
  description: z.string().nullable().optional(),
  tags: z.array(z.string()).default([]),
  masterids: z.array(z.number().int()).default([]),
});
export type Builder = z.infer<typeof builderSchema>;

export const workerSchema = z.object({
  workerid: z.number().int(),
  name: z.string(),
  connected_to: z.array(z.object({ masterid: z.number().int() })).default([]),
  configured_on: z
    .array(z.object({ builderid: z.number().int(), masterid: z.number().int().optional() }))
    .default([]),
  paused: z.boolean().default(false),
  graceful: z.boolean().default(false),
});
export type Worker = z.infer<typeof workerSchema>;

/** properties: name -> [value, source], only when asked for with property=... */
export const propertiesSchema = z.record(z.string(), z.tuple([z.unknown(), z.string()]));

export const buildSchema = z.object({
  buildid: z.number().int(),
  number: z.number().int(),
  builderid: z.number().int(),
  buildrequestid: z.number().int(),
  workerid: z.number().int().nullable().optional(),
  masterid: z.number().int().optional(),
  started_at: z.number(),
  complete_at: z.number().nullable().optional(),
  complete: z.boolean(),
  state_string: z.string().nullable().default(''),
  /** 0 SUCCESS .. 6 CANCELLED; null while running */
  results: z.number().int().nullable(),
  properties: propertiesSchema.default({}),
});
export type Build = z.infer<typeof buildSchema>;

export const stepSchema = z.object({
  stepid: z.number().int(),
  number: z.number().int(),
  name: z.string(),
  buildid: z.number().int(),
  state_string: z.string().nullable().default(''),
  results: z.number().int().nullable(),
  complete: z.boolean().optional(),
  started_at: z.number().nullable().optional(),
  complete_at: z.number().nullable().optional(),
});
export type Step = z.infer<typeof stepSchema>;

/** A build request: pending while neither claimed nor complete; results -1 until complete. */
export const buildRequestSchema = z.object({
  buildrequestid: z.number().int(),
  buildsetid: z.number().int(),
  builderid: z.number().int(),
  claimed: z.boolean(),
  complete: z.boolean(),
  results: z.number().int().nullable().default(-1),
  submitted_at: z.number(),
  complete_at: z.number().nullable().optional(),
});
export type BuildRequest = z.infer<typeof buildRequestSchema>;

/** A buildset carries the reason its requests were made for ("A build was forced by ..."). */
export const buildsetSchema = z.object({
  bsid: z.number().int(),
  reason: z.string().nullable().default(''),
  submitted_at: z.number().optional(),
});
export type Buildset = z.infer<typeof buildsetSchema>;

/** One log of a step (`stdio` for a shell command); its lines are read as logchunks. */
export const logSchema = z.object({
  logid: z.number().int(),
  name: z.string(),
  slug: z.string(),
  stepid: z.number().int(),
  num_lines: z.number().int(),
  type: z.string(),
});
export type Log = z.infer<typeof logSchema>;

/** Lines `firstline`.. of a log; in stream logs each line starts with h (header), o or e. */
export const logChunkSchema = z.object({
  logid: z.number().int(),
  firstline: z.number().int(),
  content: z.string(),
});
export type LogChunk = z.infer<typeof logChunkSchema>;

export const sourceStampSchema = z.object({
  ssid: z.number().int().optional(),
  branch: z.string().nullable().optional(),
  revision: z.string().nullable().optional(),
  repository: z.string().nullable().optional(),
  project: z.string().nullable().optional(),
  codebase: z.string().nullable().optional(),
});
export type SourceStamp = z.infer<typeof sourceStampSchema>;

export const changeSchema = z.object({
  changeid: z.number().int(),
  author: z.string().nullable().default(''),
  committer: z.string().nullable().optional(),
  comments: z.string().nullable().default(''),
  branch: z.string().nullable().optional(),
  revision: z.string().nullable().optional(),
  repository: z.string().nullable().optional(),
  project: z.string().nullable().optional(),
  codebase: z.string().nullable().optional(),
  revlink: z.string().nullable().optional(),
  when_timestamp: z.number(),
  files: z.array(z.string()).default([]),
});
export type Change = z.infer<typeof changeSchema>;

/** One leaf of a ForceScheduler's all_fields tree (nested groups are flattened). */
export const forceFieldSchema = z.object({
  name: z.string(),
  fullName: z.string(),
  label: z.string().nullable().default(''),
  type: z.string(),
  default: z.unknown(),
  required: z.boolean().nullable().default(false),
  hide: z.boolean().nullable().default(false),
  multiple: z.boolean().nullable().default(false),
  regex: z.string().nullable().optional(),
  choices: z.array(z.string()).nullable().optional(),
});
export type ForceField = z.infer<typeof forceFieldSchema>;

export interface ForceScheduler {
  name: string;
  label: string;
  builderNames: string[];
  enabled: boolean;
  /** Leaves only, in form order; `nested` groups flattened. */
  fields: ForceField[];
}

export const masterSchema = z.object({
  masterid: z.number().int(),
  name: z.string(),
  active: z.boolean(),
  last_active: z.number().nullable().optional(),
});
export type Master = z.infer<typeof masterSchema>;

export const masterConfigSchema = z.object({
  title: z.string().nullable().default(''),
  buildbotURL: z.string(),
  versions: z.array(z.tuple([z.string(), z.string()])).default([]),
});
export type MasterConfig = z.infer<typeof masterConfigSchema>;
