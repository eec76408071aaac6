/**
 * The sender against matrix-js-sdk's own HTTP layer, with the homeserver's answers played by a
 * fetch function: what goes over the wire (paths, transaction ids, bodies) and in which order.
 */
import { createClient } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { MatrixSender } from '../../../src/adapters/matrix/matrix-sender.js';
import { createMatrixRenderer } from '../../../src/adapters/matrix/matrix-text-format.js';

interface Put {
  path: string;
  body: { body: string };
}

function homeserver(answer: (put: Put, index: number) => Response | Promise<Response>) {
  const puts: Put[] = [];
  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const put = { path: decodeURIComponent(url.pathname), body: JSON.parse(String(init?.body)) as { body: string } };
    puts.push(put);
    return answer(put, puts.length - 1);
  };
  const client = createClient({ baseUrl: 'http://127.0.0.1:1', accessToken: 'token', userId: '@bot:x', fetchFn });
  return { client, puts };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const renderer = createMatrixRenderer();

describe('sending to a room', () => {
  it('waits out M_LIMIT_EXCEEDED and sends again with the same transaction id, so it is shown once', async () => {
    const { client, puts } = homeserver((_put, index) =>
      index === 0 ? json(429, { errcode: 'M_LIMIT_EXCEEDED', error: 'Too Many Requests', retry_after_ms: 30 }) : json(200, { event_id: '$sent' }),
    );
    const waits: number[] = [];
    const sender = new MatrixSender({ client: () => client, onRateLimited: (_room, ms) => waits.push(ms) });
    expect(await sender.send('!room:x', renderer.render({ text: 'hello' }))).toBe('$sent');
    expect(waits).toEqual([30]);
    expect(puts).toHaveLength(2);
    expect(puts[0]?.path).toMatch(/^\/_matrix\/client\/v3\/rooms\/!room:x\/send\/m\.room\.message\/bbc-/);
    expect(puts[1]?.path).toBe(puts[0]?.path);
  });

  it('keeps one room\'s messages in order while an earlier one waits', async () => {
    const { client, puts } = homeserver((put) =>
      put.body.body === 'first' && puts.filter((p) => p.body.body === 'first').length === 1
        ? json(429, { errcode: 'M_LIMIT_EXCEEDED', retry_after_ms: 50 })
        : json(200, { event_id: `$${put.body.body}` }),
    );
    const sender = new MatrixSender({ client: () => client });
    const sent = await Promise.all(['first', 'second', 'third'].map((text) => sender.send('!room:x', renderer.render({ text }))));
    expect(sent).toEqual(['$first', '$second', '$third']);
    expect(puts.map((put) => put.body.body)).toEqual(['first', 'first', 'second', 'third']);
  });

  it('hands a refusal to the caller without retrying, and goes on with the next message', async () => {
    const { client, puts } = homeserver((put) => (put.body.body === 'refused' ? json(403, { errcode: 'M_FORBIDDEN', error: 'not in room' }) : json(200, { event_id: '$ok' })));
    const sender = new MatrixSender({ client: () => client });
    await expect(sender.send('!room:x', renderer.render({ text: 'refused' }))).rejects.toMatchObject({ errcode: 'M_FORBIDDEN' });
    expect(await sender.send('!room:x', renderer.render({ text: 'next' }))).toBe('$ok');
    expect(puts.map((put) => put.body.body)).toEqual(['refused', 'next']);
  });
});
