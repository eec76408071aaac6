import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChannelPresence, isJoinRefusal } from '../../../src/adapters/irc/channel-presence.js';

let joins: string[];
let wanted: Set<string>;
let presence: ChannelPresence;

beforeEach(() => {
  vi.useFakeTimers();
  joins = [];
  wanted = new Set(['#ci']);
  presence = new ChannelPresence({
    lostDelay: [1, 5],
    failedDelay: [45, 60],
    join: (channel) => joins.push(channel),
    wanted: (channel) => wanted.has(channel.toLowerCase()),
    random: () => 0.5,
  });
});

afterEach(() => {
  presence.clear();
  vi.useRealTimers();
});

describe('ChannelPresence', () => {
  it('knows the bot is in a channel once its JOIN came back, whatever the case', async () => {
    expect(presence.isIn('#ci')).toBe(false);
    const waiting = presence.waitFor('#CI', 5_000);
    presence.joined('#Ci');
    await expect(waiting).resolves.toBe(true);
    expect(presence.isIn('#ci')).toBe(true);
    await expect(presence.waitFor('#ci', 5_000)).resolves.toBe(true);
  });

  it('stops waiting after the timeout when no JOIN comes', async () => {
    const waiting = presence.waitFor('#ci', 5_000);
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(waiting).resolves.toBe(false);
  });

  it('joins a wanted channel again after lostDelay when kicked, once', async () => {
    presence.joined('#ci');
    expect(presence.left('#ci')).toBe(3_000);
    expect(presence.left('#ci')).toBeNull(); // already scheduled
    expect(presence.isIn('#ci')).toBe(false);
    await vi.advanceTimersByTimeAsync(2_999);
    expect(joins).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(joins).toEqual(['#ci']);
  });

  it('tries a refused channel again after failedDelay, and not one it is in', async () => {
    expect(presence.refused('#ci')).toBe(52_500);
    await vi.advanceTimersByTimeAsync(52_500);
    expect(joins).toEqual(['#ci']);
    presence.joined('#ci');
    expect(presence.refused('#ci')).toBeNull();
  });

  it('stays out of a channel that is no longer wanted', async () => {
    presence.joined('#ci');
    wanted.clear();
    expect(presence.left('#ci')).toBeNull();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(joins).toEqual([]);
  });

  it('drops a scheduled rejoin when told to leave, when the JOIN comes back, and when the link goes', async () => {
    presence.left('#ci');
    presence.cancelRejoin('#CI');
    presence.refused('#ci');
    presence.joined('#ci');
    presence.left('#ci');
    presence.clear();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(joins).toEqual([]);
    expect(presence.isIn('#ci')).toBe(false);
  });

  it('checks that the channel is still wanted when the time comes', async () => {
    presence.left('#ci');
    wanted.clear();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(joins).toEqual([]);
  });

  it('counts the answers that refuse a JOIN as refusals, and no other error', () => {
    for (const error of ['banned_from_channel', 'invite_only_channel', 'channel_is_full', 'bad_channel_key', 'too_many_channels']) {
      expect(isJoinRefusal(error)).toBe(true);
    }
    for (const error of ['cannot_send_to_channel', 'not_on_channel', 'chanop_privs_needed', 'irc']) {
      expect(isJoinRefusal(error)).toBe(false);
    }
  });
});
