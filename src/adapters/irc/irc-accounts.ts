/**
 * Which services account a user is logged in to, for authz entries `account:NAME`. A nick can
 * be taken by anyone who connects first; an account needs its password. Sources, most
 * trustworthy first:
 * - IRCv3 account-tag: the server stamps each message with the sender's account (no tag: not
 *   logged in). Exact for that message.
 * - extended-join and account-notify: the account as a user joins, and every change after.
 *   Only kept while account-notify is on, since without it a remembered account goes stale.
 * - WHOIS (RPL_WHOISACCOUNT 330): asked per command when nothing else is known, never cached,
 *   since without account-notify nothing tells us when it stops being true.
 */

export interface AccountSources {
  /** The server sends account-tag (an untagged message means "not logged in"). */
  accountTag(): boolean;
  /** The server sends account-notify, so remembered accounts stay current. */
  accountNotify(): boolean;
  /** Ask the server; undefined when no account or no answer. Absent: never ask. */
  whois?: (nick: string) => Promise<string | undefined>;
}

export class IrcAccounts {
  /** Folded nick → account, or null for "known not logged in". */
  private readonly known = new Map<string, string | null>();

  constructor(
    private readonly sources: AccountSources,
    private readonly fold: (text: string) => string,
  ) {}

  /** The account behind a message from `nick`; `tagged` is its account tag, if any. */
  async accountOf(nick: string, tagged: string | undefined): Promise<string | undefined> {
    if (this.sources.accountTag()) {
      const account = tagged || undefined;
      this.seen(nick, account ?? null);
      return account;
    }
    const remembered = this.known.get(this.fold(nick));
    if (remembered !== undefined) return remembered ?? undefined;
    return this.sources.whois ? await this.sources.whois(nick) : undefined;
  }

  /** extended-join or account-notify told us (null or false: not logged in). */
  seen(nick: string, account: string | null | false): void {
    if (!this.sources.accountNotify()) return;
    this.known.set(this.fold(nick), account || null);
  }

  renamed(oldNick: string, newNick: string): void {
    const account = this.known.get(this.fold(oldNick));
    this.known.delete(this.fold(oldNick));
    if (account !== undefined) this.known.set(this.fold(newNick), account);
  }

  /**
   * The user left a channel or quit: account-notify covers only users we share a channel with,
   * so what we knew may go stale from here on.
   */
  forget(nick: string): void {
    this.known.delete(this.fold(nick));
  }

  clear(): void {
    this.known.clear();
  }
}
