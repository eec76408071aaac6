/**
 * The bot's core as the fuzzer drives it: the real Dispatcher, registry and authz, on two
 * lanes. The full lane runs the real command handlers against the in-process fake master
 * (with hostile builder names on it); the fast lane swaps each handler for a stub that echoes
 * the arguments back or throws with them, so parsing, authz, the dispatcher's error boundary
 * and rendering see every line at a fraction of the cost. Every control call (force and stop
 * on the master, join and leave on the chat) is recorded with the user it ran for.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';
import { Agent } from 'undici';
import type { BuildbotClient } from '../../../src/buildbot/client.js';
import { MasterRejectedError } from '../../../src/buildbot/errors.js';
import { createBuildbotClient } from '../../../src/buildbot/rest-client.js';
import { createAuthzPolicy } from '../../../src/core/authz.js';
import { masterSettings } from '../../../src/config/masters-schema.js';
import { createMasterSet } from '../../../src/masters/master-set.js';
import { CommandError, UsageError, type Capabilities, type Command, type CommandContext } from '../../../src/core/command.js';
import { Dispatcher, type CommandOutcome } from '../../../src/core/dispatcher.js';
import type { ChatRef, ChatUser } from '../../../src/core/message.js';
import { CommandRegistry, loadCommands } from '../../../src/core/registry.js';
import type { Reply } from '../../../src/core/reply.js';
import { NotificationService } from '../../../src/notify/notification-service.js';
import { openDatabase } from '../../../src/store/open-database.js';
import { startFakeMaster, testMasterSeed, type FakeMaster } from '../../fakes/fake-master.js';
import type { GeneratorVocabulary } from './command-line-generator.js';
import { fuzzPlatforms, type FuzzPlatform } from './fuzz-platforms.js';

/** Builder names a master may well have, and that must never break a reply. */
export const HOSTILE_BUILDERS = [
  '<b>bold</b> & co', 'it\'s "quoted"', 'red\x0304 builder\x0f', 'emoji-👍🏽-👨‍👩‍👧‍👦', 'line\nbreak', `long-${'x'.repeat(400)}`, '&amp;&lt;', 'a_b*c`d',
];

/** Change comments, authors, branches and revisions as odd as git lets people make them. */
const HOSTILE_TEXT = ['<b>unclosed', 'fix & </a> break', '\x02bold\x02 \x0304red', 'CRLF\r\nPRIVMSG #ci :owned', '&#0;&amp', '👨‍👩‍👧‍👦 ​ \u202e'];

export type Lane = 'fast' | 'full';

export interface ControlCall {
  /** force, stop, join or leave (any command name for stub runs) */
  command: string;
  platform: FuzzPlatform;
  user: ChatUser;
  /** The arguments of a stub run: a dangerous command's read-only use (alias list) is safe. */
  args?: string[];
}

export interface CaseOutcome {
  replies: Reply[];
  /** Command name and outcome, as the dispatcher reported it. */
  outcomes: { command: string; outcome: CommandOutcome }[];
  /** Full lane: errors a handler threw that no user should cause (a bug, not a refusal). */
  unexpectedErrors: unknown[];
}

interface Actor {
  platform: FuzzPlatform;
  user: ChatUser;
  outcome: CaseOutcome;
}

export interface FuzzBot {
  fake: FakeMaster;
  vocabulary: GeneratorVocabulary;
  /** Every control call made, with who it ran for. */
  controlCalls: ControlCall[];
  /** Fast lane: every (stub) handler that ran, with who it ran for. */
  stubRuns: ControlCall[];
  registry: CommandRegistry;
  run(lane: Lane, platform: FuzzPlatform, user: ChatUser, chat: ChatRef, text: string): Promise<CaseOutcome>;
  close(): Promise<void>;
}

const EXPECTED_ERRORS = [UsageError, CommandError, MasterRejectedError];

export async function startFuzzBot(): Promise<FuzzBot> {
  // Builds end within 40 ms, so force and stop see them through; 'slow' runs 2 s (27 s on
  // the real master) so that a stop has a build to stop.
  const durations = { ...Object.fromEntries(testMasterSeed().builders.map((b) => [b.name, 40])), slow: 2_000 };
  const fake = await startFakeMaster({ buildStartDelayMs: 5, stopDelayMs: 5, durations });
  for (const name of HOSTILE_BUILDERS) {
    fake.addBuilder({ name, tags: ['fuzz'] });
    fake.startBuild({ builder: name, durationMs: 1, result: 2, stateString: `failed <i>${name}</i> \x0304&\r\n(failure)` });
  }
  for (const text of HOSTILE_TEXT) {
    fake.addChange({ comments: `${text} ${'long first line '.repeat(120)}\nsecond line`, author: `${text} <a@b.c>`, branch: `feature/${text}`, revision: text });
  }
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 64 });
  // The fake master shares this process and never goes down; a request may queue behind 64
  // busy connections and the fast lane's CPU work, so a short timeout would measure the
  // machine's load, not the bot.
  const client = createBuildbotClient({ url: fake.url, dispatcher: agent, retry: { baseDelayMs: 1 }, timeoutMs: 300_000 });
  const actors = new AsyncLocalStorage<Actor>();
  const controlCalls: ControlCall[] = [];
  const stubRuns: ControlCall[] = [];
  const recordControl = (command: string) => {
    const actor = actors.getStore();
    if (!actor) throw new Error(`${command} ran outside any fuzz case`);
    controlCalls.push({ command, platform: actor.platform, user: actor.user });
  };
  const observed: BuildbotClient = {
    ...client,
    baseUrl: client.baseUrl,
    force: (request) => {
      recordControl('force');
      return client.force(request);
    },
    stopBuild: (buildid, reason) => {
      recordControl('stop');
      return client.stopBuild(buildid, reason);
    },
  };
  const chatControl = {
    join: async () => recordControl('join'),
    leave: async () => recordControl('leave'),
  };

  const real = await loadCommands();
  const all = real.list({ chatControl, commandPrefix: '/' });
  const full = new CommandRegistry(all.map((command) => observeErrors(command, actors)));
  const fast = new CommandRegistry(all.map((command) => stubbed(command, actors, stubRuns)));
  const db = openDatabase(':memory:');
  const logger = pino({ level: 'silent' });
  const masters = createMasterSet({ masters: [masterSettings({ url: fake.url })], logger, client: observed });
  const notifications = new NotificationService({ db, logger, masters, config: { tags: undefined, notify: { maxAgeMinutes: 60, workerMissingAfterMinutes: 0 } } });
  const dispatcher = (registry: CommandRegistry) =>
    new Dispatcher({
      registry,
      services: {
        masters, notifications: notifications.control,
        bot: { name: 'buildbot-chat', version: '0.0.0-fuzz', sourceUrl: 'https://example.invalid/buildbot-chat' }, tags: null,
        timing: { buildStartWaitMs: 100, buildStopWaitMs: 100, pollIntervalMs: 10 },
      },
      authz: new Map(fuzzPlatforms.map((p) => [p.name, createAuthzPolicy(p.authz)])),
      logger,
      onOutcome: (command, outcome) => actors.getStore()?.outcome.outcomes.push({ command, outcome }),
    });
  const dispatchers = { fast: dispatcher(fast), full: dispatcher(full) };

  return {
    fake,
    vocabulary: {
      commands: all.flatMap((c) => [c.name, ...(c.aliases ?? [])]),
      builders: fake.state.builders.map((b) => b.name),
    },
    controlCalls,
    stubRuns,
    registry: real,
    async run(lane, platform, user, chat, text) {
      const outcome: CaseOutcome = { replies: [], outcomes: [], unexpectedErrors: [] };
      const capabilities: Capabilities =
        platform.name === 'irc' ? { chatControl } : platform.commandPrefix ? { commandPrefix: platform.commandPrefix } : {};
      const message = { chat, user, text, addressed: true };
      const send = async (reply: Reply) => void outcome.replies.push(reply);
      await actors.run({ platform, user, outcome }, () => dispatchers[lane].handle(message, capabilities, send));
      return outcome;
    },
    async close() {
      await agent.destroy();
      await fake.close();
      db.close();
    },
  };
}

/** The real handler, with any error no user input should cause recorded for the case. */
function observeErrors(command: Command, actors: AsyncLocalStorage<Actor>): Command {
  return {
    ...command,
    async run(ctx) {
      try {
        await command.run(ctx);
      } catch (error) {
        if (!EXPECTED_ERRORS.some((kind) => error instanceof kind)) actors.getStore()?.outcome.unexpectedErrors.push(error);
        throw error;
      }
    },
  };
}

/**
 * A handler that answers with what it was given, in the ways handlers answer: a plain text
 * reply and a template with the text as data, or a usage error, a command error or a crash
 * carrying it. Which one depends on the line, so a case repeats exactly.
 */
function stubbed(command: Command, actors: AsyncLocalStorage<Actor>, runs: ControlCall[]): Command {
  return {
    ...command,
    async run(ctx: CommandContext) {
      const actor = actors.getStore();
      if (actor) runs.push({ command: command.name, platform: actor.platform, user: actor.user, args: ctx.args });
      const echo = ctx.args.join(' ');
      switch (ctx.argText.length % 4) {
        case 0:
          await ctx.reply(ctx.argText);
          await ctx.reply({ template: 'hello', data: { greeting: echo, name: ctx.message.user.name } });
          return;
        case 1:
          throw new UsageError(echo);
        case 2:
          throw new CommandError(ctx.argText);
        default:
          throw new TypeError(`stub crash on ${ctx.argText}`);
      }
    },
  };
}
