/**
 * The global pacing of Telegram calls, against the fake Bot API's own flood control (its
 * RateLimiter, which counts a call when it arrives) at the end of a simulated network on a
 * virtual clock: calls take a varying time to arrive, and the server pauses now and then, so
 * that the calls sent during a pause arrive bunched at its end. What is asserted is what the
 * fake received, on that clock, never how fast this machine is.
 */
import type { ApiCallFn } from 'grammy';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnsweredWindowGate, paceGlobalLimit } from '../../../src/adapters/telegram/pace-global-limit.js';
import { RateLimiter } from '../../fakes/fake-telegram/rate-limits.js';

/** Telegram's 30 messages a second over all chats. */
const LIMIT = 30;
/** Spans of virtual time in which the server reads no request: those arriving meanwhile are counted at the end. */
const PAUSES: [number, number][] = [[2_000, 2_150], [5_000, 5_300], [7_400, 7_480]];
const ANSWER_MS = 3;

interface Received {
  at: number;
  ok: boolean;
}

/** The network and the fake's flood control: call `i` takes 2 to 12 ms to arrive, unless the server is paused. */
function simulatedServer() {
  const limiter = new RateLimiter(() => Date.now());
  limiter.enable({ perSecond: LIMIT });
  const received: Received[] = [];
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  let calls = 0;
  const send = async (chatId: number): Promise<boolean> => {
    const outMs = 2 + ((calls++ * 7) % 11);
    let arrival = Date.now() + outMs;
    for (const [from, to] of PAUSES) if (arrival >= from && arrival < to) arrival = to;
    await sleep(arrival - Date.now());
    let ok = true;
    try {
      limiter.admit('sendMessage', chatId, 'private');
    } catch {
      ok = false;
    }
    received.push({ at: Date.now(), ok });
    await sleep(ANSWER_MS);
    return ok;
  };
  return { limiter, received, send };
}

/** The most calls the server accepted in one of its windows (those after `at - 1000`, up to `at`). */
function busiestSecond(received: readonly Received[]): number {
  const accepted = received.filter((r) => r.ok).map((r) => r.at);
  return Math.max(...accepted.map((at) => accepted.filter((other) => other > at - 1000 && other <= at).length));
}

/** One call per chat, all queued at once, as the outbox does after a burst of builds. */
async function fanOut(count: number, sendOne: (chatId: number) => Promise<unknown>): Promise<void> {
  const all = Promise.all(Array.from({ length: count }, (_, i) => sendOne(700_000_000 + i)));
  await vi.runAllTimersAsync();
  await all;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('global pacing of Telegram calls', () => {
  it('never gets a 429 however bunched the calls arrive, and keeps the server at its limit', async () => {
    const server = simulatedServer();
    const pace = paceGlobalLimit(LIMIT);
    const prev = (async (_method: string, payload: { chat_id: number }) => {
      const ok = await server.send(payload.chat_id);
      return ok ? { ok: true, result: true } : { ok: false, error_code: 429, description: 'Too Many Requests' };
    }) as unknown as ApiCallFn;
    const count = 10 * LIMIT;
    await fanOut(count, (chatId) => pace(prev, 'sendMessage', { chat_id: chatId, text: 'Build #1 passed' }));

    expect(server.limiter.hits).toEqual([]);
    expect(server.received).toHaveLength(count);
    expect(busiestSecond(server.received)).toBe(LIMIT);
    // The bound the limit allows is count / LIMIT seconds; the pauses and a round trip per
    // second cost the rest.
    const last = Math.max(...server.received.map((r) => r.at));
    expect(last).toBeLessThanOrEqual(((count / LIMIT) * 1000) / 0.95);
  });

  it('is needed: counting only when calls leave, the same network brings answers of 429', async () => {
    const server = simulatedServer();
    // The same window, but a call stops counting a second after it left, not after its answer.
    const gate = new AnsweredWindowGate(LIMIT, 1000);
    await fanOut(10 * LIMIT, async (chatId) => {
      const left = await gate.enter();
      left();
      return server.send(chatId);
    });
    expect(server.limiter.hits.length).toBeGreaterThan(0);
  });
});
