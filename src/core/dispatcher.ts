/**
 * The spine: a chat line becomes a command, authz decides, the command runs, replies go back.
 * Authz is checked here, before any handler, so no adapter can skip it. One error boundary
 * per command: a failure gives one short reply and one log line, never a crash.
 */
import type { Logger } from 'pino';
import { MasterAuthError, MasterRejectedError, MasterResponseError, MasterUnavailableError } from '../buildbot/errors.js';
import { createAuthzPolicy, type AuthzConfig, type AuthzPolicy } from './authz.js';
import { shownUsage } from './usage.js';
import { CommandError, DeniedError, UsageError, type Capabilities, type Command, type CommandContext, type Services } from './command.js';
import type { CommandSummary, CoreHandle } from './adapter.js';
import type { ChatUser, IncomingMessage } from './message.js';
import { isAvailable, type CommandRegistry } from './registry.js';
import type { Reply, TemplateReplyOf } from './reply.js';
import { PendingConfirmations } from './pending-confirmations.js';
import type { AuditOutcome, AuditTrail } from './audit-trail.js';
import { resolveAlias, type AliasBook } from './alias-book.js';
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
  /** How long a confirmation question waits for its yes (default 60 s). */
  confirmTimeoutMs?: number;
  /** Where dangerous commands are recorded (absent: nowhere, in some unit tests). */
  audit?: AuditTrail;
  /** Aliases from the config and from `alias add`. */
  aliases?: AliasBook;
}

/** A command that passed authz and its argument split, ready to run (or to be confirmed). */
interface Prepared {
  command: Command;
  /** Dangerous in this use (a command's read-only use is safe: Command.safeUse). */
  dangerous: boolean;
  message: IncomingMessage;
  args: string[];
  argText: string;
  capabilities: Capabilities;
  policy: AuthzPolicy;
  log: Logger;
  /** The alias typed, when the line is its expansion. */
  alias: string | null;
  /** What the command noted of the master's answers, for the audit log. */
  notes: string[];
}

const CONFIRM_TIMEOUT_MS = 60_000;

export class Dispatcher implements CoreHandle {
  private taking = true;
  private readonly running = new Set<Promise<void>>();
  private readonly confirmations: PendingConfirmations<Prepared>;

  /** An adapter with no table of its own may run nothing but what authz allows everyone by default. */
  private readonly policies: Map<string, AuthzPolicy>;
  private readonly fallback = createAuthzPolicy({});

  /** Per adapter: the commands that run only after their user answers yes (`confirm:`). */
  private readonly confirmLists = new Map<string, ReadonlySet<string>>();

  constructor(private readonly options: DispatcherOptions) {
    this.policies = new Map(options.authz);
    this.confirmations = new PendingConfirmations(options.confirmTimeoutMs ?? CONFIRM_TIMEOUT_MS);
  }

  /** The adapter's commands named here run only after their user answers yes. */
  confirmFor(adapter: string, commands: readonly string[]): void {
    this.confirmLists.set(adapter, new Set(commands));
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
    this.confirmations.clear();
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
    // Any line from the user answers the question asked: yes runs it, anything else drops it.
    const asked = this.confirmations.take(message.chat, message.user);
    if (asked) {
      const answer = argText.trim() === '' ? name.toLowerCase() : '';
      if (answer === 'yes') {
        await this.confirmed(asked, send);
        return;
      }
      asked.log.info('confirmation refused');
      this.audit(asked, 'cancelled', answer === 'no' ? 'answered no' : `another command came first: ${name}`);
      await send({ template: 'confirm-cancelled', data: { line: asked.message.text, answer: answer === 'no' ? 'no' : 'other' } });
      if (answer === 'no') return;
    }
    const { registry } = this.options;
    let command = registry.find(name);
    let alias: string | null = null;
    let line = { text, argText };
    if (!command) {
      const resolved = resolveAlias(this.options.aliases, name, splitArgumentsOrEmpty(argText));
      if (resolved.kind === 'missing') {
        await send({ template: 'alias-usage', data: { name: resolved.alias.name, line: resolved.alias.line, needed: resolved.needed, prefix: capabilities.commandPrefix ?? '' } });
        return;
      }
      if (resolved.kind === 'expanded') {
        command = registry.find(resolved.name);
        alias = resolved.alias;
        line = { text: resolved.text, argText: resolved.argText };
      }
    }
    const adapter = message.chat.adapter;
    if (!command || !isAvailable(command, capabilities)) {
      this.options.onOutcome?.(name, 'unknown', adapter);
      // What `commands` would tell this user they may run; nothing if they may not run `commands`.
      const mine = this.listCommands(adapter, capabilities, message.user);
      const known = mine.some((c) => c.name === 'commands' && !c.allowed) ? [] : mine.filter((c) => c.allowed);
      await send({ template: 'unknown-command', data: { name, prefix: capabilities.commandPrefix ?? '', commands: known.map((c) => c.name) } });
      return;
    }
    const prepared = await this.prepare(command, { ...message, text: line.text }, line.argText, alias, capabilities, send);
    if (!prepared) return;
    if (this.confirmLists.get(adapter)?.has(command.name)) {
      await this.ask(prepared, send);
      return;
    }
    await this.execute(prepared, send);
  }

  /** Authz and the argument split; null when the user was already told why not. */
  private async prepare(
    command: Command,
    message: IncomingMessage,
    argText: string,
    alias: string | null,
    capabilities: Capabilities,
    send: (reply: Reply) => Promise<void>,
  ): Promise<Prepared | null> {
    const adapter = message.chat.adapter;
    const policy = this.policies.get(adapter) ?? this.fallback;
    const log = this.options.logger.child({ adapter, chat: message.chat.id, user: message.user.id, command: command.name });
    let args: string[] | null = null;
    try {
      args = splitArguments(argText);
    } catch (error) {
      if (!(error instanceof UnclosedQuoteError)) throw error;
    }
    // a use that only reads (alias list) is as safe as any safe command
    const dangerous = command.dangerous && !(args !== null && command.safeUse?.(args) === true);
    const prepared: Prepared = { command, dangerous, message, args: args ?? [], argText: argText.trim(), capabilities, policy, log, alias, notes: [] };
    if (!policy.allows({ name: command.name, dangerous }, message.user)) {
      log.info('command denied by authz');
      this.audit(prepared, 'denied');
      this.options.onOutcome?.(command.name, 'denied', adapter);
      await send({ template: 'denied', data: { name: command.name, prefix: capabilities.commandPrefix ?? '' }, refusal: true });
      return null;
    }
    if (args === null) {
      this.options.onOutcome?.(command.name, 'usage', adapter);
      await send(usageReply(command, capabilities, this.options.services.masters.several, 'No closing quotation.'));
      return null;
    }
    return prepared;
  }

  /**
   * Says exactly what the command will do and waits for the user's yes. The command's own
   * description checks the arguments first, so a malformed line gets its usage, not a question.
   */
  private async ask(prepared: Prepared, send: (reply: Reply) => Promise<void>): Promise<void> {
    const ctx = this.context(prepared, send);
    const { command, message, capabilities, log } = prepared;
    let question: string | null;
    try {
      question = command.describe ? await command.describe(ctx) : `Run '${message.text}'?`;
    } catch (error) {
      const outcome = await this.failed(error, ctx, command, log);
      this.options.onOutcome?.(command.name, outcome, message.chat.adapter);
      return;
    }
    if (question === null) {
      await this.execute(prepared, send);
      return;
    }
    log.info('confirmation asked');
    const seconds = this.confirmations.seconds;
    this.audit(prepared, 'asked', question);
    this.confirmations.ask(message.chat, message.user, prepared, (expired) => {
      expired.log.info('confirmation timed out');
      this.audit(expired, 'cancelled', `no yes within ${seconds} s`);
      send({ template: 'confirm-expired', data: { line: expired.message.text, seconds } }).catch((error: unknown) =>
        expired.log.warn({ err: error }, 'could not say that a confirmation timed out'),
      );
    });
    await send({
      template: 'confirm-ask',
      data: { question, seconds, prefix: capabilities.commandPrefix ?? '' },
      choices: [
        { label: 'Yes', command: 'yes' },
        { label: 'No', command: 'no' },
      ],
    });
  }

  /** The user said yes in time: run it, replies going where the yes came from. */
  private async confirmed(asked: Prepared, send: (reply: Reply) => Promise<void>): Promise<void> {
    // authz again: a yes is a second chance for nothing the first line was not allowed
    if (!asked.policy.allows({ name: asked.command.name, dangerous: asked.dangerous }, asked.message.user)) return;
    asked.log.info('confirmation given');
    asked.notes.push('confirmed');
    await this.execute(asked, send);
  }

  private async execute(prepared: Prepared, send: (reply: Reply) => Promise<void>): Promise<void> {
    const outcome = await this.run(prepared.command, this.context(prepared, send), prepared.log);
    this.options.onOutcome?.(prepared.command.name, outcome, prepared.message.chat.adapter);
    if (outcome !== 'denied' && outcome !== 'unknown') this.audit(prepared, outcome, prepared.notes.join('; '));
  }

  private context(prepared: Prepared, send: (reply: Reply) => Promise<void>): CommandContext {
    const { message, policy } = prepared;
    return {
      message,
      args: prepared.args,
      argText: prepared.argText,
      services: { ...this.options.services, registry: this.options.registry },
      capabilities: prepared.capabilities,
      reply: (reply) => send(typeof reply === 'string' ? { text: reply } : reply),
      mayRun: (other: Command) => policy.allows(other, message.user),
      listedFor: (name: string) => policy.explicitlyAllows(name, message.user),
      note: (fact: string) => void prepared.notes.push(fact),
    };
  }

  /** Dangerous commands only; a failure to record never stops the command. */
  private audit(prepared: Prepared, outcome: AuditOutcome, detail = ''): void {
    const { command, message, alias } = prepared;
    if (!prepared.dangerous || !this.options.audit) return;
    this.options.audit.record({
      at: Date.now(),
      adapter: message.chat.adapter,
      chatId: message.chat.id,
      userId: message.user.id,
      userName: message.user.name,
      command: command.name,
      line: message.text,
      alias,
      outcome,
      detail,
    });
  }

  listCommands(adapter: string, capabilities: Capabilities, user: ChatUser = { id: '', name: '' }): CommandSummary[] {
    const policy = this.policies.get(adapter) ?? this.fallback;
    return this.options.registry.list(capabilities).map((command) => ({ name: command.name, summary: command.summary, allowed: policy.allows(command, user) }));
  }

  private async run(command: Command, ctx: CommandContext, log: Logger): Promise<CommandOutcome> {
    try {
      await command.run(ctx);
      return 'ok';
    } catch (error) {
      return this.failed(error, ctx, command, log);
    }
  }

  /** One error boundary for a command's run and its description. */
  private async failed(error: unknown, ctx: CommandContext, command: Command, log: Logger): Promise<CommandOutcome> {
    if (error instanceof UsageError) {
      await ctx.reply(usageReply(command, ctx.capabilities, this.options.services.masters.several, error.message));
      return 'usage';
    }
    if (error instanceof DeniedError) {
      ctx.note(error.message);
      await ctx.reply(error.message);
      return 'denied';
    }
    if (error instanceof CommandError) {
      ctx.note(error.message);
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
      ctx.note(masterErrorReply(error));
      await ctx.reply(masterErrorReply(error));
      return 'failed';
    }
    log.error({ err: error }, 'command crashed');
    await ctx.reply({ template: 'command-crashed', data: { name: command.name } });
    return 'error';
  }
}

/** An alias's arguments; a line that does not split gets its usage from the command it expands to. */
function splitArgumentsOrEmpty(text: string): string[] {
  try {
    return splitArguments(text);
  } catch {
    return [];
  }
}

function usageReply(command: Command, capabilities: Capabilities, severalMasters: boolean, problem?: string): TemplateReplyOf<'usage'> {
  return { template: 'usage', data: { usage: shownUsage(command, severalMasters), prefix: capabilities.commandPrefix ?? '', ...(problem !== undefined ? { problem } : {}) } };
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
