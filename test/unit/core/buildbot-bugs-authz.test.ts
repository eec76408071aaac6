/**
 * Buildbot's op check crashed when a channel command's authz value was `True` rather than a
 * list (Buildbot bug 22): `True` must count as naming everybody for that command, and only
 * the command's own entry may, not the '' or '*' defaults.
 */
import { describe, expect, it } from 'vitest';
import { createAuthzPolicy } from '../../../src/core/authz.js';
import type { ChatUser } from '../../../src/core/message.js';

const stranger: ChatUser = { id: 'mallory', name: 'mallory', chatOperator: false };

describe('authz entries that name everybody (Buildbot bug 22)', () => {
  it('counts notify: true as listing every user for notify (Buildbot bug 22)', () => {
    const policy = createAuthzPolicy({ notify: true });
    expect(policy.explicitlyAllows('notify', stranger)).toBe(true);
    expect(policy.explicitlyAllows('NOTIFY', { id: 'anyone-else', name: 'x' })).toBe(true);
    expect(policy.allows({ name: 'notify', dangerous: false }, stranger)).toBe(true);
  });

  it('lists nobody for notify through the defaults or a false entry (Buildbot bug 22)', () => {
    expect(createAuthzPolicy({ '': true, '*': true }).explicitlyAllows('notify', stranger)).toBe(false);
    expect(createAuthzPolicy({ notify: false, '*': true }).explicitlyAllows('notify', stranger)).toBe(false);
    expect(createAuthzPolicy({ 'notify, mute': true }).explicitlyAllows('notify', stranger)).toBe(true);
  });
});
