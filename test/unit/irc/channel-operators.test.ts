import { describe, expect, it } from 'vitest';
import { ChannelOperators } from '../../../src/adapters/irc/channel-operators.js';

const fold = (text: string) => text.toLowerCase();

function channelWith(): ChannelOperators {
  const ops = new ChannelOperators(fold);
  ops.setMembers('#ci', [
    { nick: 'Owner', modes: ['q'] },
    { nick: 'op', modes: ['o', 'v'] },
    { nick: 'half', modes: ['h'] },
    { nick: 'voiced', modes: ['v'] },
    { nick: 'plain', modes: [] },
  ]);
  return ops;
}

describe('channel operators', () => {
  it('counts owners, admins, ops and half-ops from the names list, not voice', () => {
    const ops = channelWith();
    expect(['Owner', 'op', 'half', 'voiced', 'plain'].map((nick) => ops.isOperator('#ci', nick))).toEqual([true, true, true, false, false]);
  });

  it('compares nicks and channels without case (Buildbot missed ops with capitals)', () => {
    expect(channelWith().isOperator('#CI', 'owner')).toBe(true);
  });

  it('follows MODE changes, keeping an op who still holds another operator mode', () => {
    const ops = channelWith();
    ops.applyModes('#ci', [
      { mode: '+o', param: 'plain' },
      { mode: '-o', param: 'op' },
      { mode: '+h', param: 'Owner' },
      { mode: '-q', param: 'Owner' },
      { mode: '+v', param: 'voiced' },
      { mode: '+m', param: null },
    ]);
    expect(ops.isOperator('#ci', 'plain')).toBe(true);
    expect(ops.isOperator('#ci', 'op')).toBe(false);
    expect(ops.isOperator('#ci', 'owner')).toBe(true);
    expect(ops.isOperator('#ci', 'voiced')).toBe(false);
  });

  it('follows nick changes, parts, kicks and quits', () => {
    const ops = channelWith();
    ops.setMembers('#other', [{ nick: 'op', modes: ['o'] }]);
    ops.renamed('op', 'op_away');
    expect(ops.isOperator('#ci', 'op')).toBe(false);
    expect(ops.isOperator('#ci', 'op_away')).toBe(true);
    expect(ops.isOperator('#other', 'op_away')).toBe(true);
    ops.left('#ci', 'op_away');
    expect(ops.isOperator('#ci', 'op_away')).toBe(false);
    expect(ops.isOperator('#other', 'op_away')).toBe(true);
    ops.quit('op_away');
    expect(ops.isOperator('#other', 'op_away')).toBe(false);
  });

  it('forgets a channel the bot left, and everything on disconnect', () => {
    const ops = channelWith();
    ops.forgetChannel('#ci');
    expect(ops.isOperator('#ci', 'op')).toBe(false);
    ops.applyModes('#ci', [{ mode: '+o', param: 'plain' }]);
    expect(ops.isOperator('#ci', 'plain')).toBe(false);
    const again = channelWith();
    again.clear();
    expect(again.isOperator('#ci', 'op')).toBe(false);
  });
});
