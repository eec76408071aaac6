/** How a chat user is named in build reasons and owners: "alice on #ci", "alice". */
import type { IncomingMessage } from '../../src/core/message.js';

export function describeUser(message: IncomingMessage): string {
  const { user, chat } = message;
  return chat.private ? user.name : `${user.name} on ${chat.title ?? chat.id}`;
}

/** Buildbot's username field wants "Name <email>" (forcesched.py VALID_EMAIL) when anonymous. */
export function ownerWithAddress(message: IncomingMessage): string {
  // Percent-encoded, not replaced, so the id reads back whole (src/people/match-author.ts):
  // a Matrix id is `@alice:example.org`.
  const id = message.user.id.replace(/[\s<>@%]/g, (c) => encodeURIComponent(c)) || 'someone';
  // forcesched.py VALID_EMAIL wants a dot in the domain; .invalid is reserved for this (RFC 2606).
  // A network's adapter is `irc/libera`: a domain takes `libera.irc`, not a slash.
  const domain = message.chat.adapter.split('/').reverse().map((label) => label.replace(/[^A-Za-z0-9-]+/g, '-')).join('.');
  return `${describeUser(message)} <${id}@${domain}.invalid>`;
}
