/**
 * Which master a command talks to. With one master nothing here shows. With several, a command
 * names one with `--master=NAME` or a builder as `MASTER/BUILDER`; a builder name that two
 * masters share is answered with the choices, never a guess.
 */
import { builderHasTags } from '../../src/buildbot/builder-overview.js';
import type { Builder } from '../../src/buildbot/schemas.js';
import { createAuthzPolicy } from '../../src/core/authz.js';
import { CommandError, UsageError, type CommandContext, type MasterView } from '../../src/core/command.js';
import { quoteArgument } from '../../src/core/form.js';
import { MAX_NAME_LENGTH } from '../../src/buildbot/rest-client.js';
import type { Choice } from '../../src/core/reply.js';

const MASTER_OPTION = /^--master=(.*)$/;

/** The arguments without `--master=NAME`, and the name. */
export function takeMasterOption(args: readonly string[]): { args: string[]; master: string | undefined } {
  let master: string | undefined;
  const rest: string[] = [];
  for (const arg of args) {
    const match = MASTER_OPTION.exec(arg);
    if (match) master = match[1];
    else rest.push(arg);
  }
  return { args: rest, master };
}

/** The master called `name`; a wrong name is answered with the names there are. */
export function masterNamed(ctx: CommandContext, name: string): MasterView {
  const master = ctx.services.masters.get(name);
  if (master) return master;
  const names = ctx.services.masters.list.map((m) => m.name).join(', ');
  throw new CommandError(`No master named '${name}'. The masters are: ${names}.`);
}

/** The masters a command covers: the one named, or every one. */
export function mastersFor(ctx: CommandContext, name: string | undefined): readonly MasterView[] {
  return name === undefined ? ctx.services.masters.list : [masterNamed(ctx, name)];
}

/** The builders `tags` lets through on this master: its own `tags`, else the global option. */
export function tagsOn(ctx: CommandContext, master: MasterView): string[] | null {
  return master.settings.tags ?? ctx.services.tags;
}

/** `main/fast-pass` with several masters, `fast-pass` with one. */
export function qualifiedName(ctx: CommandContext, master: MasterView, builder: string): string {
  return ctx.services.masters.several ? `${master.name}/${builder}` : builder;
}

/**
 * A master's own `authz` narrows who may run commands there (on top of the platform's, which
 * the dispatcher checked): a user it does not allow is refused on that master alone.
 */
export function checkMasterAuthz(ctx: CommandContext, master: MasterView, command: { name: string; dangerous: boolean }): void {
  if (Object.keys(master.settings.authz).length === 0) return;
  if (createAuthzPolicy(master.settings.authz).allows(command, ctx.message.user)) return;
  throw new CommandError(`You may not run ${command.name} on master ${master.name}.`);
}

export interface FoundBuilder {
  master: MasterView;
  builder: Builder;
}

/** A builder by name (`BUILDER`, `MASTER/BUILDER`, or `--master=` given), with a reply that helps when the name is wrong. */
export async function findBuilder(ctx: CommandContext, name: string, masterName?: string): Promise<FoundBuilder> {
  const { masters } = ctx.services;
  // Longer than any name a master holds: answered at once, without a request.
  if (name.length > MAX_NAME_LENGTH) throw new CommandError(`No builder named '${shownName(name)}'. Try 'list builders'.`);
  const slash = name.indexOf('/');
  const prefix = slash > 0 ? masters.get(name.slice(0, slash)) : undefined;
  if (masterName === undefined && prefix && masters.several) return findBuilder(ctx, name.slice(slash + 1), prefix.name);
  const searched = mastersFor(ctx, masterName);
  const found = (await Promise.all(searched.map(async (master) => ({ master, builder: await master.client.getBuilder(name) })))).filter(
    (hit): hit is FoundBuilder => hit.builder !== null,
  );
  const [first, ...others] = found;
  if (first && others.length === 0) return first;
  if (first) {
    const names = found.map((hit) => `${hit.master.name}/${hit.builder.name}`);
    throw new CommandError(`'${name}' is a builder on ${found.length} masters: say which, ${names.join(' or ')}.`, choicesFor(ctx, name, names));
  }
  const all = (await Promise.all(searched.map(async (master) => (await master.client.listBuilders()).map((b) => qualifiedName(ctx, master, b.name))))).flat();
  const lower = name.toLowerCase();
  const close = all.filter((candidate) => {
    const bare = candidate.slice(candidate.indexOf('/') + 1).toLowerCase();
    return bare.includes(lower) || lower.includes(bare);
  });
  const hint = close.length > 0 ? ` Did you mean ${close.slice(0, 5).join(', ')}?` : ` Try 'list builders'.`;
  throw new CommandError(`No builder named '${shownName(name)}'${masterName !== undefined && masters.several ? ` on master ${masterName}` : ''}.${hint}`);
}

/** How much of a wrong name the answer repeats. */
const SHOWN_NAME_LENGTH = 80;

function shownName(name: string): string {
  const chars = Array.from(name);
  return chars.length > SHOWN_NAME_LENGTH ? `${chars.slice(0, SHOWN_NAME_LENGTH - 1).join('')}…` : name;
}

/** The command line again with each qualified name in place of the ambiguous one. */
function choicesFor(ctx: CommandContext, name: string, qualified: string[]): Choice[] {
  const command = ctx.message.text.trim().split(/\s+/)[0] ?? '';
  return qualified.map((full) => ({
    label: full,
    command: [command, ...ctx.args.map((arg) => (arg === name ? full : arg))].map(quoteArgument).join(' '),
  }));
}

/** What `status X` and `last X` cover, per master: the builder named, or with `all` or no name every builder `tags` lets through. */
export async function buildersFor(ctx: CommandContext, wanted: string | undefined, masterName: string | undefined): Promise<{ master: MasterView; builders: Builder[] }[]> {
  if (wanted !== undefined && wanted !== 'all') {
    const { master, builder } = await findBuilder(ctx, wanted, masterName);
    return [{ master, builders: [builder] }];
  }
  return Promise.all(
    mastersFor(ctx, masterName).map(async (master) => ({
      master,
      builders: (await master.client.listBuilders()).filter((b) => builderHasTags(b, tagsOn(ctx, master))),
    })),
  );
}

/**
 * `status` and `last`: `[--master=NAME] [BUILDER|all]` parsed, then `answer` for each master's
 * builders, under the master's name when the answer covers several.
 */
export async function answerPerMaster(
  ctx: CommandContext,
  answer: (master: MasterView, builders: Builder[], wanted: string | undefined) => Promise<void>,
): Promise<void> {
  const { args, master } = takeMasterOption(ctx.args);
  if (args.length > 1) throw new UsageError();
  const [wanted] = args;
  const groups = await buildersFor(ctx, wanted, master);
  for (const group of groups) {
    if (groups.length > 1) await ctx.reply({ template: 'master-heading', data: { master: group.master.name } });
    await answer(group.master, group.builders, wanted);
  }
}
