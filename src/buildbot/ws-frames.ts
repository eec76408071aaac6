/**
 * Frames of Buildbot's /ws protocol (buildbot/www/ws.py, checked against 3.7 in
 * docs/buildbot-api.md): commands we send, and what comes back, validated with zod.
 *
 * In:  {"msg":"OK","code":200,"_id":1}             reply to a command (ping: "msg":"pong")
 *      {"error":"...","code":400,"_id":5}          refused command
 *      {"k":"builds/7/new","m":{...REST object}}   an event on a consumed path
 */
import { z } from 'zod';
import { buildSchema, type Build } from './schemas.js';

export type MasterEvent =
  | { kind: 'build-new'; build: Build }
  | { kind: 'build-finished'; build: Build }
  | {
      kind: 'worker-missing' | 'worker-connected' | 'worker-disconnected';
      worker: { workerid: number; name: string; lastConnection: string | null };
    }
  /** workers/ID/state_updated: paused, unpaused, graceful shutdown asked, or a reconnection. */
  | { kind: 'worker-state'; worker: { workerid: number; name: string; paused: boolean; graceful: boolean } };

/** Every frame we send goes through JSON.stringify: a non-JSON frame makes the master drop us. */
export function startConsumingFrame(path: string, id: number): string {
  return JSON.stringify({ cmd: 'startConsuming', path, _id: id });
}

export function pingFrame(id: number): string {
  return JSON.stringify({ cmd: 'ping', _id: id });
}

const replySchema = z.object({
  _id: z.number().int().nullable(),
  code: z.number().int(),
  msg: z.string().optional(),
  error: z.string().optional(),
});

const eventSchema = z.object({ k: z.string(), m: z.unknown() });

export type Frame =
  | { type: 'reply'; id: number | null; ok: boolean; text: string }
  | { type: 'event'; key: string; message: unknown }
  | { type: 'malformed'; reason: string };

export function parseFrame(data: unknown): Frame {
  if (typeof data !== 'string') return { type: 'malformed', reason: 'binary frame' };
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { type: 'malformed', reason: 'not JSON' };
  }
  const event = eventSchema.safeParse(json);
  if (event.success) return { type: 'event', key: event.data.k, message: event.data.m };
  const reply = replySchema.safeParse(json);
  if (reply.success) {
    const { _id, code, msg, error } = reply.data;
    return { type: 'reply', id: _id, ok: code === 200, text: error ?? msg ?? '' };
  }
  return { type: 'malformed', reason: 'neither an event nor a reply' };
}

/** `m` of workers/ID/{missing,connected,disconnected}; only `missing` carries last_connection. */
const workerEventSchema = z.object({
  workerid: z.number().int(),
  name: z.string(),
  last_connection: z.string().nullable().optional(),
});

/** `m` of workers/ID/state_updated: the REST worker object (it says nothing of who or why). */
const workerStateSchema = z.object({
  workerid: z.number().int(),
  name: z.string(),
  paused: z.boolean(),
  graceful: z.boolean(),
});

const WORKER_KINDS = {
  missing: 'worker-missing',
  connected: 'worker-connected',
  disconnected: 'worker-disconnected',
} as const;

export type EventReading =
  | { type: 'event'; event: MasterEvent }
  | { type: 'ignored' }
  | { type: 'malformed'; reason: string };

/**
 * What an event frame means to the bot. builds/ID/update is ignored on purpose: the first one
 * arrives before builds/ID/new, and the bot only announces starts and ends.
 */
export function readEvent(key: string, message: unknown): EventReading {
  const [collection, , verb, ...rest] = key.split('/');
  if (rest.length > 0) return { type: 'ignored' };
  if (collection === 'builds' && (verb === 'new' || verb === 'finished')) {
    const build = buildSchema.safeParse(message);
    if (!build.success) return { type: 'malformed', reason: summarize(build.error) };
    return { type: 'event', event: { kind: verb === 'new' ? 'build-new' : 'build-finished', build: build.data } };
  }
  if (collection === 'workers' && (verb === 'missing' || verb === 'connected' || verb === 'disconnected')) {
    const worker = workerEventSchema.safeParse(message);
    if (!worker.success) return { type: 'malformed', reason: summarize(worker.error) };
    const { workerid, name, last_connection } = worker.data;
    return { type: 'event', event: { kind: WORKER_KINDS[verb], worker: { workerid, name, lastConnection: last_connection ?? null } } };
  }
  if (collection === 'workers' && verb === 'state_updated') {
    const worker = workerStateSchema.safeParse(message);
    if (!worker.success) return { type: 'malformed', reason: summarize(worker.error) };
    return { type: 'event', event: { kind: 'worker-state', worker: worker.data } };
  }
  return { type: 'ignored' };
}

function summarize(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
