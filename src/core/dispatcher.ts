/**
 * The spine: a chat line becomes a command, authz decides, the command runs, replies go back.
 * Authz is checked here, before any handler, so no adapter can skip it. One error boundary
 * per command: a failure gives one short reply and one log line, never a crash.
 */
import type { Logger } from 'pino';
import { MasterAuthError, MasterRejectedError, MasterResponseError, MasterUnavailableError } from '../buildbot/errors.js';
import { createAuthzPolicy, type AuthzConfig, type AuthzPolicy } from './authz.js';
import { CommandError, DeniedError, UsageError, type Capabilities, type Command, type CommandContext, type Services } from './command.js';
import type { CommandSummary, CoreHandle } from './adapter.js';
import type { ChatUser, IncomingMessage } from './message.js';
import { isAvailable, type CommandRegistry } from './registry.js';
import type { Reply } from './reply.js';
import { splitArguments, UnclosedQuoteError } from './split-arguments.js';

export type CommandOutcome = 'ok' | 'denied' | 'usage' | 'unknown' | 'failed' | 'error';

export interface DispatcherOptions {
  registry: CommandRegistry;
  services: Omit<Services, 'registry'>;
  /** Per adapter name; an adapter without an entry gets the defaults (safe yes, dangerous no). */
  /** Each adapter's policy; `authorize` adds those of adapters created later. */
  authz?: ReadonlyMap<string, AuthzPolicy>;
  logger: Logger;
  /** Called once per handled line, for metrics. */
  onOutcome?: (command: string, outcome: CommandOutcome, adapter: string) => void;
}

export class Dispatcher implements CoreHandle {
  private taking = true;
  private readonly running = new Set<Promise<void>>();

  /** An adapter with no table of its own may run nothing but what authz allows everyone by default. */
  private readonly policies: Map<string, AuthzPolicy>;
  private readonly fallback = createAuthzPolicy({});

  constructor(private readonly options: DispatcherOptions) {
    this.policies = new Map(options.authz);
  }

  /** The adapter's users are checked against this `authz` table. */
  authorize(adapter: string, table: AuthzConfig): void {
    this.policies.set(adapter, createAuthzPolicy(table));
  }

  /**
   * Graceful stop, first step: lines that arrive from now on get a short answer instead of
   * running, while commands already running finish (wait for them with `idle`).
   */
  stopTaking(): void {
    this.taking = false;
  }

  /** Resolves when no command is running. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  async handle(message: IncomingMessage, capabilities: Capabilities, send: (reply: Reply) => Promise<void>): Promise<void> {
    if (!this.taking) {
      await send({ text: 'The bot is stopping; ask again once it is back.' });
      return;
    }
    const handling = this.dispatch(message, capabilities, send);
    this.running.add(handling);
    try {
      await handling;
    } finally {
      this.running.delete(handling);
    }
  }

  private async dispatch(message: IncomingMessage, capabilities: Capabilities, send: (reply: Reply) => Promise<void>): Promise<void> {
    const text = message.text.trim();
    if (!text) {
      await send({ template: 'empty-command', data: { prefix: capabilities.commandPrefix ?? '' } });
      return;
    }
    const [, name = '', argText = ''] = /^(\S+)\s*([\s\S]*)$/.exec(text) ?? [];
    const { registry, logger } = this.options;
    const command = registry.find(name);
    const adapter = message.chat.adapter;
    if (!command || !isAvailable(command, capabilities)) {
      this.options.onOutcome?.(name, 'unknown', adapter);
      // What `commands` would tell this user they may run; nothing if they may not run `commands`.
      const mine = this.listCommands(adapter, capabilities, message.user);
      const known = mine.some((c) => c.name === 'commands' && !c.allowed) ? [] : mine.filter((c) => c.allowed);
      await send({ template: 'unknown-command', data: { name, prefix: capabilities.commandPrefix ?? '', commands: known.map((c) => c.name) } });
      return;
    }
    const policy = this.policies.get(adapter) ?? this.fallback;
    const log = logger.child({ adapter, chat: message.chat.id, user: message.user.id, command: command.name });
    if (!policy.allows(command, message.user)) {
      log.info('command denied by authz');
      this.options.onOutcome?.(command.name, 'denied', adapter);
      await send({ template: 'denied', data: { name: command.name, prefix: capabilities.commandPrefix ?? '' }, refusal: true });
      return;
    }
    const usage = { template: 'usage', data: { usage: command.usage, prefix: capabilities.commandPrefix ?? '' } };
    let args: string[];
    try {
      args = splitArguments(argText);
    } catch (error) {
      if (!(error instanceof UnclosedQuoteError)) throw error;
      this.options.onOutcome?.(command.name, 'usage', adapter);
      await send({ ...usage, data: { ...usage.data, problem: 'No closing quotation.' } });
      return;
    }
    const ctx: CommandContext = {
      message: { ...message, text },
      args,
      argText: argText.trim(),
      services: { ...this.options.services, registry },
      capabilities,
      reply: (reply) => send(typeof reply === 'string' ? { text: reply } : reply),
      mayRun: (other: Command) => policy.allows(other, message.user),
      listedFor: (name: string) => policy.explicitlyAllows(name, message.user),
    };
    const outcome = await this.run(command, ctx, usage, log);
    this.options.onOutcome?.(command.name, outcome, adapter);
  }

  listCommands(adapter: string, capabilities: Capabilities, user: ChatUser = { id: '', name: '' }): CommandSummary[] {
    const policy = this.policies.get(adapter) ?? this.fallback;
    return this.options.registry.list(capabilities).map((command) => ({ name: command.name, summary: command.summary, allowed: policy.allows(command, user) }));
  }

  private async run(
    command: Command,
    ctx: CommandContext,
    usage: { template: string; data: Record<string, unknown> },
    log: Logger,
  ): Promise<CommandOutcome> {
    try {
      await command.run(ctx);
      return 'ok';
    } catch (error) {
      if (error instanceof UsageError) {
        await ctx.reply({ ...usage, data: { ...usage.data, problem: error.message } });
        return 'usage';
      }
      if (error instanceof DeniedError) {
        await ctx.reply(error.message);
        return 'denied';
      }
      if (error instanceof CommandError) {
        await ctx.reply(error.choices.length > 0 ? { text: error.message, choices: error.choices } : error.message);
        return 'failed';
      }
      if (
        error instanceof MasterUnavailableError ||
        error instanceof MasterRejectedError ||
        error instanceof MasterAuthError ||
        error instanceof MasterResponseError
      ) {
        log.warn({ err: error }, 'command failed on the master');
        await ctx.reply(masterErrorReply(error));
        return 'failed';
      }
      log.error({ err: error }, 'command crashed');
      await ctx.reply({ template: 'command-crashed', data: { name: command.name } });
      return 'error';
    }
  }
}

/**
 * What the user reads when the master fails. A response body (an HTML error page, a traceback)
 * stays in the log: it reads as noise in a chat, and a gateway's 5xx means "not answering".
 */
function masterErrorReply(error: Error): string {
  if (error instanceof MasterResponseError) {
    const what = `${error.method} ${error.path}`;
    return [502, 503, 504].includes(error.status)
      ? `The Buildbot master is not answering (HTTP ${error.status} to ${what}); try again later.`
      : `The Buildbot master answered HTTP ${error.status} to ${what}; the bot's log has the details.`;
  }
  return capitalise(error.message) + '.';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
