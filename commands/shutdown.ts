import { UsageError, type Command } from '../src/core/command.js';

const VERBS = ['check', 'start', 'stop', 'now'] as const;
type Verb = (typeof VERBS)[number];

function isVerb(word: string | undefined): word is Verb {
  return VERBS.some((verb) => verb === word);
}

const shutdown: Command = {
  name: 'shutdown',
  usage: 'shutdown check|start|stop|now',
  summary: 'the master\'s shutdown state (the REST API offers no shutdown control)',
  help: 'check lists the masters and whether each is active. Buildbot\'s REST API has no clean-shutdown call, so start, stop and now explain how to do it on the master\'s host.',
  dangerous: true,
  async run(ctx) {
    const [verb] = ctx.args;
    if (ctx.args.length !== 1 || !isVerb(verb)) throw new UsageError();
    if (verb !== 'check') {
      await ctx.reply({ template: 'shutdown-unsupported', data: { verb } });
      return;
    }
    for (const master of ctx.services.masters.list) {
      const masters = await master.client.listMasters();
      await ctx.reply({ template: 'shutdown-check', data: { masters, master: ctx.services.masters.several ? master.name : null } });
    }
  },
  // check only reads, and the others only explain: nothing to confirm
  async describe() {
    return null;
  },
};
export default shutdown;
