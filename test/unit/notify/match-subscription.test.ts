import { describe, expect, it } from 'vitest';
import { filtersMatch, NO_FILTERS } from '../../../src/notify/match-subscription.js';

const build = { master: 'main', builder: 'fast-pass', tags: ['fast', 'release'], branch: 'main' };

describe('filtersMatch', () => {
  it.each([
    ['no filters', NO_FILTERS, build, true],
    ['builder listed', { ...NO_FILTERS, builders: ['slow', 'fast-pass'] }, build, true],
    ['builder not listed', { ...NO_FILTERS, builders: ['slow'] }, build, false],
    ['one tag in common', { ...NO_FILTERS, tags: ['nightly', 'release'] }, build, true],
    ['no tag in common', { ...NO_FILTERS, tags: ['nightly'] }, build, false],
    ['builder without tags, tag filter', { ...NO_FILTERS, tags: ['fast'] }, { ...build, tags: [] }, false],
    ['branch listed', { ...NO_FILTERS, branches: ['main'] }, build, true],
    ['other branch', { ...NO_FILTERS, branches: ['release/1.x'] }, build, false],
    ['build without branch, branch filter', { ...NO_FILTERS, branches: ['main'] }, { ...build, branch: null }, false],
    ['all filters hold', { masters: ['main'], builders: ['fast-pass'], tags: ['fast'], branches: ['main'] }, build, true],
    ['all but one hold', { masters: ['main'], builders: ['fast-pass'], tags: ['fast'], branches: ['dev'] }, build, false],
    ['builder names are exact', { ...NO_FILTERS, builders: ['fast'] }, build, false],
    ['master listed', { ...NO_FILTERS, masters: ['release', 'main'] }, build, true],
    ['other master', { ...NO_FILTERS, masters: ['release'] }, build, false],
  ])('%s', (_name, filters, facts, expected) => {
    expect(filtersMatch(filters, facts)).toBe(expected);
  });
});
