/**
 * How a chat platform plugs into the bot. An adapter turns platform events into
 * IncomingMessages (handed to `core.handle`) and renders Replies in its own text format.
 */
import type { Capabilities } from './command.js';
import type { ChatUser, IncomingMessage } from './message.js';
import type { Reply } from './reply.js';

/** Outcome of delivering one notification; thrown errors mean "try again later". */
export type DeliveryResult =
  | { ok: true }
  /** The chat will never accept it (Telegram 403 blocked, unknown chat): drop, do not retry. */
  | { ok: false; permanent: true; reason: string }
  /** This message can never be sent (the platform refuses it), but the chat is fine: drop it alone. */
  | { ok: false; permanent: false; reason: string }
  /** The chat lives on under another id (a Telegram group became a supergroup): move it there and send again. */
  | { ok: false; movedTo: string; reason: string };

export interface Adapter {
  /** The platform's name, or platform/network for one of several: also the `adapter` of every ChatRef it produces. */
  readonly name: string;
  start(): Promise<void>;
  /** Stop taking messages, say goodbye where the platform has a way to. */
  stop(): Promise<void>;
  /** Send a notification to a chat (the outbox calls this, in order, one chat at a time). */
  deliver(chatId: string, reply: Reply): Promise<DeliveryResult>;
  /** For /healthz: connected to its platform. */
  isConnected(): boolean;
  /** Settles when the adapter's input has ended for good (the console's stdin): the bot stops. */
  readonly finished?: Promise<void>;
}

/** What an adapter gets from the core. */
export interface CoreHandle {
  /**
   * Run one chat line. `send` delivers each reply to the chat it came from, in order; the
   * promise settles when the command has finished and every reply was handed to `send`.
   */
  handle(message: IncomingMessage, capabilities: Capabilities, send: (reply: Reply) => Promise<void>): Promise<void>;
  /**
   * The commands available with these capabilities, and whether authz lets `user` run each (no
   * user: someone authz does not name). For platform command menus (Telegram's setMyCommands).
   */
  listCommands?(adapter: string, capabilities: Capabilities, user?: ChatUser): CommandSummary[];
}

export interface CommandSummary {
  name: string;
  summary: string;
  allowed: boolean;
}
