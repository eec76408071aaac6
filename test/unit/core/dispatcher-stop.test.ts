/** Graceful stop, first step: no new commands, running ones finish. */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src/core/command.js';
import type { IncomingMessage } from '../../../src/core/message.js';
import type { Reply } from '../../../src/core/reply.js';
import { inertDispatcher } from './inert-dispatcher.js';

function slowDispatcher() {
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const slow: Command = {
    name: 'slow',
    usage: 'slow',
    summary: 'takes its time',
    dangerous: false,
    run: async (ctx) => {
      await finished;
      await ctx.reply('slow done');
    },
  };
  const dispatcher = inertDispatcher([slow]);
  return { dispatcher, finish };
}

const line = (text: string): IncomingMessage => ({
  chat: { adapter: 'console', id: 'console', private: true },
  user: { id: 'alice', name: 'alice' },
  text,
  addressed: true,
});

describe('stopping the dispatcher', () => {
  it('answers lines that arrive while stopping without running them, and lets running commands finish', async () => {
    const { dispatcher, finish } = slowDispatcher();
    const replies: Reply[] = [];
    const send = async (reply: Reply) => void replies.push(reply);
    const running = dispatcher.handle(line('slow'), {}, send);
    dispatcher.stopTaking();
    await dispatcher.handle(line('slow'), {}, send);
    expect(replies).toEqual([{ text: 'The bot is stopping; ask again once it is back.' }]);
    let idle = false;
    const waited = dispatcher.idle().then(() => (idle = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(idle).toBe(false);
    finish();
    await Promise.all([running, waited]);
    expect(replies).toEqual([{ text: 'The bot is stopping; ask again once it is back.' }, { text: 'slow done' }]);
  });

  it('is idle at once when nothing runs', async () => {
    const { dispatcher } = slowDispatcher();
    dispatcher.stopTaking();
    await expect(dispatcher.idle()).resolves.toBeUndefined();
  });
});
