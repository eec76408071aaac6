/**
 * The spine: a chat line becomes a command, authz decides, the command runs, replies go back.
 * Authz is checked here, before any handler, so no adapter can skip it. One error boundary
 * per command: a failure gives one short reply and one log line, never a crash.
 */
import type { Logger } from 'pino';
import { MasterAuthError, MasterRejectedError, MasterResponseError, MasterUnavailableError } from '../buildbot/errors.js';
import type { AuthzPolicy } from './authz.js';
import { CommandError, UsageError, type Capabilities, type Command, type CommandContext, type Services } from './command.js';
import type { CoreHandle } from './adapter.js';
import type { IncomingMessage } from './message.js';
import { isAvailable, type CommandRegistry } from './registry.js';
import type { Reply } from './reply.js';
import { splitArguments, UnclosedQuoteError } from './split-arguments.js';

export type CommandOutcome = 'ok' | 'denied' | 'usage' | 'unknown' | 'failed' | 'error';

export interface DispatcherOptions {
  registry: CommandRegistry;
  services: Omit<Services, 'registry'>;
  /** Per adapter name; an adapter without an entry gets the defaults (safe yes, dangerous no). */
  authz: ReadonlyMap<string, AuthzPolicy>;
  defaultAuthz: AuthzPolicy;
  logger: Logger;
  /** Called once per handled line, for metrics. */
  onOutcome?: (command: string, outcome: CommandOutcome, adapter: string) => void;
}

export class Dispatcher implements CoreHandle {
  constructor(private readonly options: DispatcherOptions) {}

  async handle(message: IncomingMessage, capabilities: Capabilities, send: (reply: Reply) => Promise<void>): Promise<void> {
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
      await send({
        template: 'unknown-command',
        data: { name, prefix: capabilities.commandPrefix ?? '', commands: registry.list(capabilities).map((c) => c.name) },
      });
      return;
    }
    const policy = this.options.authz.get(adapter) ?? this.options.defaultAuthz;
    const log = logger.child({ adapter, chat: message.chat.id, user: message.user.id, command: command.name });
    if (!policy.allows(command, message.user)) {
      log.info('command denied by authz');
      this.options.onOutcome?.(command.name, 'denied', adapter);
      await send({ template: 'denied', data: { name: command.name, prefix: capabilities.commandPrefix ?? '' } });
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
      if (error instanceof CommandError) {
        await ctx.reply(error.message);
        return 'failed';
      }
      if (
        error instanceof MasterUnavailableError ||
        error instanceof MasterRejectedError ||
        error instanceof MasterAuthError ||
        error instanceof MasterResponseError
      ) {
        log.warn({ err: error }, 'command failed on the master');
        await ctx.reply(capitalise(error.message) + '.');
        return 'failed';
      }
      log.error({ err: error }, 'command crashed');
      await ctx.reply({ template: 'command-crashed', data: { name: command.name } });
      return 'error';
    }
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
