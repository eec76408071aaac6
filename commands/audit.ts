import { CommandError, UsageError, type Command } from '../src/core/command.js';

const DEFAULT_ENTRIES = 10;
const MAX_ENTRIES = 100;

const audit: Command = {
  name: 'audit',
  usage: 'audit [N] [--user=USER] [--command=COMMAND]',
  summary: 'the latest dangerous commands: who, where, what, and what came of it',
  help: `Shows the last N entries (default ${DEFAULT_ENTRIES}, at most ${MAX_ENTRIES}) of the audit log, oldest first: every dangerous command allowed, refused, asked, confirmed or cancelled. USER matches a user id or name.`,
  dangerous: true,
  async run(ctx) {
    const query: { limit: number; user?: string; command?: string } = { limit: DEFAULT_ENTRIES };
    for (const arg of ctx.args) {
      const option = /^--(user|command)=(.+)$/.exec(arg);
      if (option) query[option[1] as 'user' | 'command'] = option[2] as string;
      else if (/^\d+$/.test(arg) && Number(arg) >= 1) query.limit = Math.min(Number(arg), MAX_ENTRIES);
      else throw new UsageError(arg.startsWith('--') ? `Unknown option '${arg}'.` : `'${arg}' is not a number of entries.`);
    }
    const trail = ctx.services.audit;
    if (!trail) throw new CommandError('This bot keeps no audit log (it runs without a database).');
    const entries = trail.latest(query).map((entry) => ({ ...entry, when: new Date(entry.at).toISOString().slice(0, 19).replace('T', ' ') + ' UTC' }));
    await ctx.reply({ template: 'audit-entries', data: { entries, user: query.user ?? null, command: query.command ?? null } });
  },
};
export default audit;
