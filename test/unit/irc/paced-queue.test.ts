import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PacedQueue, PacedQueueClearedError } from '../../../src/adapters/irc/paced-queue.js';

describe('paced IRC send queue', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function wire() {
    const written: Array<{ line: string; at: number }> = [];
    const start = Date.now();
    return { written, writer: (line: string) => void written.push({ line, at: Date.now() - start }) };
  }

  it('sends a burst at once, then one line per interval, in order', async () => {
    const queue = new PacedQueue({ burst: 3, intervalMs: 1000 });
    const { written, writer } = wire();
    queue.resume(writer);
    const sent = Array.from({ length: 6 }, (_, i) => queue.push(`PRIVMSG #c :line ${i}`));
    expect(written.map((w) => w.line)).toEqual(['PRIVMSG #c :line 0', 'PRIVMSG #c :line 1', 'PRIVMSG #c :line 2']);
    expect(queue.size).toBe(3);
    await vi.advanceTimersByTimeAsync(999);
    expect(written).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(written).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(2000);
    await Promise.all(sent);
    expect(written.map((w) => w.at)).toEqual([0, 0, 0, 1000, 2000, 3000]);
    expect(written.map((w) => w.line)).toEqual(Array.from({ length: 6 }, (_, i) => `PRIVMSG #c :line ${i}`));
    expect(queue.size).toBe(0);
  });

  it('writes a free line (a receipt PING) in its turn without spending credit', async () => {
    const queue = new PacedQueue({ burst: 2, intervalMs: 1000 });
    const { written, writer } = wire();
    queue.resume(writer);
    const sent = [queue.push('a'), queue.push('b'), queue.push('c'), queue.push('PING :r1', { free: true }), queue.push('d')];
    expect(written.map((w) => w.line)).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(1000);
    // 'c' used the credit earned; the PING behind it costs nothing and goes at once
    expect(written.map((w) => w.line)).toEqual(['a', 'b', 'c', 'PING :r1']);
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(sent);
    expect(written.map((w) => `${w.line}@${w.at}`)).toEqual(['a@0', 'b@0', 'c@1000', 'PING :r1@1000', 'd@2000']);
  });

  it('serves the targets in turn: a long answer to one user delays another\'s by one interval at most', async () => {
    const queue = new PacedQueue({ burst: 5, intervalMs: 1000 });
    const { written, writer } = wire();
    queue.resume(writer);
    const help = Array.from({ length: 17 }, (_, i) => queue.push(`PRIVMSG alice :help ${i}`, { lane: 'alice' }));
    await vi.advanceTimersByTimeAsync(2500);
    // bob asks while alice's answer is being paced, then a notification comes for the channel
    const bob = queue.push('PRIVMSG #ci :bob: hello', { lane: '#ci' });
    const notice = queue.push('PRIVMSG #ci :build #7 of fast-pass failed', { lane: '#ci' });
    const receipt = queue.push('PING :r1', { free: true, lane: '#ci' });
    await vi.advanceTimersByTimeAsync(60_000);
    await Promise.all([...help, bob, notice, receipt]);
    const at = (line: string) => written.find((w) => w.line === line)?.at;
    // the burst (5) went at 0, alice's lines at 1000 and 2000; bob's is next, at 3000
    expect(at('PRIVMSG #ci :bob: hello')).toBe(3000);
    // then the lanes alternate: alice, then the notification with its receipt right behind it
    expect(written.slice(7, 11).map((w) => `${w.line}@${w.at}`)).toEqual([
      'PRIVMSG #ci :bob: hello@3000',
      'PRIVMSG alice :help 7@4000',
      'PRIVMSG #ci :build #7 of fast-pass failed@5000',
      'PING :r1@5000',
    ]);
    // alice's answer stays in order and complete
    expect(written.filter((w) => w.line.startsWith('PRIVMSG alice')).map((w) => w.line)).toEqual(Array.from({ length: 17 }, (_, i) => `PRIVMSG alice :help ${i}`));
  });

  it('refills the burst after a quiet period', async () => {
    const queue = new PacedQueue({ burst: 2, intervalMs: 500 });
    const { written, writer } = wire();
    queue.resume(writer);
    const first = [queue.push('a'), queue.push('b'), queue.push('c')];
    await vi.advanceTimersByTimeAsync(500);
    await Promise.all(first);
    expect(written.map((w) => w.at)).toEqual([0, 0, 500]);
    await vi.advanceTimersByTimeAsync(5000);
    const later = [queue.push('d'), queue.push('e'), queue.push('f')];
    expect(written.map((w) => w.line)).toEqual(['a', 'b', 'c', 'd', 'e']);
    await vi.advanceTimersByTimeAsync(500);
    await Promise.all(later);
    expect(written.map((w) => w.at)).toEqual([0, 0, 500, 5500, 5500, 6000]);
  });

  it('resolves a push only once its line was written', async () => {
    const queue = new PacedQueue({ burst: 1, intervalMs: 1000 });
    const { writer } = wire();
    queue.resume(writer);
    const done: string[] = [];
    void queue.push('first').then(() => done.push('first'));
    void queue.push('second').then(() => done.push('second'));
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toEqual(['first']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(done).toEqual(['first', 'second']);
  });

  it('holds lines while paused and sends them, in order, after resume with the new connection', async () => {
    const queue = new PacedQueue({ burst: 2, intervalMs: 1000 });
    const first = wire();
    queue.resume(first.writer);
    const lines = ['one', 'two', 'three', 'four'].map((line) => queue.push(line));
    queue.pause();
    expect(queue.paused).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(first.written.map((w) => w.line)).toEqual(['one', 'two']);
    expect(queue.size).toBe(2);

    const second = wire();
    queue.resume(second.writer);
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(lines);
    expect(second.written.map((w) => w.line)).toEqual(['three', 'four']);
  });

  it('queues lines pushed before the first connection', async () => {
    const queue = new PacedQueue();
    const pushed = queue.push('JOIN #c');
    expect(queue.size).toBe(1);
    const { written, writer } = wire();
    queue.resume(writer);
    await pushed;
    expect(written.map((w) => w.line)).toEqual(['JOIN #c']);
  });

  it('keeps a line the writer could not write (connection gone) and pauses', async () => {
    const queue = new PacedQueue({ burst: 5, intervalMs: 1000 });
    let up = true;
    const written: string[] = [];
    queue.resume((line) => {
      if (!up) return false;
      written.push(line);
      return true;
    });
    void queue.push('a');
    up = false;
    const b = queue.push('b');
    expect(queue.paused).toBe(true);
    expect(queue.size).toBe(1);
    queue.resume((line) => void written.push(`new:${line}`));
    await b;
    expect(written).toEqual(['a', 'new:b']);
  });

  it('rejects the line whose write throws and carries on with the next', async () => {
    const queue = new PacedQueue({ burst: 5, intervalMs: 1000 });
    const written: string[] = [];
    queue.resume((line) => {
      if (line === 'bad') throw new Error('socket exploded');
      written.push(line);
    });
    await expect(queue.push('bad')).rejects.toThrow('socket exploded');
    await queue.push('good');
    expect(written).toEqual(['good']);
  });

  it('clear() drops queued lines and rejects their promises', async () => {
    const queue = new PacedQueue({ burst: 1, intervalMs: 1000 });
    const { written, writer } = wire();
    queue.resume(writer);
    const first = queue.push('first');
    const second = queue.push('second');
    const third = queue.push('third');
    queue.clear('stopping');
    await first;
    await expect(second).rejects.toBeInstanceOf(PacedQueueClearedError);
    await expect(third).rejects.toThrow('stopping');
    expect(queue.size).toBe(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(written.map((w) => w.line)).toEqual(['first']);
  });

  it('leaves no timer behind when idle, and its waiting timer does not hold the process', async () => {
    const queue = new PacedQueue({ burst: 1, intervalMs: 1000 });
    queue.resume(() => undefined);
    await queue.push('a');
    expect(vi.getTimerCount()).toBe(0);
    vi.useRealTimers();
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const pending = queue.push('b');
    const timer = spy.mock.results[0]?.value as NodeJS.Timeout;
    spy.mockRestore();
    expect(timer.hasRef()).toBe(false);
    queue.clear();
    await expect(pending).rejects.toBeInstanceOf(PacedQueueClearedError);
    vi.useFakeTimers();
  });

  it('rejects a burst below one line', () => {
    expect(() => new PacedQueue({ burst: 0 })).toThrow(RangeError);
  });
});
