/**
 * Who a build notification mentions: the authors of its changes (its blamelist) and the owner of
 * a forced build, each as the person they are known to be. A mention carries a handle per
 * platform; each platform's TextFormat.mention writes it its own way (an IRC nick, which
 * highlights; a Telegram link to the user or their @username), so one stored notification can
 * be rendered anywhere. Authors nobody is known as are named as text.
 */
import { authorLabel } from './match-author.js';
import type { PeopleDirectory, Person } from './people-directory.js';

export interface Mention {
  name: string;
  /** Empty: name as text (unknown author, or `mention: false`). */
  handles: Record<string, string>;
}

export interface BuildPeopleFacts {
  /** Authors of the build's changes. */
  blame: readonly string[];
  /** The owner property of a forced build, as Buildbot has it ("Name <email>"). */
  requester?: string;
}

export interface Involved {
  author: string;
  person: Person | undefined;
}

/** Everyone a build concerns, once each, blamelist first. */
export function involvedPeople(directory: PeopleDirectory, facts: BuildPeopleFacts): Involved[] {
  const seen = new Set<string>();
  const involved: Involved[] = [];
  for (const author of [...facts.blame, ...(facts.requester ? [facts.requester] : [])]) {
    const person = directory.forAuthor(author);
    const key = person?.key ?? `author:${authorLabel(author).toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    involved.push({ author, person });
  }
  return involved;
}

export function mentionsOf(involved: readonly Involved[]): Mention[] {
  return involved.map(({ author, person }) =>
    person ? { name: person.name, handles: person.mention ? person.handles : {} } : { name: authorLabel(author), handles: {} },
  );
}
