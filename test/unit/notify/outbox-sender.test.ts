/**
 * The outbox sender's contract with adapters: sent entries are marked, a refused message is
 * dropped alone, a gone chat is reported, and a transient failure keeps the entry and its
 * successors pending, in order, until the retry succeeds.
 */
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIrcTextFormat } from '../../../src/adapters/irc/irc-text-format.js';
import { createReplyRenderer } from '../../../src/core/render-reply.js';
import type { Adapter, DeliveryResult } from '../../../src/core/adapter.js';
import type { Reply } from '../../../src/core/reply.js';
import { OutboxSender } from '../../../src/notify/outbox-sender.js';
import { openDatabase } from '../../../src/store/open-database.js';
import { Outbox } from '../../../src/store/outbox.js';
import { tempDatabasePath } from '../store/temp-database.js';

const db = openDatabase(':memory:');
afterEach(() => db.exec('DELETE FROM outbox'));

function fakeAdapter(answer: (text: string, attempt: number) => DeliveryResult | Error) {
  const delivered: string[] = [];
  const attempts = new Map<string, number>();
  const adapter: Adapter = {
    name: 'fake',
    start: async () => undefined,
    stop: async () => undefined,
    isConnected: () => true,
    async deliver(_chatId: string, reply: Reply) {
      const text = 'text' in reply ? reply.text : reply.template;
      const attempt = (attempts.get(text) ?? 0) + 1;
      attempts.set(text, attempt);
      const result = answer(text, attempt);
      if (result instanceof Error) throw result;
      if (result.ok) delivered.push(text);
      return result;
    },
  };
  return { adapter, delivered };
}

function enqueue(chatId: string, ...texts: string[]): void {
  const outbox = new Outbox(db);
  for (const text of texts) {
    outbox.enqueue({ chatKey: `fake:${chatId}`, adapter: 'fake', chatId, payload: JSON.stringify({ text }), dedupeKey: `${chatId}:${text}`, createdAt: Date.now() });
  }
}

function states(): Record<string, string> {
  const rows = db.prepare('SELECT payload, state FROM outbox ORDER BY id').all() as { payload: string; state: string }[];
  return Object.fromEntries(rows.map((row) => [(JSON.parse(row.payload) as { text: string }).text, row.state]));
}

async function run(adapter: Adapter, onGone: string[] = []): Promise<OutboxSender> {
  const sender = new OutboxSender({
    outbox: new Outbox(db),
    logger: pino({ level: 'silent' }),
    retry: { initialMs: 5, maxMs: 10 },
    onPermanentFailure: (chat) => void onGone.push(chat.chatKey),
  });
  sender.attach(adapter);
  sender.start();
  const deadline = Date.now() + 5_000;
  while (Object.values(states()).includes('pending') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  await sender.idle();
  return sender;
}

describe('OutboxSender', () => {
  it('delivers each chat in order and retries a transient failure without reordering', async () => {
    enqueue('a', 'a1', 'a2', 'a3');
    enqueue('b', 'b1');
    const { adapter, delivered } = fakeAdapter((text, attempt) => (text === 'a2' && attempt < 3 ? new Error('network down') : { ok: true }));
    await run(adapter);
    expect(delivered.filter((t) => t.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(delivered).toContain('b1');
    expect(states()).toEqual({ a1: 'sent', a2: 'sent', a3: 'sent', b1: 'sent' });
  });

  it('drops a message the platform refuses and goes on with the chat', async () => {
    enqueue('a', 'a1', 'bad', 'a3');
    const gone: string[] = [];
    const { adapter, delivered } = fakeAdapter((text) => (text === 'bad' ? { ok: false, permanent: false, reason: 'message too long' } : { ok: true }));
    await run(adapter, gone);
    expect(delivered).toEqual(['a1', 'a3']);
    expect(states()).toEqual({ a1: 'sent', bad: 'failed', a3: 'sent' });
    expect(gone).toEqual([]);
  });

  it('reports a chat that is gone for good', async () => {
    enqueue('a', 'a1');
    const gone: string[] = [];
    const { adapter } = fakeAdapter(() => ({ ok: false, permanent: true, reason: 'Forbidden: bot was blocked by the user' }));
    await run(adapter, gone);
    expect(states()).toEqual({ a1: 'failed' });
    expect(gone).toEqual(['fake:a']);
  });
});

describe('OutboxSender across a kill', () => {
  it('marks a notification handed to the platform before a kill, and sent again after the restart, as repeated', async () => {
    const { path, cleanup } = tempDatabasePath();
    try {
      const before = openDatabase(path);
      const outbox = new Outbox(before);
      for (const number of [1, 2]) {
        outbox.enqueue({
          chatKey: 'irc:#ci',
          adapter: 'irc',
          chatId: '#ci',
          payload: JSON.stringify({ template: 'build-started', data: { master: null, url: `http://m/#/builders/1/builds/${number}`, number, builder: 'fast', branch: null, reason: '', showRevisions: false, revisions: [] } }),
          dedupeKey: `started:${number}`,
          createdAt: Date.now(),
        });
      }
      // The first process writes the first line, then dies before the server confirms it.
      const written: string[] = [];
      const irc = createReplyRenderer(createIrcTextFormat({ colors: false }));
      const dying: Adapter = {
        name: 'irc',
        start: async () => undefined,
        stop: async () => undefined,
        isConnected: () => true,
        deliver: (_chatId, reply) => {
          written.push(...irc.render(reply));
          return new Promise<DeliveryResult>(() => undefined);
        },
      };
      const killed = new OutboxSender({ outbox: new Outbox(before), logger: pino({ level: 'silent' }) });
      killed.attach(dying);
      killed.start();
      await vi.waitFor(() => expect(written).toHaveLength(1));
      before.close();

      const after = openDatabase(path);
      const lines: string[] = [];
      const confirming: Adapter = { ...dying, deliver: async (_chatId, reply) => (lines.push(...irc.render(reply)), { ok: true }) };
      const sender = new OutboxSender({ outbox: new Outbox(after), logger: pino({ level: 'silent' }) });
      sender.attach(confirming);
      sender.start();
      await vi.waitFor(() => expect(lines).toHaveLength(2));
      await sender.idle();
      after.close();
      expect(written).toEqual(['Build #1 of fast started.  http://m/#/builders/1/builds/1']);
      expect(lines).toEqual([
        'Build #1 of fast started. (repeated after a restart)  http://m/#/builders/1/builds/1',
        'Build #2 of fast started.  http://m/#/builders/1/builds/2',
      ]);
    } finally {
      cleanup();
    }
  });
});
