/**
 * Compile-time test of the reply catalogue, checked by `npm run typecheck` (tsconfig includes
 * test/): each `@ts-expect-error` line must fail to compile. If the catalogue stops rejecting
 * one of these replies, the marker is unused and tsc fails with "Unused '@ts-expect-error'
 * directive". Nothing here runs.
 */
import type { CommandContext } from '../../src/core/command.js';
import type { Reply, TemplateReply } from '../../src/core/reply.js';

export function replies(ctx: CommandContext): Promise<void>[] {
  const url = 'http://127.0.0.1:8010/#/builders/1/builds/3';
  return [
    // accepted: the catalogue's shape, a template without data, plain text
    ctx.reply({ template: 'force-started', data: { builder: 'fast-pass', number: 3, url } }),
    ctx.reply({ template: 'running-none' }),
    ctx.reply({ text: 'plain words' }),
    ctx.reply('plain words'),
    ctx.reply({ template: 'usage', data: { prefix: '!', usage: 'status', problem: 'No closing quotation.' } }),

    // @ts-expect-error a template that does not exist
    ctx.reply({ template: 'force-begun', data: { builder: 'fast-pass', number: 3, url } }),
    // @ts-expect-error a field missing (url)
    ctx.reply({ template: 'force-started', data: { builder: 'fast-pass', number: 3 } }),
    // @ts-expect-error a field renamed (builder → builderName)
    ctx.reply({ template: 'force-started', data: { builderName: 'fast-pass', number: 3, url } }),
    // @ts-expect-error an extra, misspelt field beside the right ones
    ctx.reply({ template: 'force-started', data: { builder: 'fast-pass', number: 3, url, nubmer: 3 } }),
    // @ts-expect-error a field of the wrong type
    ctx.reply({ template: 'force-started', data: { builder: 'fast-pass', number: '3', url } }),
    // @ts-expect-error data left out where the template reads some
    ctx.reply({ template: 'force-started' }),
    // @ts-expect-error a nested field renamed (builds[].url → link)
    ctx.reply({ template: 'watch-started', data: { builder: 'slow', builds: [{ number: 1, link: url }] } }),
    // @ts-expect-error a value outside an enumeration
    ctx.reply({ template: 'shutdown-unsupported', data: { verb: 'reboot' } }),
    // @ts-expect-error a request id as text where the catalogue has numbers (cancel-done.cancelled)
    ctx.reply({ template: 'cancel-done', data: { builder: 'queued', cancelled: ['7'], other: [] } }),
    // @ts-expect-error a log tail's lines as one string
    ctx.reply({ template: 'log-tail', data: { builder: 'b', number: 1, url, step: 's', stepResult: 2, lines: 'a\nb', rawUrl: null } }),
    // accepted: a reply with a picture beside its text
    ctx.reply({ template: 'stats-ranking', data: { builders: [], more: 0 }, image: { png: new Uint8Array(8), alt: 'a chart', width: 1, height: 1 } }),
    // @ts-expect-error one template's data under another's name
    ctx.reply({ template: 'stop-ended', data: { builder: 'slow', number: 1, url, result: 0 } }),
  ];
}

// A reply built apart from ctx.reply is checked the same way.
export const started: TemplateReply = { template: 'worker-back', data: { worker: 'w1', master: null } };
// @ts-expect-error null where the template needs a name
export const missing: Reply = { template: 'worker-missing', data: { worker: null, lastConnection: null, master: null } };
