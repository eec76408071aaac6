import { UsageError, type Command } from '../src/core/command.js';
import { checkMasterAuthz, findBuilder, qualifiedName, takeMasterOption } from './support/masters.js';
import { buildUrl } from '../src/buildbot/links.js';
import { describeUser } from './support/describe-user.js';
import { waitFor } from './support/wait-for.js';
import { quoteArgument } from '../src/core/form.js';
import { runningBuilders } from './support/running-builders.js';

const stop: Command = {
  name: 'stop',
  usage: 'stop build [--master=NAME] BUILDER [REASON]',
  summary: 'stop every running build of a builder',
  dangerous: true,
  async run(ctx) {
    if (ctx.args.length === 0 && ctx.capabilities.buttons) {
      const running = await runningBuilders(ctx);
      if (running.length === 0) {
        await ctx.reply({ template: 'running-none' });
        return;
      }
      await ctx.reply({
        template: 'running-choose',
        data: { question: 'Which builder do you want to stop?', builders: running },
        choices: running.map((b) => ({ label: `Stop ${b.name} ${b.numbers.map((n) => `#${n}`).join(' ')}`, command: `stop build ${quoteArgument(b.name)}` })),
      });
      return;
    }
    const { args, master: masterName } = takeMasterOption(ctx.args);
    const { name, reasonWords } = parseStopArgs(args);
    const { master, builder } = await findBuilder(ctx, name, masterName);
    checkMasterAuthz(ctx, master, stop);
    const client = master.client;
    const shownName = qualifiedName(ctx, master, builder.name);
    // Buildbot answers success to stop for any build id, running or not: look first.
    const running = await client.listBuilds({ builderid: builder.builderid, complete: false });
    if (running.length === 0) {
      await ctx.reply({ template: 'stop-nothing', data: { builder: shownName } });
      return;
    }
    const config = await master.masterConfig();
    const reason = reasonWords.join(' ');
    const fullReason = `stopped by ${describeUser(ctx.message)}${reason ? `: ${reason}` : ''}`;
    for (const build of running) {
      await client.stopBuild(build.buildid, fullReason);
      ctx.note(`stop of build #${build.number} accepted`);
    }
    const builds = running.map((b) => ({ number: b.number, buildid: b.buildid, url: buildUrl(config.buildbotURL, builder.builderid, b.number) }));
    await ctx.reply({ template: 'stop-requested', data: { builder: shownName, builds } });
    const { buildStopWaitMs, pollIntervalMs } = ctx.services.timing;
    await Promise.all(
      builds.map(async (b) => {
        const ended = await waitFor(async () => {
          const current = await client.getBuild(b.buildid);
          return current?.complete ? current : null;
        }, buildStopWaitMs, pollIntervalMs);
        await ctx.reply({
          template: 'stop-ended',
          data: { builder: shownName, number: b.number, url: b.url, result: ended?.results ?? null, waited: Math.round(buildStopWaitMs / 1000) },
        });
      }),
    );
  },
  async describe(ctx) {
    if (ctx.args.length === 0 && ctx.capabilities.buttons) return null;
    const { args, master: masterName } = takeMasterOption(ctx.args);
    const { name, reasonWords } = parseStopArgs(args);
    const { master, builder } = await findBuilder(ctx, name, masterName);
    const running = await master.client.listBuilds({ builderid: builder.builderid, complete: false });
    // nothing to stop: run says so without a question
    if (running.length === 0) return null;
    const reason = reasonWords.join(' ');
    return `Stop ${qualifiedName(ctx, master, builder.name)} ${running.map((b) => `#${b.number}`).join(', ')}${reason ? ` because "${reason}"` : ''}?`;
  },
};

function parseStopArgs(args: string[]): { name: string; reasonWords: string[] } {
  const [verb, name, ...reasonWords] = args;
  if (verb !== 'build' || name === undefined) throw new UsageError(verb !== undefined && verb !== 'build' ? `Say 'stop build ...', not 'stop ${verb}'.` : '');
  return { name, reasonWords };
}
export default stop;
