import { describe, expect, it } from 'vitest';
import { splitArguments, UnclosedQuoteError } from '../../../src/core/split-arguments.js';

describe('splitting command arguments like a shell', () => {
  it.each([
    ['status all', ['status', 'all']],
    ['  spaced   out  ', ['spaced', 'out']],
    ['force build slow "a long reason"', ['force', 'build', 'slow', 'a long reason']],
    ["'single quoted' word", ['single quoted', 'word']],
    ['--props="a=1,b=two words"', ['--props=a=1,b=two words']],
    ['back\\ slash', ['back slash']],
    ['"escaped \\" quote"', ['escaped " quote']],
    ["'no $expansion | here'", ['no $expansion | here']],
    ['""', ['']],
    ['', []],
  ])('%j -> %j', (input, expected) => {
    expect(splitArguments(input)).toEqual(expected);
  });

  it("treats an apostrophe as an opening quote, as POSIX shells do", () => {
    expect(() => splitArguments("don't")).toThrow(UnclosedQuoteError);
  });

  it("reports an unclosed quote with Buildbot's words", () => {
    expect(() => splitArguments('force build "slow')).toThrow('No closing quotation');
  });
});
