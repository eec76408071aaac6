/**
 * Who is a channel operator in the channels the bot is in, for Buildbot's rule that only
 * operators (or users authz names for `notify`) may change a channel's notifications. Learned
 * from the NAMES list at join and kept current from MODE, NICK, PART, KICK and QUIT. Owners (~),
 * admins (&), ops (@) and half-ops (%) count, as in Buildbot; voice (+) does not.
 */

const OPERATOR_MODES = new Set(['q', 'a', 'o', 'h']);

export interface ChannelMember {
  nick: string;
  /** Mode letters from the NAMES prefixes, e.g. ['o'] for "@alice". */
  modes: readonly string[];
}

export interface ModeChange {
  /** '+o', '-h', ... */
  mode: string;
  param: string | null;
}

export class ChannelOperators {
  /** Folded channel → folded nick → the operator modes that nick holds there. */
  private readonly channels = new Map<string, Map<string, Set<string>>>();

  constructor(private readonly fold: (text: string) => string) {}

  isOperator(channel: string, nick: string): boolean {
    return (this.channels.get(this.fold(channel))?.get(this.fold(nick))?.size ?? 0) > 0;
  }

  /** The NAMES list that follows a join (replaces what was known). */
  setMembers(channel: string, members: readonly ChannelMember[]): void {
    const ops = new Map<string, Set<string>>();
    for (const member of members) {
      const modes = new Set(member.modes.filter((mode) => OPERATOR_MODES.has(mode)));
      if (modes.size > 0) ops.set(this.fold(member.nick), modes);
    }
    this.channels.set(this.fold(channel), ops);
  }

  applyModes(channel: string, changes: readonly ModeChange[]): void {
    const ops = this.channels.get(this.fold(channel));
    if (!ops) return;
    for (const { mode, param } of changes) {
      const letter = mode.slice(1);
      if (!OPERATOR_MODES.has(letter) || !param) continue;
      const nick = this.fold(param);
      const modes = ops.get(nick) ?? new Set<string>();
      if (mode.startsWith('+')) modes.add(letter);
      else modes.delete(letter);
      if (modes.size > 0) ops.set(nick, modes);
      else ops.delete(nick);
    }
  }

  renamed(oldNick: string, newNick: string): void {
    for (const ops of this.channels.values()) {
      const modes = ops.get(this.fold(oldNick));
      if (!modes) continue;
      ops.delete(this.fold(oldNick));
      ops.set(this.fold(newNick), modes);
    }
  }

  /** A user parted or was kicked. */
  left(channel: string, nick: string): void {
    this.channels.get(this.fold(channel))?.delete(this.fold(nick));
  }

  quit(nick: string): void {
    for (const ops of this.channels.values()) ops.delete(this.fold(nick));
  }

  /** The bot itself left the channel. */
  forgetChannel(channel: string): void {
    this.channels.delete(this.fold(channel));
  }

  /** Disconnected: everything is learned again after the next joins. */
  clear(): void {
    this.channels.clear();
  }
}
