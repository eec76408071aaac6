import { CommandError, UsageError, type Command } from '../src/core/command.js';
import { buildUrl } from '../src/buildbot/links.js';
import { failingStep, readLogTail } from '../src/buildbot/log-tail.js';
import type { Build } from '../src/buildbot/schemas.js';
import { findBuilder, qualifiedName, takeMasterOption } from './support/masters.js';

const DEFAULT_LINES = 10;
const MAX_LINES = 50;

function takeLinesOption(args: string[]): { args: string[]; lines: number } {
  let lines = DEFAULT_LINES;
  const rest: string[] = [];
  for (const arg of args) {
    const match = /^--lines=(.*)$/.exec(arg);
    if (!match) rest.push(arg);
    else if (/^\d+$/.test(match[1] ?? '') && Number(match[1]) >= 1) lines = Math.min(Number(match[1]), MAX_LINES);
    else throw new UsageError(`--lines takes a number from 1 to ${MAX_LINES}.`);
  }
  return { args: rest, lines };
}

const log: Command = {
  name: 'log',
  usage: `log [--lines=N] [--master=NAME] BUILDER [NUMBER] [STEP]`,
  summary: "the last lines of a step's output: the failing step of the last build by default",
  help: `N is ${DEFAULT_LINES} unless given, at most ${MAX_LINES}. STEP is a step's name or number; the answer ends with a link to the whole log.`,
  dangerous: false,
  async run(ctx) {
    const { args: withoutMaster, master: masterName } = takeMasterOption(ctx.args);
    const { args, lines } = takeLinesOption(withoutMaster);
    const [name, numberText, stepText, ...extra] = args;
    if (name === undefined || extra.length > 0) throw new UsageError();
    const { master, builder } = await findBuilder(ctx, name, masterName);
    const client = master.client;
    const shownName = qualifiedName(ctx, master, builder.name);
    let build: Build | null;
    if (numberText === undefined) {
      [build = null] = await client.listBuilds({ builderid: builder.builderid, complete: true, order: '-number', limit: 1 });
      if (!build) throw new CommandError(`${shownName} has no completed build yet.`);
    } else {
      if (!/^\d+$/.test(numberText)) throw new UsageError(`'${numberText}' is not a build number.`);
      build = await client.getBuildByNumber(builder.builderid, Number(numberText));
      if (!build) throw new CommandError(`${shownName} has no build #${numberText}.`);
    }
    const steps = await client.listSteps(build.buildid);
    const step =
      stepText === undefined
        ? (failingStep(steps) ?? [...steps].sort((a, b) => a.number - b.number).at(-1))
        : steps.find((s) => s.name === stepText || String(s.number) === stepText);
    if (!step) {
      throw new CommandError(stepText === undefined ? `Build #${build.number} of ${shownName} has no steps.` : `Build #${build.number} of ${shownName} has no step '${stepText}'. Steps: ${steps.map((s) => s.name).join(', ')}.`);
    }
    const tail = await readLogTail(client, build.buildid, step, lines);
    const config = await master.masterConfig();
    await ctx.reply({
      template: 'log-tail',
      data: {
        builder: shownName,
        number: build.number,
        url: buildUrl(config.buildbotURL, builder.builderid, build.number),
        step: tail.step,
        stepResult: step.results,
        lines: tail.lines,
        rawUrl: tail.rawUrl,
      },
    });
  },
};
export default log;
