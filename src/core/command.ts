/**
 * A chat command is data plus a handler (one file each under commands/). The registry builds
 * `help` and `commands` from this data and the dispatcher checks authz before `run`.
 */
import type { BuildbotClient } from '../buildbot/client.js';
import type { MasterConfig } from '../buildbot/schemas.js';
import type { AuthzConfig } from './authz.js';
import type { PeopleControl } from './people-control.js';
import type { ChatRef, IncomingMessage } from './message.js';
import type { Choice, Reply } from './reply.js';
import type { AuditTrail } from './audit-trail.js';
import type { AliasBook } from './alias-book.js';

/** What an adapter can do beyond sending text; commands that need more declare it. */
export interface ChatControl {
  join(channel: string, key?: string): Promise<void>;
  leave(channel: string): Promise<void>;
}

export interface Capabilities {
  /** IRC: the bot can join and leave channels. */
  chatControl?: ChatControl;
  /** What users type before a command name here ('/' on Telegram), for usage lines. */
  commandPrefix?: string;
  /**
   * The platform shows a reply's choices as buttons and walks users through its form: a command
   * may then offer choices where it would otherwise answer with its usage line.
   */
  buttons?: boolean;
  /** Who may change a group chat's notifications besides authz: "channel operators" by default. */
  chatOperators?: string;
  /** The platform sends a reply's image (a chart); elsewhere a command does not draw one. */
  images?: boolean;
}

export interface SubscriptionFiltersView {
  /** Master names; empty: every master. */
  masters: string[];
  builders: string[];
  tags: string[];
  branches: string[];
  /** `--mine`: the person key whose builds alone are notified. */
  mine?: string;
}

/** Per-chat notification settings and watches, kept in the bot's database. */
export interface NotificationControl {
  enable(chat: ChatRef, events: string[], filters: SubscriptionFiltersView): void;
  /** null: every event */
  disable(chat: ChatRef, events: string[] | null): void;
  list(chat: ChatRef): { event: string; filters: SubscriptionFiltersView }[];
  /**
   * Watches the build for the chat; false when its end was already handled (it finished after
   * the command read it as running), so the command must tell the result itself.
   */
  watch(chat: ChatRef, build: { master: string; buildid: number; builderid: number; number: number }): boolean;
  /**
   * Sends the chat a sample of its notification for `event` (default: its first subscription),
   * built from the newest build its filters let through (on `master` only, when named), marked
   * as a test, through the outbox.
   */
  test(chat: ChatRef, wanted: { event?: string; master?: string }): Promise<TestNotificationResult>;
}

type SubscriptionView = { event: string; filters: SubscriptionFiltersView };

export type TestNotificationResult =
  /** `master`: where the sample came from, when the bot has several. */
  | { sent: true; subscription: SubscriptionView; sample: string; master: string | null }
  | { sent: false; subscription: SubscriptionView | null; reason: string };

/** One Buildbot master as commands see it. */
export interface MasterView {
  readonly name: string;
  readonly client: BuildbotClient;
  /** The master's /config (title, buildbotURL, versions), cached. */
  masterConfig(): Promise<MasterConfig>;
  readonly settings: {
    /** This master's own `tags` (else the global option applies). */
    readonly tags?: string[] | undefined;
    /** Narrows who may run commands on this master; empty: the platform's authz alone decides. */
    readonly authz: AuthzConfig;
  };
}

export interface MasterDirectory {
  /** In the config's order; the first is the only one in most configs. */
  readonly list: readonly MasterView[];
  /** More than one master: answers name theirs. */
  readonly several: boolean;
  get(name: string): MasterView | undefined;
}

/** Services the core offers to commands. */
export interface Services {
  masters: MasterDirectory;
  registry: CommandRegistryView;
  bot: { name: string; version: string; sourceUrl: string | null };
  /** Absent when the bot runs without a database (some unit tests). */
  notifications?: NotificationControl;
  /** Aliases from the config and from `alias add`. */
  aliases?: AliasBook;
  /** The audit log of dangerous commands (absent without a database). */
  audit?: Pick<AuditTrail, 'latest'>;
  /** Identities, mentions, mute and quiet hours (src/people/); absent without a database. */
  people?: PeopleControl;
  /** The global `tags` option: only builders carrying one of these (null: all builders). */
  tags: string[] | null;
  timing: {
    /** How long force waits for the master to create the build before answering without it. */
    buildStartWaitMs: number;
    /** How long stop waits for a stopped build to end. */
    buildStopWaitMs: number;
    pollIntervalMs: number;
  };
}

export interface CommandRegistryView {
  /** Every command available on this adapter, sorted by name. */
  list(capabilities: Capabilities): Command[];
  find(name: string): Command | undefined;
}

export interface CommandContext {
  message: IncomingMessage;
  /** Arguments split with shell-like quoting. */
  args: string[];
  /** Everything after the command name, as typed (trimmed). */
  argText: string;
  services: Services;
  capabilities: Capabilities;
  /** Send a reply to the chat the command came from; resolves when the adapter took it. */
  reply(reply: Reply | string): Promise<void>;
  /** Whether authz lets this user run a command (for listings; the core enforces it anyway). */
  mayRun(command: Command): boolean;
  /** The user is named in authz under this command's own entry (IRC channel-op exceptions). */
  listedFor(commandName: string): boolean;
  /** Keep a fact of the master's answer (a build request id) in the audit log's entry. */
  note(fact: string): void;
}

export interface Command {
  name: string;
  aliases?: string[];
  /** Usage line without the command prefix, e.g. "status [BUILDER|all]". */
  usage: string;
  /** One line for `help`. */
  summary: string;
  /** Longer help shown by `help NAME` after the usage line. */
  help?: string;
  /** Dangerous commands change the master or the bot; authz denies them by default. */
  dangerous: boolean;
  /** Capabilities the adapter must offer for the command to exist there. */
  needs?: (keyof Capabilities)[];
  run(ctx: CommandContext): Promise<void>;
  /**
   * Where the adapter's `confirm:` names the command: the question saying exactly what it will
   * do ("Force fast-pass on branch main?"). Checks the arguments as `run` would (UsageError).
   * null: this use changes nothing (a form, a list of choices) and runs without asking.
   */
  describe?(ctx: CommandContext): Promise<string | null>;
  /** A dangerous command's use that only reads (`alias list`): authz and audit treat it as safe. */
  safeUse?(args: string[]): boolean;
}

/** Thrown by a command for bad arguments: the user gets the message and the usage line. */
export class UsageError extends Error {
  constructor(message = '') {
    super(message);
    this.name = 'UsageError';
  }
}

/** Thrown by a command for a user-facing failure that is not a usage problem. */
export class CommandError extends Error {
  /** `choices`: what the user may run instead (a builder name that two masters have). */
  constructor(
    message: string,
    readonly choices: Choice[] = [],
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** The user may not do this here (a refusal, counted as outcome "denied"). */
export class DeniedError extends CommandError {
  constructor(message: string) {
    super(message);
    this.name = 'DeniedError';
  }
}
