import { describe, expect, it, vi } from 'vitest';
import { IrcAccounts, type AccountSources } from '../../../src/adapters/irc/irc-accounts.js';

const fold = (text: string) => text.toLowerCase();

function accounts(caps: { tag?: boolean; notify?: boolean }, whois?: AccountSources['whois']) {
  const sources: AccountSources = { accountTag: () => caps.tag ?? false, accountNotify: () => caps.notify ?? false, ...(whois ? { whois } : {}) };
  return new IrcAccounts(sources, fold);
}

describe('services accounts of IRC users', () => {
  it('takes the account tag of the message as the truth when the server sends account-tag', async () => {
    const whois = vi.fn(async () => 'stale');
    const tracker = accounts({ tag: true, notify: true }, whois);
    tracker.seen('alice', 'alice-account');
    expect(await tracker.accountOf('alice', 'alice-account')).toBe('alice-account');
    // no tag: not logged in (any longer), whatever was known
    expect(await tracker.accountOf('alice', undefined)).toBeUndefined();
    expect(whois).not.toHaveBeenCalled();
  });

  it('remembers accounts from extended-join and account-notify while account-notify keeps them current', async () => {
    const whois = vi.fn(async () => 'from-whois');
    const tracker = accounts({ notify: true }, whois);
    tracker.seen('Alice', 'alice-account');
    tracker.seen('bob', false);
    expect(await tracker.accountOf('alice', undefined)).toBe('alice-account');
    expect(await tracker.accountOf('bob', undefined)).toBeUndefined();
    tracker.renamed('alice', 'alice_');
    expect(await tracker.accountOf('alice_', undefined)).toBe('alice-account');
    expect(whois).not.toHaveBeenCalled();
    // unknown nick, or one that left: asked again
    tracker.forget('alice_');
    expect(await tracker.accountOf('alice_', undefined)).toBe('from-whois');
    expect(whois).toHaveBeenCalledWith('alice_');
  });

  it('remembers nothing without account-notify, and asks WHOIS each time', async () => {
    const whois = vi.fn(async (nick: string) => (nick === 'alice' ? 'alice-account' : undefined));
    const tracker = accounts({}, whois);
    tracker.seen('mallory', 'alice-account');
    expect(await tracker.accountOf('mallory', undefined)).toBeUndefined();
    expect(await tracker.accountOf('alice', undefined)).toBe('alice-account');
    expect(await tracker.accountOf('alice', undefined)).toBe('alice-account');
    expect(whois).toHaveBeenCalledTimes(3);
  });

  it('knows no account when it may not ask and nothing told it', async () => {
    const tracker = accounts({});
    expect(await tracker.accountOf('alice', 'forged-by-nobody')).toBeUndefined();
  });

  it('forgets everything on disconnect', async () => {
    const tracker = accounts({ notify: true });
    tracker.seen('alice', 'alice-account');
    tracker.clear();
    expect(await tracker.accountOf('alice', undefined)).toBeUndefined();
  });
});
