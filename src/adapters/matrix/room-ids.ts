/**
 * A room is a chat under the name the config gives it: an alias ('#ci:example.org') stays the
 * chat's id, so the subscriptions that notifyEvents makes at start (before anything is resolved)
 * and the commands said in that room name the same chat. Any other room is known by its room
 * id ('!abc:example.org'). Aliases are resolved once and remembered for this run.
 */
export class RoomIds {
  private readonly byAlias = new Map<string, string>();
  private readonly aliasOf = new Map<string, string>();

  constructor(private readonly lookUp: (alias: string) => Promise<string>) {}

  /** The room id behind a chat id (an alias is looked up the first time). */
  async roomId(chatId: string): Promise<string> {
    if (!chatId.startsWith('#')) return chatId;
    const known = this.byAlias.get(chatId);
    if (known !== undefined) return known;
    const roomId = await this.lookUp(chatId);
    this.remember(chatId, roomId);
    return roomId;
  }

  /** Records that a configured alias names this room. */
  remember(alias: string, roomId: string): void {
    this.byAlias.set(alias, roomId);
    this.aliasOf.set(roomId, alias);
  }

  /** The chat id of a room: the configured alias that names it, else its id. */
  chatId(roomId: string): string {
    return this.aliasOf.get(roomId) ?? roomId;
  }
}
