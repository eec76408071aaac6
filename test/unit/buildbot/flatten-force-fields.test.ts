import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flattenForceFields, rawForceSchedulerSchema, toForceScheduler } from '../../../src/buildbot/flatten-force-fields.js';

/** Recorded from the real test master: force-fast and force-slow, all_fields as Buildbot sends them. */
const recorded = JSON.parse(readFileSync(new URL('../../fixtures/buildbot/forceschedulers.json', import.meta.url), 'utf8')) as {
  forceschedulers: unknown[];
};

function recordedScheduler(name: string) {
  const raw = recorded.forceschedulers.map((s) => rawForceSchedulerSchema.parse(s)).find((s) => s.name === name);
  if (!raw) throw new Error(`fixture lacks ${name}`);
  return raw;
}

describe('force scheduler fields', () => {
  it('lists the leaves of the nested groups in form order', () => {
    const scheduler = toForceScheduler(recordedScheduler('force-slow'));
    expect(scheduler.fields.map((f) => f.fullName)).toEqual([
      'username', 'reason', 'branch', 'project', 'repository', 'revision', 'duration', 'result', 'clean',
    ]);
    expect(scheduler.fields.some((f) => f.type === 'nested')).toBe(false);
  });

  it('keeps what commands need from each leaf: type, default, choices, hidden', () => {
    const fields = toForceScheduler(recordedScheduler('force-slow')).fields;
    const byName = Object.fromEntries(fields.map((f) => [f.fullName, f]));
    expect(byName.result).toMatchObject({ type: 'list', default: 'auto', choices: ['auto', 'pass', 'warn', 'fail'] });
    expect(byName.clean).toMatchObject({ type: 'bool', default: false, label: 'Clean build' });
    expect(byName.project).toMatchObject({ type: 'fixed', hide: true });
    expect(byName.username).toMatchObject({ type: 'username', default: '', label: 'Your name:' });
  });

  it('maps the scheduler itself: name, label, builder names, enabled', () => {
    const scheduler = toForceScheduler(recordedScheduler('force-fast'));
    expect(scheduler).toMatchObject({
      name: 'force-fast',
      label: 'force-fast',
      builderNames: ['fast-pass', 'fast-fail', 'warn', 'broken', 'flaky'],
      enabled: true,
    });
  });

  it('flattens groups nested inside groups (a codebase inside a layout group)', () => {
    const leaf = (name: string) => ({ name, fullName: name, label: name, type: 'text', default: '' });
    const tree = [
      { type: 'nested', name: '', fullName: null, fields: [leaf('a'), { type: 'nested', name: 'cb', fullName: 'cb', fields: [leaf('cb_branch')] }] },
      leaf('z'),
    ];
    expect(flattenForceFields(tree).map((f) => f.fullName)).toEqual(['a', 'cb_branch', 'z']);
  });

  it('rejects a leaf without a fullName, so a changed API fails loudly', () => {
    expect(() => flattenForceFields([{ name: 'x', type: 'text' }])).toThrow();
  });
});
