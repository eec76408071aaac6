/**
 * What a command needs to know about a room, read from the homeserver when first needed and
 * kept until a member or power-level event of that room says it changed: whether it is a direct
 * chat (named in the bot's m.direct account data, as clients record direct rooms), who is
 * joined with their display names, and the power levels (moderators, 50 and
 * up, may change the room's notifications, as channel operators on IRC). Reading on demand keeps
 * the bot correct after a restart, when it resumes syncing without the rooms' earlier state.
 */
import { EventType, type MatrixClient } from 'matrix-js-sdk';

export interface RoomFacts {
  direct: boolean;
  /** Joined members: user id to display name (may be absent). */
  members: Map<string, string | undefined>;
  /** The room's power levels: per user, and the default. */
  powerLevels: { users: Record<string, number>; usersDefault: number };
}

/** A moderator in Element's words (the spec's default for kick, ban and redact). */
export const MODERATOR_POWER = 50;

export class RoomFactsCache {
  private readonly facts = new Map<string, Promise<RoomFacts>>();

  constructor(private readonly client: () => MatrixClient) {}

  get(roomId: string): Promise<RoomFacts> {
    let facts = this.facts.get(roomId);
    if (facts === undefined) {
      facts = this.read(roomId);
      this.facts.set(roomId, facts);
      // A failed read is not kept: the next command asks again.
      facts.catch(() => this.facts.delete(roomId));
    }
    return facts;
  }

  /** A member or power-level event arrived: read the room again next time. */
  changed(roomId: string): void {
    this.facts.delete(roomId);
  }

  private async read(roomId: string): Promise<RoomFacts> {
    const client = this.client();
    const [joined, levels, direct] = await Promise.all([
      client.getJoinedRoomMembers(roomId),
      client.getStateEvent(roomId, 'm.room.power_levels', '').catch(() => ({})),
      client.getAccountDataFromServer(EventType.Direct),
    ]);
    const members = new Map<string, string | undefined>();
    for (const [userId, member] of Object.entries(joined.joined)) members.set(userId, member.display_name ?? undefined);
    return { direct: directRooms(direct).has(roomId), members, powerLevels: readPowerLevels(levels) };
  }
}

/** The spec's power-level content, read defensively: it comes from other users. */
export function readPowerLevels(content: Record<string, unknown>): RoomFacts['powerLevels'] {
  const users: Record<string, number> = {};
  const given = content.users;
  if (typeof given === 'object' && given !== null) {
    for (const [userId, level] of Object.entries(given)) if (typeof level === 'number') users[userId] = level;
  }
  return { users, usersDefault: typeof content.users_default === 'number' ? content.users_default : 0 };
}

/** A private chat: a direct room (m.direct) whose joined members are the bot and one user. */
export function isPrivateRoom(facts: RoomFacts): boolean {
  return facts.direct && facts.members.size <= 2;
}

export function powerOf(facts: RoomFacts, userId: string): number {
  return facts.powerLevels.users[userId] ?? facts.powerLevels.usersDefault;
}

/** Room ids of m.direct account data ({user id: [room id...]}), read defensively. */
export function directRooms(content: Record<string, unknown> | null): Set<string> {
  const rooms = new Set<string>();
  for (const list of Object.values(content ?? {})) {
    if (Array.isArray(list)) for (const roomId of list) if (typeof roomId === 'string') rooms.add(roomId);
  }
  return rooms;
}
