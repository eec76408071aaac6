import { UsageError, type Command, type CommandContext, type MasterView } from '../src/core/command.js';
import { builderHasTags, compareNames, onlineBuilderIds } from '../src/buildbot/builder-overview.js';
import { mastersFor, tagsOn, takeMasterOption } from './support/masters.js';

const KINDS = ['builders', 'workers', 'changes'] as const;
type Kind = (typeof KINDS)[number];
const MAX_CHANGES = 50;

/** Accepts Buildbot's order (`list all builders`, `list 5 changes`) and the reverse. */
function parseListArgs(args: readonly string[]): { kind: Kind; all: boolean; count: number } {
  let kind: Kind | undefined;
  let all = false;
  let count = 10;
  for (const arg of args) {
    const word = arg.toLowerCase();
    const singular = KINDS.find((k) => k === word || k === `${word}s`);
    if (singular && !kind) kind = singular;
    else if (word === 'all') all = true;
    else if (/^\d+$/.test(word) && Number(word) > 0) count = Number(word);
    else throw new UsageError(`I can list builders, workers or changes, not '${arg}'.`);
  }
  if (!kind) throw new UsageError('What shall I list?');
  return { kind, all, count };
}

const list: Command = {
  name: 'list',
  usage: 'list [all|N] builders|workers|changes [--master=NAME]',
  summary: 'list builders (online ones, or all), workers, or the N latest changes',
  dangerous: false,
  async run(ctx) {
    const { args, master } = takeMasterOption(ctx.args);
    const wanted = parseListArgs(args);
    const masters = mastersFor(ctx, master);
    for (const one of masters) {
      if (masters.length > 1) await ctx.reply({ template: 'master-heading', data: { master: one.name } });
      await listOn(ctx, one, wanted);
    }
  },
};

async function listOn(ctx: CommandContext, master: MasterView, { kind, all, count }: ReturnType<typeof parseListArgs>): Promise<void> {
  const client = master.client;
  if (kind === 'builders') {
    const [builders, workers] = await Promise.all([client.listBuilders(), client.listWorkers()]);
    const online = onlineBuilderIds(workers);
    const shown = builders
      .filter((b) => builderHasTags(b, tagsOn(ctx, master)))
      .filter((b) => all || online.has(b.builderid))
      .map((b) => ({ name: b.name, online: online.has(b.builderid), tags: b.tags }))
      .sort((a, b) => compareNames(a.name, b.name));
    await ctx.reply({ template: 'list-builders', data: { builders: shown, all } });
  } else if (kind === 'workers') {
    const workers = await client.listWorkers();
    const shown = workers
      .filter((w) => all || w.configured_on.length > 0)
      .map((w) => ({ name: w.name, connected: w.connected_to.length > 0, configured: w.configured_on.length > 0, paused: w.paused, graceful: w.graceful }))
      .sort((a, b) => compareNames(a.name, b.name));
    await ctx.reply({ template: 'list-workers', data: { workers: shown } });
  } else {
    const limit = all ? MAX_CHANGES : Math.min(count, MAX_CHANGES);
    const changes = await client.listChanges(limit);
    await ctx.reply({ template: 'list-changes', data: { changes: [...changes].reverse(), capped: all || count > MAX_CHANGES, limit } });
  }
}
export default list;
