import { CommandError, UsageError, type Command, type CommandContext, type MasterView } from '../src/core/command.js';
import type { BuildRequest } from '../src/buildbot/schemas.js';
import { CANCELLED } from '../src/buildbot/results.js';
import { describeUser } from './support/describe-user.js';
import { checkMasterAuthz, findBuilder, masterNamed, qualifiedName, takeMasterOption } from './support/masters.js';
import { waitFor } from './support/wait-for.js';

const cancel: Command = {
  name: 'cancel',
  usage: 'cancel [--master=NAME] REQUEST_ID|BUILDER [REASON]',
  summary: 'cancel a waiting build request, or every waiting request of a builder',
  help: '"pending" lists the waiting requests and their ids (with several masters, name the master of a request id with --master). A running build is stopped with "stop build BUILDER".',
  dangerous: true,
  async run(ctx) {
    const target = await findTarget(ctx);
    const { master, builderName } = target;
    if (target.kind === 'not-waiting') {
      const { request } = target;
      await ctx.reply({ template: 'cancel-not-waiting', data: { id: request.buildrequestid, builder: builderName, complete: request.complete, result: request.results } });
      return;
    }
    if (target.kind === 'none') {
      await ctx.reply({ template: 'cancel-nothing', data: { builder: builderName } });
      return;
    }
    const reason = target.reason;
    const fullReason = `cancelled by ${describeUser(ctx.message)}${reason ? `: ${reason}` : ''}`;
    // The master answers null to cancel whatever happened (even for an unknown id): each
    // request is read back to tell what the master did.
    for (const request of target.waiting) await master.client.cancelBuildRequest(request.buildrequestid, fullReason);
    const outcomes = await Promise.all(target.waiting.map((request) => settled(ctx, master, request.buildrequestid)));
    const cancelled = outcomes.filter((o) => o.complete && o.results === CANCELLED).map((o) => o.buildrequestid);
    ctx.note(cancelled.length > 0 ? `cancelled request${cancelled.length === 1 ? '' : 's'} ${cancelled.join(', ')}` : 'nothing cancelled');
    await ctx.reply({
      template: 'cancel-done',
      data: {
        builder: builderName,
        cancelled,
        other: outcomes.filter((o) => !(o.complete && o.results === CANCELLED)).map((o) => ({ id: o.buildrequestid, claimed: o.claimed, complete: o.complete, result: o.results })),
      },
    });
  },
  async describe(ctx) {
    const target = await findTarget(ctx);
    // nothing waits: run says so without a question
    if (target.kind !== 'waiting') return null;
    const ids = target.waiting.map((r) => r.buildrequestid).join(', ');
    const what = target.waiting.length === 1 ? `build request ${ids}` : `the ${target.waiting.length} waiting build requests (${ids})`;
    return `Cancel ${what} of ${target.builderName}${target.reason ? ` because "${target.reason}"` : ''}?`;
  },
};

type Target = { master: MasterView; builderName: string; reason: string } & (
  | { kind: 'waiting'; waiting: BuildRequest[] }
  | { kind: 'not-waiting'; request: BuildRequest }
  | { kind: 'none' }
);

/** What the arguments name: one request or a builder's waiting ones, on the master that has them. */
async function findTarget(ctx: CommandContext): Promise<Target> {
  const { args, master: masterName } = takeMasterOption(ctx.args);
  const [target, ...reasonWords] = args;
  if (target === undefined) throw new UsageError();
  const reason = reasonWords.join(' ');
  if (/^\d+$/.test(target)) {
    const { masters } = ctx.services;
    if (masterName === undefined && masters.several) throw new UsageError(`Request ids are per master: say which with --master=NAME (${masters.list.map((m) => m.name).join(', ')}).`);
    const master = masterName === undefined ? (masters.list[0] ?? masterNamed(ctx, '')) : masterNamed(ctx, masterName);
    checkMasterAuthz(ctx, master, cancel);
    const request = await master.client.getBuildRequest(Number(target));
    if (!request) throw new CommandError(`There is no build request ${target}. Say 'pending' to see the waiting ones.`);
    const builderName = qualifiedName(ctx, master, (await master.client.getBuilderById(request.builderid))?.name ?? `builder ${request.builderid}`);
    if (request.complete || request.claimed) return { kind: 'not-waiting', master, builderName, reason, request };
    return { kind: 'waiting', master, builderName, reason, waiting: [request] };
  }
  const found = await findBuilder(ctx, target, masterName);
  checkMasterAuthz(ctx, found.master, cancel);
  const builderName = qualifiedName(ctx, found.master, found.builder.name);
  const waiting = await found.master.client.listBuildRequests({ builderid: found.builder.builderid, complete: false, claimed: false });
  return waiting.length === 0 ? { kind: 'none', master: found.master, builderName, reason } : { kind: 'waiting', master: found.master, builderName, reason, waiting };
}

/** The request once it completed, or as it stands when the wait is over. */
async function settled(ctx: CommandContext, master: MasterView, buildrequestid: number): Promise<BuildRequest> {
  const { buildStopWaitMs, pollIntervalMs } = ctx.services.timing;
  const done = await waitFor(async () => {
    const request = await master.client.getBuildRequest(buildrequestid);
    return request?.complete ? request : null;
  }, buildStopWaitMs, pollIntervalMs);
  const current = done ?? (await master.client.getBuildRequest(buildrequestid));
  if (!current) throw new CommandError(`Build request ${buildrequestid} is gone from the master.`);
  return current;
}
export default cancel;
