import { CommandError, UsageError, type Command, type CommandContext, type MasterView } from '../src/core/command.js';
import type { Worker } from '../src/buildbot/schemas.js';
import { describeUser } from './support/describe-user.js';
import { checkMasterAuthz, mastersFor, takeMasterOption } from './support/masters.js';
import { waitFor } from './support/wait-for.js';

const worker: Command = {
  name: 'worker',
  usage: 'worker pause|unpause [--master=NAME] NAME [REASON]',
  summary: 'pause a worker (it takes no new builds; running ones go on) or unpause it',
  help: '"list workers" shows which are paused.',
  dangerous: true,
  async run(ctx) {
    const { master, found, pause, reason } = await findWorker(ctx);
    if (found.paused === pause) {
      await ctx.reply({ template: 'worker-control', data: { worker: found.name, pause, already: true, confirmed: true } });
      return;
    }
    const action = pause ? 'pause' : 'unpause';
    await master.client.setWorkerPaused(found.workerid, pause, `${action}d by ${describeUser(ctx.message)}${reason ? `: ${reason}` : ''}`);
    // The master answers null whatever it did: read the worker back.
    const { buildStopWaitMs, pollIntervalMs } = ctx.services.timing;
    const confirmed = await waitFor(
      async () => ((await master.client.listWorkers()).find((w) => w.workerid === found.workerid)?.paused === pause ? true : null),
      buildStopWaitMs,
      pollIntervalMs,
    );
    ctx.note(confirmed ? `${action}d, read back` : `${action} asked, not shown by the master`);
    await ctx.reply({ template: 'worker-control', data: { worker: found.name, pause, already: false, confirmed: confirmed === true } });
  },
  async describe(ctx) {
    const { found, pause, reason } = await findWorker(ctx);
    // already so: run says so without a question
    if (found.paused === pause) return null;
    const what = pause ? `Pause worker ${found.name} (it takes no new builds until unpaused)` : `Unpause worker ${found.name}`;
    return `${what}${reason ? ` because "${reason}"` : ''}?`;
  },
};

/** The worker the arguments name, on the one master that has it, and what to do with it. */
async function findWorker(ctx: CommandContext): Promise<{ master: MasterView; found: Worker; pause: boolean; reason: string }> {
  const { args, master: masterName } = takeMasterOption(ctx.args);
  const [verb, name, ...reasonWords] = args;
  const action = verb?.toLowerCase();
  if (action !== 'pause' && action !== 'unpause') throw new UsageError(verb === undefined ? '' : `I can pause or unpause a worker, not '${verb}' it.`);
  if (name === undefined) throw new UsageError('Which worker?');
  const searched = await Promise.all(mastersFor(ctx, masterName).map(async (master) => ({ master, workers: await master.client.listWorkers() })));
  const hits = searched.flatMap(({ master, workers }) => workers.filter((w) => w.name === name).map((w) => ({ master, found: w })));
  if (hits.length > 1) throw new CommandError(`Worker '${name}' is on ${hits.length} masters: say which with --master=NAME (${hits.map((h) => h.master.name).join(', ')}).`);
  const [hit] = hits;
  if (!hit) {
    const names = [...new Set(searched.flatMap((s) => s.workers.map((w) => w.name)))].sort();
    throw new CommandError(`No worker named '${name}'. Workers: ${names.join(', ') || 'none'}.`);
  }
  checkMasterAuthz(ctx, hit.master, worker);
  return { ...hit, pause: action === 'pause', reason: reasonWords.join(' ') };
}
export default worker;
