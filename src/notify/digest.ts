/**
 * One message in place of the notifications a chat missed while muted or quiet: "While muted:
 * 14 builds, 12 passed, 2 failed: fast-fail #12, broken #4". It names at most MAX_NAMED failed
 * builds and workers, so it stays one short line whatever was held (IRC's 512 bytes, Telegram's
 * 4096 characters).
 */
import { z } from 'zod';
import { EXCEPTION, FAILURE, SUCCESS, WARNINGS } from '../buildbot/results.js';
import type { TemplateReply } from '../core/reply.js';

const MAX_NAMED = 8;

const buildDataSchema = z.object({ buildid: z.number(), builder: z.string(), number: z.number(), url: z.string(), result: z.number().nullable() });
const workerDataSchema = z.object({ worker: z.string() });
const payloadSchema = z.object({ template: z.string(), data: z.record(z.string(), z.unknown()).optional() });

export interface DigestData {
  reason: string;
  builds: number;
  passed: number;
  failed: number;
  /** Running, cancelled, skipped: neither passed nor failed. */
  other: number;
  /** The failed builds, at most MAX_NAMED. */
  failedBuilds: { builder: string; number: number; url: string }[];
  workersMissing: string[];
  workersBack: string[];
  /** Failed builds and workers not named for length. */
  more: number;
}

export function digestReply(reason: string, payloads: readonly string[]): TemplateReply {
  const builds = new Map<number, z.infer<typeof buildDataSchema>>();
  const missing: string[] = [];
  const back: string[] = [];
  for (const text of payloads) {
    const reply = payloadSchema.safeParse(JSON.parse(text));
    if (!reply.success) continue;
    const { template, data } = reply.data;
    const build = buildDataSchema.safeParse(data);
    if (build.success && template.startsWith('build-')) {
      // a build's end replaces its start
      if (template === 'build-finished' || !builds.has(build.data.buildid)) builds.set(build.data.buildid, build.data);
      continue;
    }
    const worker = workerDataSchema.safeParse(data);
    if (worker.success && template === 'worker-missing') missing.push(worker.data.worker);
    if (worker.success && template === 'worker-back') back.push(worker.data.worker);
  }
  const all = [...builds.values()];
  const passed = all.filter((b) => b.result === SUCCESS || b.result === WARNINGS).length;
  const failed = all.filter((b) => b.result === FAILURE || b.result === EXCEPTION);
  const failedBuilds = failed.slice(0, MAX_NAMED).map(({ builder, number, url }) => ({ builder, number, url }));
  const room = Math.max(0, MAX_NAMED - failedBuilds.length);
  const data: DigestData = {
    reason,
    builds: all.length,
    passed,
    failed: failed.length,
    other: all.length - passed - failed.length,
    failedBuilds,
    workersMissing: missing.slice(0, room),
    workersBack: back.slice(0, Math.max(0, room - missing.length)),
    more: failed.length - failedBuilds.length + Math.max(0, missing.length + back.length - room),
  };
  return { template: 'notifications-digest', data: { ...data } };
}
