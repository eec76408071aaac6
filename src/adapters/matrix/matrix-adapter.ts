/**
 * The Matrix adapter: a bot account on a homeserver, through matrix-js-sdk's sync loop. Room
 * messages addressed to the bot (prefix or mention) and every message of a direct room (the bot
 * and one user, see room-facts.ts) become core messages; replies and notifications are m.notice
 * events with an HTML and a plain body.
 * It joins the rooms the config names, takes invites from users authz lets `join`, and keeps
 * its sync position in the database, so a restart neither misses nor repeats a command.
 */
import type Database from 'better-sqlite3';
import {
  ClientEvent,
  createClient,
  EventType,
  RoomEvent,
  RoomMemberEvent,
  SyncState,
  type MatrixClient,
  type MatrixEvent,
  type RoomMember,
} from 'matrix-js-sdk';
import { logger as sdkLogger } from 'matrix-js-sdk/lib/logger.js';
import type { Logger } from 'pino';
import type { Adapter, CoreHandle, DeliveryResult } from '../../core/adapter.js';
import { CommandError, type Capabilities } from '../../core/command.js';
import type { ChatRef, ChatUser } from '../../core/message.js';
import { isTemplateReply, type Reply, type ReplyImage } from '../../core/reply.js';
import { StateStore } from '../../store/state.js';
import { KeyedWorkQueue } from '../../core/keyed-work-queue.js';
import { classifyMatrixError } from './classify-matrix-error.js';
import type { MatrixSection } from './matrix-config.js';
import { uploadImage } from './matrix-image.js';
import { MatrixSender } from './matrix-sender.js';
import { createMatrixRenderer, type MatrixRenderer } from './matrix-text-format.js';
import { parseMatrixAddressing } from './parse-matrix-addressing.js';
import { MatrixBuildThreads } from './build-threads.js';
import { DirectRooms } from './direct-rooms.js';
import { isPrivateRoom, MODERATOR_POWER, powerOf, RoomFactsCache } from './room-facts.js';
import { RoomIds } from './room-ids.js';
import { SyncPositionStore } from './sync-position.js';

export interface MatrixAdapterOptions {
  name: string;
  config: MatrixSection;
  core: CoreHandle;
  logger: Logger;
  db: Database.Database;
  /** How often rooms the bot could not join are tried again; default 30 s. */
  rejoinMs?: number;
}

/** One device for the bot, so a login at each start replaces its token instead of adding devices. */
const DEVICE_ID = 'BUILDBOTCHAT';
const DEFAULT_REJOIN_MS = 30_000;
/** Messages of the first sync after a start without a saved position (older ones are history). */
const INITIAL_SYNC_LIMIT = 20;

export const ENCRYPTED_ROOM_NOTICE =
  'This room is end-to-end encrypted, and buildbot-chat does not read encrypted messages. Talk to me in a room without encryption, or in a direct chat started without it.';

// matrix-js-sdk logs through loglevel to the console; what matters is logged here, with pino.
if ('setLevel' in sdkLogger && typeof sdkLogger.setLevel === 'function') sdkLogger.setLevel('silent');

export class MatrixAdapter implements Adapter {
  readonly name: string;
  private readonly config: MatrixSection;
  private readonly log: Logger;
  private readonly renderer: MatrixRenderer;
  private readonly sender: MatrixSender;
  private readonly rooms: RoomIds;
  private readonly facts: RoomFactsCache;
  private readonly directRooms: DirectRooms;
  private readonly threads: MatrixBuildThreads;
  private readonly queue: KeyedWorkQueue;
  private readonly state: StateStore;
  private readonly capabilities: Capabilities;
  private client: MatrixClient | undefined;
  private store: SyncPositionStore | undefined;
  private userId = '';
  private readonly startedAt = Date.now();
  private syncState: SyncState | null = null;
  /** Configured rooms not joined yet (the homeserver refused, or was out of reach). */
  private readonly unjoined = new Set<string>();
  private rejoinTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: MatrixAdapterOptions) {
    this.name = options.name;
    this.config = options.config;
    this.log = options.logger;
    this.renderer = createMatrixRenderer();
    this.state = new StateStore(options.db);
    this.sender = new MatrixSender({
      client: () => this.client,
      onRateLimited: (roomId, retryAfterMs) => this.log.info({ room: roomId, retryAfterMs }, 'the homeserver limits the bot\'s message rate (M_LIMIT_EXCEEDED); waiting'),
    });
    this.rooms = new RoomIds(async (alias) => (await this.connectedClient().getRoomIdForAlias(alias)).room_id);
    this.facts = new RoomFactsCache(() => this.connectedClient());
    this.directRooms = new DirectRooms(options.db, options.name);
    this.threads = new MatrixBuildThreads(options.db, options.name);
    this.queue = new KeyedWorkQueue((error, room) => this.log.error({ err: error, room }, 'Matrix command not handled'));
    this.capabilities = {
      chatControl: { join: (room) => this.join(room), leave: (room) => this.leave(room) },
      commandPrefix: this.config.commandPrefix ?? '',
      images: true,
    };
  }

  async start(): Promise<void> {
    const client = await this.login();
    this.client = client;
    this.userId = client.getSafeUserId();
    client.on(ClientEvent.Sync, (state, _previous, data) => this.onSync(state, data?.error));
    client.on(RoomEvent.Timeline, (event, room, toStart) => {
      if (toStart !== true && room !== undefined) this.onTimelineEvent(event, room.roomId);
    });
    client.on(RoomMemberEvent.Membership, (event, member) => this.onMembership(event, member));
    for (const room of this.config.rooms) this.unjoined.add(room);
    await this.joinConfiguredRooms();
    await client.startClient({ initialSyncLimit: INITIAL_SYNC_LIMIT, disablePresence: true });
    this.log.info({ user: this.userId, homeserver: this.config.homeserverUrl }, 'Matrix: syncing');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.rejoinTimer);
    await this.queue.idle();
    this.client?.stopClient();
  }

  isConnected(): boolean {
    return this.client !== undefined && (this.syncState === SyncState.Prepared || this.syncState === SyncState.Syncing || this.syncState === SyncState.Catchup);
  }

  async deliver(chatId: string, reply: Reply): Promise<DeliveryResult> {
    // Thrown, not returned: the outbox keeps the notification and tries again.
    if (!this.isConnected()) throw new Error('not connected to the Matrix homeserver');
    let roomId: string;
    try {
      roomId = await this.rooms.roomId(chatId);
    } catch (error) {
      const failure = classifyMatrixError(error);
      if (failure.kind === 'unreachable' || failure.kind === 'rate-limited') throw error;
      return { ok: false, permanent: false, reason: `the room alias ${chatId} does not resolve (${failure.kind})` };
    }
    try {
      const eventId = await this.sender.send(roomId, this.threads.place(chatId, reply, this.renderer.render(reply)));
      this.threads.sent(chatId, reply, eventId);
      return { ok: true };
    } catch (error) {
      const failure = classifyMatrixError(error);
      if (failure.kind === 'forbidden' || failure.kind === 'not-found') {
        // Kicked, banned or muted: this message is dropped, the room keeps its subscriptions
        // (an invite back, or an unban, and notifications flow again).
        this.log.warn({ room: chatId, reason: failure.reason }, 'Matrix: the homeserver refuses the bot\'s message in this room (kicked, banned or not allowed to write); notification dropped, subscriptions kept');
        return { ok: false, permanent: false, reason: failure.reason };
      }
      throw error;
    }
  }

  /**
   * Password login at every start (same device, new token), or the configured token, whose user
   * and device the homeserver names (matrix-js-sdk's sync needs the user id).
   */
  private async login(): Promise<MatrixClient> {
    this.store = new SyncPositionStore(this.options.db, `${this.name}.syncToken`);
    const base = { baseUrl: this.config.homeserverUrl, store: this.store, timelineSupport: false };
    const { accessToken, user, password } = this.config;
    if (accessToken !== undefined) {
      const me = await createClient({ ...base, accessToken }).whoami();
      return createClient({ ...base, accessToken, userId: me.user_id, ...(me.device_id !== undefined ? { deviceId: me.device_id } : {}) });
    }
    if (user === undefined || password === undefined) throw new Error(`${this.name}: needs accessToken, or user and password`);
    const client = createClient(base);
    const session = await client.loginRequest({ type: 'm.login.password', identifier: { type: 'm.id.user', user }, password, device_id: DEVICE_ID, initial_device_display_name: 'buildbot-chat' });
    return createClient({ ...base, accessToken: session.access_token, userId: session.user_id, deviceId: session.device_id });
  }

  private connectedClient(): MatrixClient {
    if (this.client === undefined) throw new CommandError('I am not connected to the Matrix homeserver right now; try again later.');
    return this.client;
  }

  private onSync(state: SyncState, error: Error | undefined): void {
    const before = this.syncState;
    this.syncState = state;
    if (state === before) return;
    if (state === SyncState.Error || state === SyncState.Reconnecting) {
      this.log.warn({ state, reason: error?.message }, 'Matrix: lost the homeserver; syncing again when it answers');
    }
    else if (state === SyncState.Syncing && (before === SyncState.Error || before === SyncState.Reconnecting)) this.log.info('Matrix: the homeserver answers again');
  }

  private onTimelineEvent(event: MatrixEvent, roomId: string): void {
    const type = event.getType();
    if (type === 'm.room.member' || type === 'm.room.power_levels') this.facts.changed(roomId);
    if (event.getSender() === this.userId) return;
    if (type === 'm.room.encrypted' || type === 'm.room.encryption') {
      this.queue.push(roomId, () => this.sayEncrypted(roomId));
      return;
    }
    if (type !== 'm.room.message') return;
    const content = event.getContent();
    // Bots answer with m.notice; an edit (m.replace) repeats a message already seen.
    if (content.msgtype !== 'm.text' || typeof content.body !== 'string') return;
    if (event.getRelation()?.rel_type === 'm.replace') return;
    const body = content.body;
    this.queue.push(roomId, () => this.onMessage(event, roomId, body));
  }

  private async onMessage(event: MatrixEvent, roomId: string, body: string): Promise<void> {
    const sender = event.getSender();
    if (sender === undefined) return;
    // Addressed by prefix or mention is known without asking the homeserver; any other
    // message is a command only in a direct room, which needs the room's members.
    const byName = parseMatrixAddressing(body, { userId: this.userId, commandPrefix: this.config.commandPrefix, private: false });
    const facts = byName !== null || this.mayBeDirect(body) ? await this.facts.get(roomId) : undefined;
    if (facts === undefined) return;
    const isPrivate = isPrivateRoom(facts);
    this.directRooms.note(roomId, isPrivate);
    const text = parseMatrixAddressing(body, {
      userId: this.userId,
      displayName: facts.members.get(this.userId),
      commandPrefix: this.config.commandPrefix,
      private: isPrivate,
    });
    if (text === null) return;
    // The first start has no position to resume from: what the first sync shows of a room's
    // past is history, not commands for this bot.
    if (this.store?.resumed !== true && event.getTs() < this.startedAt) return;
    const ageMs = Date.now() - event.getTs();
    if (ageMs > this.config.maxCommandAgeMinutes * 60_000) {
      this.log.info({ room: roomId, user: sender, ageMinutes: Math.round(ageMs / 60_000) }, 'Matrix: ignored a command older than maxCommandAgeMinutes (sent while the bot was away)');
      return;
    }
    const chatId = this.rooms.chatId(roomId);
    const name = facts.members.get(sender) ?? sender;
    const chat: ChatRef = { adapter: this.name, id: chatId, private: isPrivate, title: isPrivate ? name : chatId };
    const user: ChatUser = { id: sender, name, ...(isPrivate ? {} : { chatOperator: powerOf(facts, sender) >= MODERATOR_POWER }) };
    await this.options.core.handle({ chat, user, text, addressed: true }, this.capabilities, (reply) => this.answer(roomId, reply));
  }

  /** An answer the room no longer takes (the bot left it with `leave`, or was kicked) is only logged. */
  private async answer(roomId: string, reply: Reply): Promise<void> {
    try {
      if (isTemplateReply(reply) && reply.image) await this.sendImage(roomId, reply.image);
      await this.sender.send(roomId, this.renderer.render(reply));
    } catch (error) {
      const failure = classifyMatrixError(error);
      if (failure.kind !== 'forbidden') throw error;
      this.log.info({ room: this.rooms.chatId(roomId), reason: failure.reason }, 'Matrix: an answer could not be sent: the bot may not write in that room');
    }
  }

  /**
   * The picture before the text. Should the homeserver refuse it (its media repository is off,
   * the file too big, the room closed), the text still goes and says it all; a room the bot may
   * not write in refuses the text too, and answer() says so.
   */
  private async sendImage(roomId: string, image: ReplyImage): Promise<void> {
    try {
      await this.sender.send(roomId, await uploadImage(this.connectedClient(), image));
    } catch (error) {
      this.log.warn({ err: error, room: this.rooms.chatId(roomId), failure: classifyMatrixError(error).kind }, 'Matrix: could not send a picture; sending its text alone');
    }
  }

  /** Unaddressed text is worth a look at the room only when it could be a direct chat's command. */
  private mayBeDirect(body: string): boolean {
    return /^\s*[A-Za-z]/.test(body);
  }

  /** A room the bot just joined may be encrypted already: its state says so. Never throws. */
  private async checkEncryption(roomId: string): Promise<void> {
    try {
      const encryption = await this.connectedClient()
        .getStateEvent(roomId, EventType.RoomEncryption, '')
        .catch(() => undefined);
      if (encryption !== undefined) await this.sayEncrypted(roomId);
    } catch (error) {
      this.log.warn({ room: this.rooms.chatId(roomId), err: error }, 'Matrix: could not say in an encrypted room that the bot cannot read it');
    }
  }

  /** Said once per room, ever: the bot cannot read what is said there. */
  private async sayEncrypted(roomId: string): Promise<void> {
    const key = `${this.name}.encryptedNotice.${roomId}`;
    if (this.state.get(key) !== undefined) return;
    this.state.set(key, Date.now());
    this.log.warn({ room: this.rooms.chatId(roomId) }, 'Matrix: this room is end-to-end encrypted; the bot does not support encryption and cannot read its messages (said so in the room)');
    await this.sender.send(roomId, this.renderer.render({ text: ENCRYPTED_ROOM_NOTICE }));
  }

  private onMembership(event: MatrixEvent, member: RoomMember): void {
    if (member.userId !== this.userId) return;
    const by = event.getSender();
    if (member.membership === 'invite' && by !== undefined) {
      const direct = event.getContent().is_direct === true;
      this.queue.push(member.roomId, () => this.answerInvite(member.roomId, by, direct));
    } else if ((member.membership === 'leave' || member.membership === 'ban') && by !== this.userId) {
      this.log.warn({ room: this.rooms.chatId(member.roomId), by, membership: member.membership }, 'Matrix: put out of a room; its notifications are dropped until the bot is back, its subscriptions are kept');
    }
  }

  /** Invites are taken from users that authz lets run `join`, declined for everyone else. */
  private async answerInvite(roomId: string, inviter: string, direct: boolean): Promise<void> {
    const commands = this.options.core.listCommands?.(this.name, this.capabilities, { id: inviter, name: inviter }) ?? [];
    const allowed = commands.some((command) => command.name === 'join' && command.allowed);
    const client = this.connectedClient();
    if (allowed) {
      await client.joinRoom(roomId);
      if (direct) {
        await this.markDirect(roomId, inviter);
        this.directRooms.note(roomId, isPrivateRoom(await this.facts.get(roomId)));
      }
      await this.checkEncryption(roomId);
      this.log.info({ room: roomId, by: inviter, direct }, 'Matrix: joined a room on invitation');
    } else {
      await client.leave(roomId);
      this.log.info({ room: roomId, by: inviter }, 'Matrix: declined an invitation from a user authz does not allow to join');
    }
  }

  /** Records a direct chat where clients do (m.direct account data), so it outlives restarts. */
  private async markDirect(roomId: string, userId: string): Promise<void> {
    const client = this.connectedClient();
    const direct = (await client.getAccountDataFromServer(EventType.Direct)) ?? {};
    const rooms = direct[userId] ?? [];
    if (!rooms.includes(roomId)) await client.setAccountData(EventType.Direct, { ...direct, [userId]: [...rooms, roomId] });
    this.facts.changed(roomId);
  }

  private async joinConfiguredRooms(): Promise<void> {
    clearTimeout(this.rejoinTimer);
    for (const room of [...this.unjoined]) {
      try {
        const joined = await this.connectedClient().joinRoom(room);
        if (room.startsWith('#')) this.rooms.remember(room, joined.roomId);
        this.unjoined.delete(room);
        await this.checkEncryption(joined.roomId);
      } catch (error) {
        const failure = classifyMatrixError(error);
        if (failure.kind === 'bad-token') throw error;
        this.log.warn({ room, reason: failure.kind === 'rate-limited' ? 'rate limited' : failure.reason }, 'Matrix: cannot join a configured room; trying again later');
      }
    }
    if (this.unjoined.size > 0 && !this.stopped) {
      this.rejoinTimer = setTimeout(() => {
        this.joinConfiguredRooms().catch((error: unknown) => this.log.error({ err: error }, 'Matrix: joining the configured rooms failed'));
      }, this.options.rejoinMs ?? DEFAULT_REJOIN_MS);
      this.rejoinTimer.unref();
    }
  }

  private async join(room: string): Promise<void> {
    try {
      const joined = await this.connectedClient().joinRoom(room);
      this.log.info({ room, roomId: joined.roomId }, 'Matrix: joined a room on request');
    } catch (error) {
      if (error instanceof CommandError) throw error;
      throw new CommandError(`I cannot join ${room}: ${classifyMatrixError(error).kind === 'unreachable' ? 'the homeserver does not answer' : 'the homeserver refused'}.`);
    }
  }

  private async leave(room: string): Promise<void> {
    const roomId = await this.rooms.roomId(room).catch(() => undefined);
    if (roomId === undefined) throw new CommandError(`I do not know the room ${room}.`);
    this.unjoined.delete(room);
    try {
      await this.connectedClient().leave(roomId);
    } catch (error) {
      if (error instanceof CommandError) throw error;
      throw new CommandError(`I cannot leave ${room}: ${classifyMatrixError(error).kind === 'unreachable' ? 'the homeserver does not answer' : 'the homeserver refused'}.`);
    }
    this.log.info({ room }, 'Matrix: left a room on request');
  }
}
