/**
 * Whether two author strings name the same person. Buildbot keeps a change's author as the VCS
 * wrote it, usually "Name <email>" (git) and sometimes the email or a user name alone, so the
 * same person may appear with different names but the same address.
 */

/** The email in "Name <email>", or the whole string when it is an address itself. */
export function authorEmail(author: string): string | null {
  const bracketed = /<([^<>\s]+@[^<>\s]+)>/.exec(author);
  if (bracketed?.[1]) return bracketed[1].toLowerCase();
  const bare = author.trim();
  return /^[^\s<>@]+@[^\s<>@]+$/.test(bare) ? bare.toLowerCase() : null;
}

export function sameAuthor(a: string, b: string): boolean {
  if (a.trim().toLowerCase() === b.trim().toLowerCase()) return true;
  const email = authorEmail(a);
  return email !== null && email === authorEmail(b);
}

/** How to name an author in text: "Alice Example <alice@example.org>" reads as "Alice Example". */
export function authorLabel(author: string): string {
  const name = author.replace(/\s*<[^>]*>\s*$/, '').trim();
  return name || author.trim();
}

/**
 * The chat user behind a build forced from a chat: force gives Buildbot "who <USER@ADAPTER.invalid>"
 * (commands/support/describe-user.ts ownerWithAddress), so the address names the platform and user id.
 */
export function chatUserOfOwner(owner: string): { adapter: string; id: string } | null {
  const email = /<([^<>\s@]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)\.invalid>\s*$/.exec(owner);
  if (!email?.[1] || !email[2]) return null;
  // a network's adapter `irc/libera` is written as the domain `libera.irc`
  let id: string;
  try {
    id = decodeURIComponent(email[1]);
  } catch {
    return null; // not an address force wrote
  }
  return { adapter: email[2].split('.').reverse().join('/'), id };
}
