import { describe, expect, it } from 'vitest';
import { cleanLogLine, failingStep } from '../../../src/buildbot/log-tail.js';
import type { Step } from '../../../src/buildbot/schemas.js';

describe('log lines shown in chats', () => {
  it('lose ANSI colours, cursor moves, OSC titles and other control characters', () => {
    expect(cleanLogLine('\u001b[31;1mFAIL\u001b[0m: test_widget')).toBe('FAIL: test_widget');
    expect(cleanLogLine('\u001b]0;title\u0007done\u001b[K')).toBe('done');
    expect(cleanLogLine('a\u0000b\u0007c\u009bd')).toBe('abcd');
    expect(cleanLogLine('col1\tcol2   ')).toBe('col1    col2');
  });

  it('show what a carriage return left on screen (progress bars)', () => {
    expect(cleanLogLine('10%\r50%\r100% done\r')).toBe('100% done');
  });
});

describe('the failing step', () => {
  const step = (number: number, name: string, results: number | null): Step => ({ stepid: number, number, name, buildid: 1, state_string: '', results });
  it('is the last that failed or raised, else the last that did not pass', () => {
    expect(failingStep([step(0, 'prep', 0), step(1, 'test', 2), step(2, 'lint', 1)])?.name).toBe('test');
    expect(failingStep([step(0, 'prep', 0), step(1, 'lint', 1)])?.name).toBe('lint');
    expect(failingStep([step(0, 'prep', 0)])).toBeUndefined();
  });
});
