/**
 * Who is who: the config's `people:` and the authors linked with `people link`, looked up by a
 * chat user, by a commit author or by a person key. Someone the config does not name is still a
 * person, keyed by platform and user id ('irc:bob', 'telegram:123'), so `--mine` and
 * `people link` work for everybody.
 */
import type { ChatUser } from '../core/message.js';
import type { PersonView } from '../core/people-control.js';
import { platformNameOf } from '../core/platform.js';
import type { PeopleLinks } from '../store/people-links.js';
import { chatUserOfOwner, sameAuthor } from './match-author.js';
import type { PersonConfig } from './people-config.js';

/** A person: one of the config's, or someone keyed by platform and user id. */
export type Person = PersonView;

/** What identifies a chat user: the ChatUser fields the platforms fill in. */
export type UserIdentity = Pick<ChatUser, 'id' | 'name' | 'account' | 'username'>;

const PLATFORMS = ['irc', 'telegram', 'matrix'] as const;
type Platform = (typeof PLATFORMS)[number];

export class PeopleDirectory {
  private readonly configured: Person[];

  constructor(
    private readonly people: readonly PersonConfig[],
    private readonly links: PeopleLinks,
  ) {
    this.configured = people.map((person) => ({
      key: `person:${person.name}`,
      name: person.name,
      handles: configuredHandles(person),
      authors: [...person.authors],
      mention: person.mention,
      configured: true,
    }));
  }

  /** The person a chat user is: one of the config's, or someone keyed by platform and id. */
  forUser(adapter: string, user: UserIdentity): Person {
    const index = this.people.findIndex((person) => namesUser(person, adapter, user));
    const found = index >= 0 ? this.configured[index] : undefined;
    if (found) return this.withLinks(found);
    const key = userKey(adapter, user.id);
    return this.withLinks({ key, name: user.name, handles: { [platformNameOf(adapter)]: user.id }, authors: [], mention: true, configured: false });
  }

  byName(name: string): Person | undefined {
    const found = this.configured.find((person) => person.name.toLowerCase() === name.trim().toLowerCase());
    return found && this.withLinks(found);
  }

  byKey(key: string): Person | undefined {
    const found = this.configured.find((person) => person.key === key);
    if (found) return this.withLinks(found);
    const [adapter, ...rest] = key.split(':');
    const id = rest.join(':');
    if (!adapter || !id || adapter === 'person') return undefined;
    const name = this.links.all().find((link) => link.personKey === key)?.name ?? id;
    return this.forUser(adapter, { id, name });
  }

  /** The person behind a change author or a build owner, if anyone is known to be. */
  forAuthor(author: string): Person | undefined {
    const configured = this.configured.find((person) => person.authors.some((known) => sameAuthor(known, author)));
    if (configured) return this.withLinks(configured);
    const link = this.links.all().find((entry) => sameAuthor(entry.author, author));
    if (link) return this.byKey(link.personKey);
    const chatUser = chatUserOfOwner(author);
    if (chatUser && isPlatform(platformNameOf(chatUser.adapter))) return this.forUser(chatUser.adapter, { id: chatUser.id, name: chatUser.id });
    return undefined;
  }

  private withLinks(person: Person): Person {
    const linked = this.links.all().filter((link) => link.personKey === person.key).map((link) => link.author);
    return linked.length === 0 ? person : { ...person, authors: [...person.authors, ...linked.filter((a) => !person.authors.some((b) => sameAuthor(a, b)))] };
  }
}

export function userKey(adapter: string, id: string): string {
  // IRC nicks are case-insensitive (RFC 2812 §2.2)
  return `${adapter}:${platformNameOf(adapter) === 'irc' ? id.toLowerCase() : id}`;
}

function isPlatform(adapter: string): adapter is Platform {
  return (PLATFORMS as readonly string[]).includes(adapter);
}

/** `adapter`: its name; a person's `irc:` entries hold on every IRC network, and so on. */
function namesUser(person: PersonConfig, adapter: string, user: UserIdentity): boolean {
  const platform = platformNameOf(adapter);
  if (platform === 'irc') {
    return person.irc.some((entry) =>
      entry.startsWith('account:')
        ? user.account !== undefined && entry.slice('account:'.length).toLowerCase() === user.account.toLowerCase()
        : entry.toLowerCase() === user.id.toLowerCase(),
    );
  }
  if (platform === 'telegram') {
    return person.telegram.some((entry) =>
      entry.startsWith('@') ? user.username !== undefined && entry.slice(1).toLowerCase() === user.username.toLowerCase() : entry === user.id,
    );
  }
  if (platform === 'matrix') return person.matrix.includes(user.id);
  return false;
}

/** IRC: a nick (an account alone names no nick to highlight); Telegram: an id, else @username. */
function configuredHandles(person: PersonConfig): Record<string, string> {
  const handles: Record<string, string> = {};
  const nick = person.irc.find((entry) => !entry.startsWith('account:'));
  if (nick) handles.irc = nick;
  const telegram = person.telegram.find((entry) => /^\d+$/.test(entry)) ?? person.telegram[0];
  if (telegram) handles.telegram = telegram;
  if (person.matrix[0]) handles.matrix = person.matrix[0];
  return handles;
}
