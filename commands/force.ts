import { UsageError, type Command } from '../src/core/command.js';
import { buildUrl } from '../src/buildbot/links.js';
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
  help: 'Properties are checked against the scheduler\'s parameters; say "force build BUILDER" with a wrong --props name to see them.',
  dangerous: true,
  async run(ctx) {
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
export default force;
