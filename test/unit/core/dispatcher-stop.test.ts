/** Graceful stop, first step: no new commands, running ones finish. */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { BuildbotClient } from '../../../src/buildbot/client.js';
import { createAuthzPolicy } from '../../../src/core/authz.js';
import type { Command } from '../../../src/core/command.js';
import { Dispatcher } from '../../../src/core/dispatcher.js';
import type { IncomingMessage } from '../../../src/core/message.js';
import { CommandRegistry } from '../../../src/core/registry.js';
import type { Reply } from '../../../src/core/reply.js';

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
  const dispatcher = new Dispatcher({
    registry: new CommandRegistry([slow]),
    services: {
      buildbot: {} as BuildbotClient,
      masterConfig: async () => ({ title: '', buildbotURL: 'http://bb/', versions: [] }),
      bot: { name: 'buildbot-chat', version: '0', sourceUrl: 'x' },
      tags: null,
      timing: { buildStartWaitMs: 0, buildStopWaitMs: 0, pollIntervalMs: 0 },
    },
    authz: new Map(),
    defaultAuthz: createAuthzPolicy({}),
    logger: pino({ level: 'silent' }),
  });
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
