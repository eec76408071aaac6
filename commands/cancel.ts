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
    const { args, master: masterName } = takeMasterOption(ctx.args);
    const [target, ...reasonWords] = args;
    if (target === undefined) throw new UsageError();
    const reason = reasonWords.join(' ');
    const fullReason = `cancelled by ${describeUser(ctx.message)}${reason ? `: ${reason}` : ''}`;
    let master: MasterView;
    let builderName: string;
    let waiting: BuildRequest[];
    if (/^\d+$/.test(target)) {
      const { masters } = ctx.services;
      if (masterName === undefined && masters.several) throw new UsageError(`Request ids are per master: say which with --master=NAME (${masters.list.map((m) => m.name).join(', ')}).`);
      master = masterName === undefined ? (masters.list[0] ?? masterNamed(ctx, '')) : masterNamed(ctx, masterName);
      checkMasterAuthz(ctx, master, cancel);
      const request = await master.client.getBuildRequest(Number(target));
      if (!request) throw new CommandError(`There is no build request ${target}. Say 'pending' to see the waiting ones.`);
      builderName = qualifiedName(ctx, master, (await master.client.getBuilderById(request.builderid))?.name ?? `builder ${request.builderid}`);
      if (request.complete || request.claimed) {
        await ctx.reply({ template: 'cancel-not-waiting', data: { id: request.buildrequestid, builder: builderName, complete: request.complete, result: request.results } });
        return;
      }
      waiting = [request];
    } else {
      const found = await findBuilder(ctx, target, masterName);
      master = found.master;
      checkMasterAuthz(ctx, master, cancel);
      builderName = qualifiedName(ctx, master, found.builder.name);
      waiting = await master.client.listBuildRequests({ builderid: found.builder.builderid, complete: false, claimed: false });
      if (waiting.length === 0) {
        await ctx.reply({ template: 'cancel-nothing', data: { builder: builderName } });
        return;
      }
    }
    // The master answers null to cancel whatever happened (even for an unknown id): each
    // request is read back to tell what the master did.
    for (const request of waiting) await master.client.cancelBuildRequest(request.buildrequestid, fullReason);
    const outcomes = await Promise.all(waiting.map((request) => settled(ctx, master, request.buildrequestid)));
    await ctx.reply({
      template: 'cancel-done',
      data: {
        builder: builderName,
        cancelled: outcomes.filter((o) => o.complete && o.results === CANCELLED).map((o) => o.buildrequestid),
        other: outcomes.filter((o) => !(o.complete && o.results === CANCELLED)).map((o) => ({ id: o.buildrequestid, claimed: o.claimed, complete: o.complete, result: o.results })),
      },
    });
  },
};

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
