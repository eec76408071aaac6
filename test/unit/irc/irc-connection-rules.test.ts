import { describe, expect, it } from 'vitest';
import { fallbackNick } from '../../../src/adapters/irc/fallback-nick.js';
import { configuredIrcChatIds, ircChatId, isIrcChannelName, isIrcTarget } from '../../../src/adapters/irc/irc-chat-id.js';
import { lostLinkDelayMs, reconnectDelayMs } from '../../../src/adapters/irc/reconnect-delay.js';

describe('fallback nicks', () => {
  it('tries nick_, nick__, then the nick shortened with three digits', () => {
    expect(fallbackNick('bbot', 1)).toBe('bbot_');
    expect(fallbackNick('bbot', 2)).toBe('bbot__');
    expect(fallbackNick('buildbot-ci', 3, () => 0)).toBe('buildb100');
    expect(fallbackNick('buildbot-ci', 4, () => 0.999)).toBe('buildb999');
  });
});

describe('reconnect delays', () => {
  it('draws from the [min, max] range in seconds', () => {
    expect(reconnectDelayMs([1, 5], () => 0)).toBe(1000);
    expect(reconnectDelayMs([1, 5], () => 0.5)).toBe(3000);
    expect(reconnectDelayMs([45, 60], () => 1)).toBe(60_000);
    expect(reconnectDelayMs([0.2, 0.2], () => 0.7)).toBe(200);
  });

  it('doubles lostDelay for each link in a row that dropped soon after sign-on, up to the longest delay', () => {
    const waits = [0, 1, 2, 3, 4, 5, 6, 20].map((drops) => lostLinkDelayMs([1, 5], [45, 60], drops, () => 0));
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
    expect(lostLinkDelayMs([90, 90], [45, 60], 3, () => 0)).toBe(90_000);
  });
});

describe('IRC chat ids', () => {
  it('folds ASCII case, so #CI and #ci are one chat', () => {
    expect(ircChatId('#CI-Builds')).toBe('#ci-builds');
    expect(ircChatId('Alice[m]')).toBe('alice[m]');
  });

  it('names the configured channels and pmToNicks once each', () => {
    const ids = configuredIrcChatIds({ channels: [{ channel: '#CI' }, { channel: '#ci' }, { channel: '&ops', password: 'k' }], pmToNicks: ['Alice'] });
    expect(ids).toEqual(['#ci', '&ops', 'alice']);
  });

  it('tells channels from nicks', () => {
    expect(['#ci', '&local', '+modeless', '!safe', 'alice', '[m]'].map(isIrcChannelName)).toEqual([true, true, true, true, false, false]);
  });

  it('accepts only names that are one safe IRC parameter', () => {
    expect(['#ci', 'alice', 'k3y!'].every(isIrcTarget)).toBe(true);
    expect(['', '#a b', '#a,#b', ':alice', '#ci\r\nQUIT', 'nul\0', 'bell\x07'].some(isIrcTarget)).toBe(false);
  });
});
