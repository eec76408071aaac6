import { UsageError, type Command, type CommandContext } from '../src/core/command.js';
import { buildUrl } from '../src/buildbot/links.js';
import { builderHasTags } from '../src/buildbot/builder-overview.js';
import { forceForm } from '../src/core/force/force-form.js';
import { quoteArgument } from '../src/core/form.js';
import { describeUser, ownerWithAddress } from '../src/core/describe-user.js';
import { findBuilder } from '../src/core/find-builder.js';
import { buildForceParams } from '../src/core/force/build-force-params.js';
import { chooseScheduler } from '../src/core/force/choose-scheduler.js';
import { parseForceArgs } from '../src/core/force/parse-force-args.js';
import { waitFor } from '../src/core/wait-for.js';

const force: Command = {
  name: 'force',
  usage: 'force build [--codebase=CODEBASE] [--branch=BRANCH] [--revision=REVISION] [--props=NAME=VALUE,...] BUILDER [REASON]',
  summary: 'start a build through the ForceScheduler that covers the builder',
  help: 'Properties are checked against the scheduler\'s parameters: "force form BUILDER" lists them (where the chat has buttons, "force" alone walks you through them).',
  dangerous: true,
  async run(ctx) {
    if (ctx.args[0] === 'form' || (ctx.args.length === 0 && ctx.capabilities.buttons)) {
      await offerForm(ctx, ctx.args[1]);
      return;
    }
    if (ctx.args.length === 0) throw new UsageError();
    const args = parseForceArgs(ctx.args);
    const client = ctx.services.buildbot;
    const builder = await findBuilder(client, args.builder);
    const scheduler = chooseScheduler(await client.listForceSchedulers(), builder.name);
    const who = describeUser(ctx.message);
    const params = buildForceParams(scheduler, {
      ...args,
      reason: args.reason ? `${args.reason} (forced by ${who})` : `forced by ${who}`,
      username: ownerWithAddress(ctx.message),
    });
    const result = await client.force({ scheduler: scheduler.name, builderid: builder.builderid, params });
    const requestId = result.requests[String(builder.builderid)];
    await ctx.reply({ template: 'force-requested', data: { builder: builder.name, scheduler: scheduler.name, request: requestId ?? null } });
    if (requestId === undefined) return;
    const { buildStartWaitMs, pollIntervalMs } = ctx.services.timing;
    const build = await waitFor(async () => (await client.listBuildsForRequest(requestId))[0], buildStartWaitMs, pollIntervalMs);
    if (!build) {
      await ctx.reply({ template: 'force-waiting', data: { builder: builder.name, request: requestId, seconds: Math.round(buildStartWaitMs / 1000) } });
      return;
    }
    const config = await ctx.services.masterConfig();
    await ctx.reply({
      template: 'force-started',
      data: { builder: builder.name, number: build.number, url: buildUrl(config.buildbotURL, builder.builderid, build.number) },
    });
  },
};
/** Without a builder: the builders that can be forced, as choices; with one: its scheduler's form. */
async function offerForm(ctx: CommandContext, builderName: string | undefined): Promise<void> {
  const client = ctx.services.buildbot;
  const prefix = ctx.capabilities.commandPrefix ?? '';
  if (builderName === undefined) {
    const [schedulers, builders] = await Promise.all([client.listForceSchedulers(), client.listBuilders()]);
    const forcible = new Set(schedulers.filter((s) => s.enabled).flatMap((s) => s.builderNames));
    const names = builders.filter((b) => forcible.has(b.name) && builderHasTags(b, ctx.services.tags)).map((b) => b.name);
    await ctx.reply({
      template: 'force-choose-builder',
      data: { builders: names },
      choices: names.map((name) => ({ label: name, command: `force form ${quoteArgument(name)}` })),
    });
    return;
  }
  const builder = await findBuilder(client, builderName);
  const scheduler = chooseScheduler(await client.listForceSchedulers(), builder.name);
  const form = forceForm(scheduler, builder.name);
  await ctx.reply({ template: 'force-form', data: { builder: builder.name, scheduler: scheduler.name, fields: form.fields, prefix }, form });
}

export default force;
