import { describe, expect, it } from 'vitest';
import { commandLineCompleter, completeLine } from '../../../src/adapters/console/command-line-completer.js';

const words = { commands: ['force', 'help', 'last', 'list', 'status', 'stop'], builders: ['fast-fail', 'fast-pass', 'slow'] };

describe('tab completion at the console', () => {
  it('completes the first word to the one command it starts, with a space after it', () => {
    expect(completeLine('sta', words)).toEqual([['status '], 'sta']);
  });

  it('offers every command a first word could become', () => {
    expect(completeLine('l', words)).toEqual([['last', 'list'], 'l']);
    expect(completeLine('', words)).toEqual([words.commands, '']);
  });

  it('completes later words to builder names', () => {
    expect(completeLine('force build fast-p', words)).toEqual([['fast-pass '], 'fast-p']);
    expect(completeLine('status fa', words)).toEqual([['fast-fail', 'fast-pass'], 'fa']);
    expect(completeLine('last ', words)).toEqual([words.builders, '']);
  });

  it('offers nothing for a word nothing starts with', () => {
    expect(completeLine('frob', words)).toEqual([[], 'frob']);
    expect(completeLine('status zz', words)).toEqual([[], 'zz']);
  });

  it('asks the master for builder names once, then reuses them', async () => {
    let calls = 0;
    const complete = commandLineCompleter({ commands: () => words.commands, builders: async () => (calls++, ['alpha', 'beta']) });
    expect(await complete('status a')).toEqual([['alpha '], 'a']);
    expect(await complete('status b')).toEqual([['beta '], 'b']);
    expect(calls).toBe(1);
  });

  it('keeps the names it knew while the master is away, and asks again later', async () => {
    let now = 0;
    let masterUp = true;
    const complete = commandLineCompleter({
      commands: () => words.commands,
      builders: async () => {
        if (!masterUp) throw new Error('the Buildbot master is not answering');
        return ['alpha'];
      },
      ttlMs: 1_000,
      now: () => now,
    });
    expect(await complete('last al')).toEqual([['alpha '], 'al']);
    masterUp = false;
    now = 5_000;
    expect(await complete('last al')).toEqual([['alpha '], 'al']);
    expect(await complete('sto')).toEqual([['stop '], 'sto']);
  });
});
