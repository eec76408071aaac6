import { describe, expect, it } from 'vitest';
import { createAuthzPolicy, type AuthzConfig } from '../../../src/core/authz.js';
import type { ChatUser } from '../../../src/core/message.js';

const force = { name: 'force', dangerous: true };
const stop = { name: 'stop', dangerous: true };
const shutdown = { name: 'shutdown', dangerous: true };
const help = { name: 'help', dangerous: false };
const notify = { name: 'notify', dangerous: false };

const alice: ChatUser = { id: 'alice', name: 'alice' };
const bob: ChatUser = { id: 'bob', name: 'bob' };
const aliceWithAccount: ChatUser = { id: 'mallory', name: 'mallory', account: 'alice' };

describe('authz policy (Buildbot semantics)', () => {
  const table: [string, AuthzConfig, { name: string; dangerous: boolean }, ChatUser, boolean][] = [
    ['no config: safe commands allowed', {}, help, bob, true],
    ['no config: dangerous commands denied', {}, force, alice, false],
    ['"" false denies safe commands', { '': false }, help, alice, false],
    ['"!" true allows dangerous commands', { '!': true }, shutdown, bob, true],
    ['"!" list allows only those users', { '!': ['alice'] }, force, alice, true],
    ['"!" list denies others', { '!': ['alice'] }, force, bob, false],
    ['own entry beats "!"', { '!': true, force: false }, force, alice, false],
    ['own entry beats ""', { '': false, help: true }, help, bob, true],
    ['comma-separated keys share the value', { 'force, stop': ['alice'] }, stop, alice, true],
    ['comma-separated keys do not leak to others', { 'force,stop': ['alice'] }, shutdown, alice, false],
    ['"*" overrides the "" default (Buildbot test _exclamation)', { '': false, '*': true }, help, bob, true],
    ['own entry beats "*" (Buildbot test _exclamation_override)', { shutdown: false, '': false, '*': true }, shutdown, alice, false],
    ['user ids compare case-insensitively', { force: ['Alice'] }, force, alice, true],
    ['keys compare case-insensitively', { FORCE: ['alice'] }, force, alice, true],
    ['account: entries match the services account', { force: ['account:alice'] }, force, aliceWithAccount, true],
    ['account: entries do not match a nick', { force: ['account:alice'] }, force, alice, false],
    ['a nick entry does not match another nick with that account', { force: ['alice'] }, force, aliceWithAccount, false],
    ['safe command with its own list', { notify: ['alice'] }, notify, bob, false],
    // Buildbot unit test: {'force': ['me'], 'shutdown': ['notme','someone'], ('dance','notify'): True, '': False}
    ['Buildbot example: me may force', { force: ['me'], shutdown: ['notme', 'someone'], 'dance,notify': true, '': false }, force, { id: 'me', name: 'me' }, true],
    ['Buildbot example: me may not shutdown', { force: ['me'], shutdown: ['notme', 'someone'], '': false }, shutdown, { id: 'me', name: 'me' }, false],
    ['Buildbot example: me may not help', { force: ['me'], '': false }, help, { id: 'me', name: 'me' }, false],
  ];
  it.each(table)('%s', (_label, config, command, user, expected) => {
    expect(createAuthzPolicy(config).allows(command, user)).toBe(expected);
  });

  it('tells whether a user is listed for a command by name (channel-operator exceptions)', () => {
    const policy = createAuthzPolicy({ notify: ['alice'], '': true });
    expect(policy.explicitlyAllows('notify', alice)).toBe(true);
    expect(policy.explicitlyAllows('notify', bob)).toBe(false);
    expect(policy.explicitlyAllows('help', bob)).toBe(false);
  });
});
