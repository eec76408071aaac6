import { UsageError, type Command, type CommandContext } from '../src/core/command.js';
import { buildUrl } from '../src/buildbot/links.js';
import { builderHasTags } from '../src/buildbot/builder-overview.js';
import { forceForm } from './support/force/force-form.js';
import { quoteArgument } from '../src/core/form.js';
import { describeUser, ownerWithAddress } from './support/describe-user.js';
import { checkMasterAuthz, findBuilder, mastersFor, qualifiedName, tagsOn, takeMasterOption } from './support/masters.js';
import { buildForceParams } from './support/force/build-force-params.js';
import { chooseScheduler } from './support/force/choose-scheduler.js';
import { parseForceArgs } from './support/force/parse-force-args.js';
import { waitFor } from './support/wait-for.js';

const force: Command = {
  name: 'force',
  usage: 'force build [--codebase=CODEBASE] [--branch=BRANCH] [--revision=REVISION] [--props=NAME=VALUE,...] [--master=NAME] BUILDER [REASON]',
  summary: 'start a build through the ForceScheduler that covers the builder',
  help: 'Properties are checked against the scheduler\'s parameters: "force form BUILDER" lists them (where the chat has buttons, "force" alone walks you through them).',
  dangerous: true,
  async run(ctx) {
    const { args: words, master: masterName } = takeMasterOption(ctx.args);
    if (opensForm(ctx, words)) {
      await offerForm(ctx, words[1], masterName);
      return;
    }
    if (words.length === 0) throw new UsageError();
    const args = parseForceArgs(words);
    const { master, builder } = await findBuilder(ctx, args.builder, masterName);
    checkMasterAuthz(ctx, master, force);
    const client = master.client;
    const shownName = qualifiedName(ctx, master, builder.name);
    const scheduler = chooseScheduler(await client.listForceSchedulers(), builder.name);
    const who = describeUser(ctx.message);
    const params = buildForceParams(scheduler, {
      ...args,
      reason: args.reason ? `${args.reason} (forced by ${who})` : `forced by ${who}`,
      username: ownerWithAddress(ctx.message),
    });
    const result = await client.force({ scheduler: scheduler.name, builderid: builder.builderid, params });
    const requestId = result.requests[String(builder.builderid)];
    ctx.note(requestId !== undefined ? `build request ${requestId}` : 'the master made no build request');
    await ctx.reply({ template: 'force-requested', data: { builder: shownName, scheduler: scheduler.name, request: requestId ?? null } });
    if (requestId === undefined) return;
    const { buildStartWaitMs, pollIntervalMs } = ctx.services.timing;
    const build = await waitFor(async () => (await client.listBuildsForRequest(requestId))[0], buildStartWaitMs, pollIntervalMs);
    if (!build) {
      await ctx.reply({ template: 'force-waiting', data: { builder: shownName, request: requestId, seconds: Math.round(buildStartWaitMs / 1000) } });
      return;
    }
    ctx.note(`build #${build.number}`);
    const config = await master.masterConfig();
    await ctx.reply({
      template: 'force-started',
      data: { builder: shownName, number: build.number, url: buildUrl(config.buildbotURL, builder.builderid, build.number) },
    });
  },
  async describe(ctx) {
    const { args: words, master: masterName } = takeMasterOption(ctx.args);
    if (opensForm(ctx, words)) return null;
    const args = parseForceArgs(words);
    const { master, builder } = await findBuilder(ctx, args.builder, masterName);
    const props = Object.entries(args.props).map(([name, value]) => `${name}=${value}`);
    return [
      `Force ${qualifiedName(ctx, master, builder.name)}`,
      args.codebase ? ` (codebase ${args.codebase})` : '',
      args.branch !== undefined ? ` on branch ${args.branch}` : '',
      args.revision !== undefined ? ` at revision ${args.revision}` : '',
      props.length > 0 ? ` with ${props.join(', ')}` : '',
      args.reason ? ` because "${args.reason}"` : '',
      '?',
    ].join('');
  },
};
function opensForm(ctx: CommandContext, words: string[]): boolean {
  return words[0] === 'form' || (words.length === 0 && ctx.capabilities.buttons === true);
}

/** Without a builder: the builders that can be forced, as choices; with one: its scheduler's form. */
async function offerForm(ctx: CommandContext, builderName: string | undefined, masterName: string | undefined): Promise<void> {
  const prefix = ctx.capabilities.commandPrefix ?? '';
  if (builderName === undefined) {
    const perMaster = await Promise.all(
      mastersFor(ctx, masterName).map(async (master) => {
        const [schedulers, builders] = await Promise.all([master.client.listForceSchedulers(), master.client.listBuilders()]);
        const forcible = new Set(schedulers.filter((s) => s.enabled).flatMap((s) => s.builderNames));
        return builders.filter((b) => forcible.has(b.name) && builderHasTags(b, tagsOn(ctx, master))).map((b) => qualifiedName(ctx, master, b.name));
      }),
    );
    const names = perMaster.flat();
    await ctx.reply({
      template: 'force-choose-builder',
      data: { builders: names },
      choices: names.map((name) => ({ label: name, command: `force form ${quoteArgument(name)}` })),
    });
    return;
  }
  const { master, builder } = await findBuilder(ctx, builderName, masterName);
  const scheduler = chooseScheduler(await master.client.listForceSchedulers(), builder.name);
  const shownName = qualifiedName(ctx, master, builder.name);
  const form = forceForm(scheduler, shownName);
  await ctx.reply({ template: 'force-form', data: { builder: shownName, scheduler: scheduler.name, fields: form.fields, prefix }, form });
}

export default force;
