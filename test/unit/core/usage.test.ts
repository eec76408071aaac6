import { describe, expect, it } from 'vitest';
import { shownUsage } from '../../../src/core/usage.js';

describe('usage lines', () => {
  const status = { usage: 'status [--master=NAME] [BUILDER|all]' };

  it('read as they always did on a bot with one master', () => {
    expect(shownUsage(status, false)).toBe('status [BUILDER|all]');
  });

  it('offer --master=NAME on a bot with several masters', () => {
    expect(shownUsage(status, true)).toBe('status [--master=NAME] [BUILDER|all]');
  });
});
