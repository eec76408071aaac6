import { describe, expect, it } from 'vitest';
import { CommandError, UsageError, type Command } from '../../../src/core/command.js';
import type { IncomingMessage } from '../../../src/core/message.js';
import { createReplyRenderer } from '../../../src/core/render-reply.js';
import { plainTextFormat } from '../../../src/core/text-format.js';
import type { Reply } from '../../../src/core/reply.js';
import { MasterResponseError, MasterUnavailableError } from '../../../src/buildbot/errors.js';
import { inertDispatcher } from './inert-dispatcher.js';

const ran: string[] = [];
const commands: Command[] = [
  { name: 'echo', aliases: ['say'], usage: 'echo WORDS', summary: 'echo', dangerous: false, run: async (ctx) => ctx.reply(ctx.args.join('|')) },
  { name: 'force', usage: 'force build BUILDER', summary: 'force', dangerous: true, run: async () => void ran.push('force') },
  { name: 'picky', usage: 'picky ARG', summary: 'picky', dangerous: false, run: async () => { throw new UsageError('Which one?'); } },
  { name: 'refuse', usage: 'refuse', summary: 'refuse', dangerous: false, run: async () => { throw new CommandError('No builder named x.'); } },
  { name: 'down', usage: 'down', summary: 'down', dangerous: false, run: async () => { throw new MasterUnavailableError('http://bb:8010/'); } },
  { name: 'gateway', usage: 'gateway', summary: 'gateway', dangerous: false, run: async () => { throw new MasterResponseError('GET', '/api/v2/builders', 503, '<html><h1>503</h1></html>'); } },
  { name: 'notfound', usage: 'notfound', summary: 'notfound', dangerous: false, run: async () => { throw new MasterResponseError('GET', '/api/v2/nope', 404, '<html>Traceback (most recent call last)</html>'); } },
  { name: 'crash', usage: 'crash', summary: 'crash', dangerous: false, run: async () => { throw new TypeError('boom at secret place'); } },
  { name: 'join', usage: 'join CHANNEL', summary: 'join', dangerous: true, needs: ['chatControl'], run: async () => undefined },
];

function dispatcher(authz = {}) {
  return inertDispatcher(commands, authz);
}

async function say(text: string, authz = {}, user = 'alice'): Promise<string[]> {
  const replies: Reply[] = [];
  const message: IncomingMessage = { chat: { adapter: 'console', id: 'console', private: true }, user: { id: user, name: user }, text, addressed: true };
  await dispatcher(authz).handle(message, {}, async (reply) => void replies.push(reply));
  const renderer = createReplyRenderer(plainTextFormat);
  return replies.flatMap((reply) => renderer.render(reply));
}

describe('dispatching a chat line', () => {
  it('runs a command with shell-split arguments, by name or alias, in any case', async () => {
    expect(await say('echo a "b c"')).toEqual(['a|b c']);
    expect(await say('SAY x')).toEqual(['x']);
  });

  it('names an unknown command and lists the known ones this user may run (only those this adapter offers)', async () => {
    expect(await say('frobnicate now')).toEqual(["I don't know the command 'frobnicate'. I know: crash, down, echo, gateway, notfound, picky, refuse."]);
    expect(await say('frobnicate now', { force: ['alice'] })).toEqual(["I don't know the command 'frobnicate'. I know: crash, down, echo, force, gateway, notfound, picky, refuse."]);
  });

  it('denies a dangerous command by default, naming it and nothing more', async () => {
    ran.length = 0;
    expect(await say('force build slow')).toEqual(["You are not allowed to run 'force'."]);
    expect(ran).toEqual([]);
  });

  it('runs a dangerous command for a user in the "!" list', async () => {
    ran.length = 0;
    await say('force build slow', { '!': ['alice'] });
    expect(ran).toEqual(['force']);
  });

  it('answers a usage error with the problem and the usage line', async () => {
    expect(await say('picky')).toEqual(['Which one? Usage: picky ARG']);
  });

  it('answers an unclosed quote with the usage line', async () => {
    expect(await say('echo "open')).toEqual(['No closing quotation. Usage: echo WORDS']);
  });

  it('passes a command error on as it is', async () => {
    expect(await say('refuse')).toEqual(['No builder named x.']);
  });

  it('says the master is not answering, naming its URL', async () => {
    expect(await say('down')).toEqual(['The Buildbot master at http://bb:8010/ is not answering.']);
  });

  it('answers a crash with one short line and no internals', async () => {
    expect(await say('crash')).toEqual(["Sorry, 'crash' failed unexpectedly; the bot's log has the details."]);
  });

  it('answers an empty line with a hint instead of crashing (Buildbot bug 15)', async () => {
    expect(await say('   ')).toEqual(['Say help to see what I can do.']);
  });

  it('says a master behind a failing gateway is not answering, without the error page', async () => {
    expect(await say('gateway')).toEqual(['The Buildbot master is not answering (HTTP 503 to GET /api/v2/builders); try again later.']);
    expect(await say('notfound')).toEqual(["The Buildbot master answered HTTP 404 to GET /api/v2/nope; the bot's log has the details."]);
  });
});
