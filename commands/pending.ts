import type { Command, CommandContext, MasterView } from '../src/core/command.js';
import type { BuildRequest } from '../src/buildbot/schemas.js';
import { matchingNames, parseBuilderPattern, type BuilderPattern } from './support/builder-pattern.js';
import { LIST_LIMIT } from './support/list-limit.js';
import { mastersFor, takeMasterOption } from './support/masters.js';

interface WaitingEntry {
  master: MasterView;
  builder: string;
  request: BuildRequest;
}

async function waitingOn(ctx: CommandContext, master: MasterView, pattern: BuilderPattern): Promise<WaitingEntry[]> {
  const [builders, requests] = await Promise.all([
    master.client.listBuilders(),
    // waiting = neither claimed by a master nor complete (Buildbot's buildrequests endpoint)
    master.client.listBuildRequests({ complete: false, claimed: false }),
  ]);
  const names = matchingNames(ctx, master, builders, pattern);
  return requests.flatMap((request) => {
    const builder = names.get(request.builderid);
    return builder === undefined ? [] : [{ master, builder, request }];
  });
}

const pending: Command = {
  name: 'pending',
  usage: 'pending [--master=NAME] [REGEX]',
  summary: 'the build requests waiting for a worker: builder, request id, age and reason',
  help: 'REGEX picks builders by name (case-insensitive). "cancel REQUEST_ID" or "cancel BUILDER" removes waiting requests.',
  dangerous: false,
  async run(ctx) {
    const { args, master: masterName } = takeMasterOption(ctx.args);
    const pattern = parseBuilderPattern(args);
    const masters = mastersFor(ctx, masterName);
    const waiting = (await Promise.all(masters.map((master) => waitingOn(ctx, master, pattern)))).flat().sort((a, b) => a.request.submitted_at - b.request.submitted_at);
    const shown = waiting.slice(0, LIST_LIMIT);
    // the reason is the buildset's ("A build was forced by 'Alice <...>': why")
    const reasons = await Promise.all(shown.map(async (e) => (await e.master.client.getBuildset(e.request.buildsetid))?.reason ?? ''));
    const now = Date.now() / 1000;
    const webUrl = masters.length === 1 ? ((await masters[0]?.masterConfig())?.buildbotURL ?? null) : null;
    await ctx.reply({
      template: 'pending-requests',
      data: {
        requests: shown.map((e, i) => ({ id: e.request.buildrequestid, builder: e.builder, age: now - e.request.submitted_at, reason: reasons[i] ?? '' })),
        total: waiting.length,
        pattern: pattern.source,
        webUrl,
        prefix: ctx.capabilities.commandPrefix ?? '',
      },
    });
  },
};
export default pending;
