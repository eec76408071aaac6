import { describe, expect, it } from 'vitest';
import { CANCELLED, EXCEPTION, FAILURE, RETRY, SKIPPED, SUCCESS, WARNINGS } from '../../../src/buildbot/results.js';
import { classifyFinishedBuild } from '../../../src/notify/classify-finished-build.js';
import { filtersMatch } from '../../../src/notify/match-subscription.js';

describe('events raised by a finished build', () => {
  it.each([
    ['first build, success', SUCCESS, null, ['finished', 'success']],
    ['first build, failure', FAILURE, null, ['finished', 'failure']],
    ['success after success', SUCCESS, SUCCESS, ['finished', 'success']],
    ['failure after success: problem, worse', FAILURE, SUCCESS, ['finished', 'failure', 'problem', 'worse']],
    ['exception after warnings: problem, worse', EXCEPTION, WARNINGS, ['finished', 'exception', 'problem', 'worse']],
    ['success after failure: recovery, better', SUCCESS, FAILURE, ['finished', 'success', 'recovery', 'better']],
    ['warnings after exception: recovery, better', WARNINGS, EXCEPTION, ['finished', 'warnings', 'recovery', 'better']],
    ['warnings after success: worse only', WARNINGS, SUCCESS, ['finished', 'warnings', 'worse']],
    ['success after warnings: better only', SUCCESS, WARNINGS, ['finished', 'success', 'better']],
    ['exception after failure: worse only', EXCEPTION, FAILURE, ['finished', 'exception', 'worse']],
    ['failure after exception: better only', FAILURE, EXCEPTION, ['finished', 'failure', 'better']],
    ['failure after failure: nothing new', FAILURE, FAILURE, ['finished', 'failure']],
    ['cancelled after success: cancelled, not worse', CANCELLED, SUCCESS, ['finished', 'cancelled']],
    ['retry: only finished', RETRY, SUCCESS, ['finished']],
    ['skipped: only finished', SKIPPED, SUCCESS, ['finished']],
  ])('%s', (_label, result, previous, expected) => {
    expect([...classifyFinishedBuild(result, previous)].sort()).toEqual([...expected].sort());
  });
});

describe('subscription filters', () => {
  const facts = { master: 'default', builder: 'flaky', tags: ['fast', 'flaky'], branch: 'main' };
  it.each([
    ['no filters', { masters: [], builders: [], tags: [], branches: [] }, true],
    ['builder listed', { masters: [], builders: ['slow', 'flaky'], tags: [], branches: [] }, true],
    ['builder not listed', { masters: [], builders: ['slow'], tags: [], branches: [] }, false],
    ['one tag shared', { masters: [], builders: [], tags: ['flaky'], branches: [] }, true],
    ['no tag shared', { masters: [], builders: [], tags: ['slow'], branches: [] }, false],
    ['branch listed', { masters: [], builders: [], tags: [], branches: ['main'] }, true],
    ['branch not listed', { masters: [], builders: [], tags: [], branches: ['dev'] }, false],
    ['all filters must match', { masters: [], builders: ['flaky'], tags: ['fast'], branches: ['dev'] }, false],
  ])('%s', (_label, filters, expected) => {
    expect(filtersMatch(filters, facts)).toBe(expected);
  });

  it('a branch filter does not match a build without a branch', () => {
    expect(filtersMatch({ masters: [], builders: [], tags: [], branches: ['main'] }, { ...facts, branch: null })).toBe(false);
  });
});
