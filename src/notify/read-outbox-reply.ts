/**
 * Outbox payloads are JSON written by an earlier run of the bot, maybe by an older version with
 * other templates: each is checked against the reply catalogue before an adapter renders it, so
 * an entry no template can print fails once with the reason, instead of throwing at render time
 * and being retried as if the chat were unreachable.
 */
import { z } from 'zod';
import { isTemplateName, replyCatalogue } from '../core/reply-catalogue.js';
import type { Reply, TemplateReply } from '../core/reply.js';

const storedReplySchema = z.union([
  z.object({
    template: z.string(),
    data: z.record(z.string(), z.unknown()).optional(),
    build: z.object({ key: z.string(), stage: z.enum(['started', 'finished']) }).optional(),
  }),
  z.object({ text: z.string() }),
]);

export type ReadOutboxReply = { ok: true; reply: Reply } | { ok: false; reason: string };

export function readOutboxReply(payload: string): ReadOutboxReply {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return { ok: false, reason: 'the stored reply is not JSON' };
  }
  const stored = storedReplySchema.safeParse(json);
  if (!stored.success) return { ok: false, reason: `the stored reply is neither a template nor text: ${z.prettifyError(stored.error)}` };
  if ('text' in stored.data) return { ok: true, reply: { text: stored.data.text } };
  const { template, data, build } = stored.data;
  if (!isTemplateName(template)) return { ok: false, reason: `the stored reply names the template '${template}', which this version does not have` };
  const checked = replyCatalogue[template].safeParse(data ?? {});
  if (!checked.success) return { ok: false, reason: `the stored data does not fit the template '${template}': ${z.prettifyError(checked.error)}` };
  // The schema just checked is the one of `template`; TypeScript cannot follow that through an index.
  const reply = { template, data: checked.data, ...(build ? { build } : {}) } as TemplateReply;
  return { ok: true, reply };
}
