/**
 * Outbox payloads read back from the database are checked against the reply catalogue: what the
 * notifier stores comes back as the same reply, and a payload no template can print (an older
 * version's template, data missing a field, not JSON) gives a reason instead of a render error.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Adapter, DeliveryResult } from '../../../src/core/adapter.js';
import { PLAIN_NOTIFY_OPTIONS } from '../../../src/core/platform.js';
import { createReplyRenderer } from '../../../src/core/render-reply.js';
import type { Reply } from '../../../src/core/reply.js';
import { plainTextFormat } from '../../../src/core/text-format.js';
import type { BuildNotice } from '../../../src/notify/describe-build.js';
import { buildFinishedReply, workerReply } from '../../../src/notify/notification-payloads.js';
import { OutboxSender } from '../../../src/notify/outbox-sender.js';
import { readOutboxReply } from '../../../src/notify/read-outbox-reply.js';
import { openDatabase } from '../../../src/store/open-database.js';
import { Outbox } from '../../../src/store/outbox.js';

const notice: BuildNotice = {
  master: null,
  buildid: 81,
  builderid: 3,
  builder: 'fast-pass',
  tags: [],
  number: 12,
  url: 'http://127.0.0.1:8010/#/builders/3/builds/12',
  result: 2,
  stateString: 'failed compile',
  duration: 65,
  reason: '',
  owner: '',
  branch: 'main',
  revisions: [],
  blame: [],
};

const plain = createReplyRenderer(plainTextFormat);

describe('reading outbox replies', () => {
  it('gives back what the notifier stored, with its build key, printing the same text', () => {
    const stored = buildFinishedReply(notice, PLAIN_NOTIFY_OPTIONS, 'default');
    const read = readOutboxReply(JSON.stringify(stored));
    expect(read.ok && read.reply).toMatchObject({ template: 'build-finished', build: { key: 'default:81', stage: 'finished' } });
    expect(read.ok && plain.render(read.reply)).toEqual(plain.render(stored));
    expect(plain.render(stored)).toEqual(['Build #12 of fast-pass failed after 1m 05s: failed compile. Branch main.  http://127.0.0.1:8010/#/builders/3/builds/12']);
  });

  it('reads worker notices and text replies', () => {
    expect(readOutboxReply(JSON.stringify(workerReply('missing', 'w1', null, 'prod')))).toEqual({
      ok: true,
      reply: { template: 'worker-missing', data: { worker: 'w1', lastConnection: null, master: 'prod' } },
    });
    expect(readOutboxReply('{"text":"hello"}')).toEqual({ ok: true, reply: { text: 'hello' } });
  });

  it('names a template this version does not have', () => {
    expect(readOutboxReply('{"template":"build-exploded","data":{}}')).toEqual({
      ok: false,
      reason: "the stored reply names the template 'build-exploded', which this version does not have",
    });
  });

  it('names the field the stored data lacks', () => {
    const read = readOutboxReply(JSON.stringify({ template: 'worker-back', data: { name: 'w1', master: null } }));
    expect(read.ok).toBe(false);
    expect(!read.ok && read.reason).toMatch(/^the stored data does not fit the template 'worker-back': .*\bworker\b/s);
  });

  it('refuses a payload that is not JSON, or neither a template nor text', () => {
    expect(readOutboxReply('{"templ')).toEqual({ ok: false, reason: 'the stored reply is not JSON' });
    expect(readOutboxReply('[1]')).toMatchObject({ ok: false, reason: expect.stringMatching(/^the stored reply is neither a template nor text/) });
  });

  it('marks an unreadable entry failed with its reason and still delivers the next one', async () => {
    const db = openDatabase(':memory:');
    const outbox = new Outbox(db);
    const entry = (payload: string, dedupeKey: string) => ({ chatKey: 'fake:c', adapter: 'fake', chatId: 'c', payload, dedupeKey, createdAt: Date.now() });
    outbox.enqueue(entry('{"template":"build-exploded"}', 'a'));
    outbox.enqueue(entry(JSON.stringify(workerReply('back', 'w1', null, null)), 'b'));
    const delivered: Reply[] = [];
    const adapter: Adapter = {
      name: 'fake',
      start: async () => undefined,
      stop: async () => undefined,
      isConnected: () => true,
      async deliver(_chatId: string, reply: Reply): Promise<DeliveryResult> {
        delivered.push(reply);
        return { ok: true };
      },
    };
    const sender = new OutboxSender({ outbox: new Outbox(db), logger: pino({ level: 'silent' }) });
    sender.attach(adapter);
    sender.start();
    await sender.idle();
    await sender.stop();
    expect(delivered.map((reply) => plain.render(reply))).toEqual([['Worker w1 is back online.']]);
    const rows = db.prepare('SELECT dedupe_key AS key, state, last_error AS error FROM outbox ORDER BY id').all();
    expect(rows).toEqual([
      { key: 'a', state: 'failed', error: "the stored reply names the template 'build-exploded', which this version does not have" },
      { key: 'b', state: 'sent', error: null },
    ]);
  });
});
