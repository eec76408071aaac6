/**
 * Who administers a Telegram group, asked with getChatMember (core.telegram.org/bots/api#getchatmember)
 * and kept for a minute, so a burst of commands asks once. IRC lets channel operators change a
 * channel's notifications; on Telegram the group's creator and administrators play that part.
 * A failed question counts as "no": authz may still name the user.
 */
import type { Api } from 'grammy';
import type { Logger } from 'pino';

const CACHE_MS = 60_000;

export class GroupAdministrators {
  private readonly known = new Map<string, { admin: boolean; until: number }>();

  constructor(
    private readonly api: Api,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async isAdministrator(chatId: string, userId: string): Promise<boolean> {
    const key = `${chatId}:${userId}`;
    const cached = this.known.get(key);
    if (cached && cached.until > this.now()) return cached.admin;
    try {
      const member = await this.api.getChatMember(chatId, Number(userId));
      const admin = member.status === 'creator' || member.status === 'administrator';
      this.known.set(key, { admin, until: this.now() + CACHE_MS });
      if (this.known.size > 10_000) this.forgetExpired();
      return admin;
    } catch (error) {
      this.logger.warn({ err: error, chat: chatId, user: userId }, 'could not ask Telegram whether the user administers the group; treated as not');
      return false;
    }
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [key, entry] of this.known) if (entry.until <= now) this.known.delete(key);
  }
}
