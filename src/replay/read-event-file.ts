/**
 * Recorded master events for `buildbot-chat replay`: a file holds one /ws event frame
 * ({"k": "builds/7/finished", "m": {...}}), a list of them, or REST build JSON (the answer of
 * /api/v2/builds/N, {"builds": [...]}, or one build object), whose builds count as finished
 * when complete and as new otherwise.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { buildSchema } from '../buildbot/schemas.js';
import { readEvent, type MasterEvent } from '../buildbot/ws-frames.js';

export class EventFileError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'EventFileError';
  }
}

const frameSchema = z.object({ k: z.string(), m: z.unknown() });
const restSchema = z.object({ builds: z.array(z.unknown()) });

export function readEventFile(file: string): MasterEvent[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new EventFileError(file, error instanceof SyntaxError ? `not JSON (${error.message})` : (error as Error).message);
  }
  const items = Array.isArray(json) ? json : [json];
  return items.flatMap((item, index) => {
    const where = items.length > 1 ? `item ${index + 1}: ` : '';
    try {
      return eventsOf(item);
    } catch (error) {
      throw new EventFileError(file, where + (error as Error).message);
    }
  });
}

function eventsOf(item: unknown): MasterEvent[] {
  const frame = frameSchema.safeParse(item);
  if (frame.success) {
    const reading = readEvent(frame.data.k, frame.data.m);
    if (reading.type === 'event') return [reading.event];
    if (reading.type === 'malformed') throw new Error(`the event ${frame.data.k} is malformed (${reading.reason})`);
    throw new Error(`the event ${frame.data.k} is not one the bot notifies of (builds/ID/new, builds/ID/finished, workers/ID/missing|connected|disconnected)`);
  }
  const rest = restSchema.safeParse(item);
  const builds = rest.success ? rest.data.builds : [item];
  return builds.map((raw) => {
    const build = buildSchema.safeParse(raw);
    if (!build.success) throw new Error('neither a /ws event frame {"k": ..., "m": ...} nor REST build JSON');
    return { kind: build.data.complete ? 'build-finished' : 'build-new', build: build.data };
  });
}
