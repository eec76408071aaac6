/**
 * How a chat platform plugs into the bot: one descriptor per platform folder
 * (src/adapters/<platform>/descriptor.ts), listed once in src/adapters/platforms.ts. The bot
 * loops over that list: it validates each platform's config section with the descriptor's
 * schema, subscribes the chats the section names, and creates the adapter. Nothing else in the
 * bot names a platform.
 */
import type { Readable, Writable } from 'node:stream';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { HttpServer } from '../http/http-server.js';
import type { Adapter, CoreHandle } from './adapter.js';
import type { AuthzConfig } from './authz.js';

/** What every platform section has (see src/config/platform-section.ts). */
export interface PlatformSection {
  /** The network's name when a platform lists several networks (or bots). */
  name?: string | undefined;
  authz: AuthzConfig;
  /** Commands that run only after their user answers yes. */
  confirm: readonly string[];
  notifyEvents: readonly string[];
  /** Failure notifications carry this many last lines of the failing step's log (0: none). */
  logTailLines: number;
}

/** How notifications look on one adapter's chats. */
export interface AdapterNotifyOptions {
  useRevisions: boolean;
  showBlameList: boolean;
  /** The adapter's own `tags`: its chats hear only of builders carrying one (null: all). */
  tags: string[] | null;
  /** From the section's shared `logTailLines` key: each platform's descriptor leaves it out. */
  logTailLines: number;
}

export const PLAIN_NOTIFY_OPTIONS: AdapterNotifyOptions = { useRevisions: false, showBlameList: false, tags: null, logTailLines: 0 };

/** The terminal the bot was started on, when it should talk there (`--console`, the demo, tests). */
export interface TerminalStreams {
  input: Readable;
  output: Writable;
  /** Called after each line was answered (tests, the demo's prompt). */
  onIdle?: () => void;
  /**
   * A terminal: prompt, history, tab completion; `onInterrupt` is Ctrl-C at the prompt,
   * `logLines` the log lines to print above it (src/log/terminal-log.ts).
   */
  interactive?: { onInterrupt?: () => void; logLines?: { attach(print: ((line: string) => void) | null): void } };
}

/** What the bot hands to a platform when it creates an adapter. */
export interface PlatformContext {
  /** The adapter's name: the platform's, or `platform/network` for a named network. */
  name: string;
  core: CoreHandle;
  /** Already carries `{ adapter: name }`. */
  logger: Logger;
  db: Database.Database;
  /** The shared HTTP server (webhooks), when the config has `http:`. */
  http?: HttpServer;
  terminal?: TerminalStreams;
  /** The master's web UI when the bot has one master: where a capped answer sends the reader. */
  webUrl?: string;
  /** Builder names of every master, for completion where the platform offers it. */
  builderNames(): Promise<string[]>;
  /** Alias names (config and chat), for completion with the command names. */
  aliasNames?(): string[];
}

/** What a platform may read to tell a private chat from a room: its adapter's name and the database. */
export interface ChatKindContext {
  adapter: string;
  db: Database.Database;
}

/** Whether a stored chat is a private conversation with one person, from its id alone. */
export type PrivateChatRule = (chatId: string) => boolean;

export interface PlatformSpec<Section extends PlatformSection> {
  /** The config key, and the adapter name of an unnamed section. */
  name: string;
  /** One section. */
  schema: z.ZodType<Section>;
  /** The config takes a list of sections (networks, bots) each with a `name`, not just one. */
  multiple: boolean;
  /** Without a section in the config, it runs with its schema's defaults (the console). */
  runsUnconfigured?: boolean;
  /** Chats the section names: each gets the section's notifyEvents at every start. */
  defaultChats(section: Section): string[];
  notifyOptions(section: Section): Omit<AdapterNotifyOptions, 'logTailLines'>;
  /** Why this section needs the `http:` section, or undefined when it does not. */
  needsHttp?(section: Section): string | undefined;
  /**
   * How this platform's chat ids tell a private chat from a room. Notifications carry no
   * ChatRef (they are stored per chat id), and a private chat gets no mentions (src/people/).
   * Asked once per adapter; the rule is then applied to each chat id.
   */
  privateChats(context: ChatKindContext): PrivateChatRule;
  /**
   * The adapter, or null when it has nothing to do in this process (the console without a
   * terminal). Implementations import the adapter's module lazily, so an unconfigured
   * platform's code and libraries are never loaded.
   */
  create(section: Section, context: PlatformContext): Promise<Adapter | null>;
}

/**
 * A descriptor with its section type erased, so one list can hold every platform. The bot
 * only ever hands it sections that its own `schema` produced.
 */
export interface Platform {
  readonly name: string;
  readonly schema: z.ZodType<PlatformSection>;
  readonly multiple: boolean;
  readonly runsUnconfigured: boolean;
  defaultChats(section: PlatformSection): string[];
  notifyOptions(section: PlatformSection): AdapterNotifyOptions;
  needsHttp(section: PlatformSection): string | undefined;
  privateChats(context: ChatKindContext): PrivateChatRule;
  create(section: PlatformSection, context: PlatformContext): Promise<Adapter | null>;
}

export function definePlatform<Section extends PlatformSection>(spec: PlatformSpec<Section>): Platform {
  // Sound because sections only ever come from `spec.schema` (see configSchema).
  const own = (section: PlatformSection): Section => section as Section;
  return {
    name: spec.name,
    schema: spec.schema,
    multiple: spec.multiple,
    runsUnconfigured: spec.runsUnconfigured ?? false,
    defaultChats: (section) => spec.defaultChats(own(section)),
    notifyOptions: (section) => ({ ...spec.notifyOptions(own(section)), logTailLines: section.logTailLines }),
    needsHttp: (section) => spec.needsHttp?.(own(section)),
    privateChats: (context) => spec.privateChats(context),
    create: (section, context) => spec.create(own(section), context),
  };
}

/** The adapter name of a section: `irc` for an unnamed one, `irc/libera` for network libera. */
export function adapterName(platform: string, section: PlatformSection): string {
  return section.name === undefined ? platform : `${platform}/${section.name}`;
}

/** The platform name of an adapter name: `irc/libera` is on `irc` (see adapterName). */
export function platformNameOf(adapter: string): string {
  return adapter.split('/', 1)[0] ?? adapter;
}

function platformOf(platforms: readonly Platform[], adapter: string): Platform | undefined {
  const name = platformNameOf(adapter);
  return platforms.find((platform) => platform.name === name);
}

/**
 * Whether a stored chat (adapter name and chat id) is private, by its platform's rule. Chats of
 * an adapter no platform claims (a section removed from the config) count as rooms.
 */
export function privateChatRule(platforms: readonly Platform[], db: Database.Database): (adapter: string, chatId: string) => boolean {
  const rules = new Map<string, PrivateChatRule>();
  return (adapter, chatId) => {
    let rule = rules.get(adapter);
    if (rule === undefined) {
      const platform = platformOf(platforms, adapter);
      rule = platform ? platform.privateChats({ adapter, db }) : () => false;
      rules.set(adapter, rule);
    }
    return rule(chatId);
  };
}
