import { describe, expect, it } from 'vitest';
import { buildForceParams } from '../../../commands/support/force/build-force-params.js';
import { chooseScheduler } from '../../../commands/support/force/choose-scheduler.js';
import { forceSlowScheduler } from '../../support/force-scheduler-fixture.js';

const base = { codebase: '', props: {}, reason: 'try it', username: 'alice on #ci <alice@irc.invalid>' };

describe('force parameters checked against the ForceScheduler', () => {
  it('maps branch, revision, properties, reason and username to the fields', () => {
    const params = buildForceParams(forceSlowScheduler(), {
      ...base,
      branch: 'dev',
      revision: 'abc123',
      props: { duration: '30', result: 'pass', clean: 'yes' },
    });
    expect(params).toEqual({
      branch: 'dev',
      revision: 'abc123',
      duration: '30',
      result: 'pass',
      clean: true,
      reason: 'try it',
      username: 'alice on #ci <alice@irc.invalid>',
    });
  });

  it('refuses an unknown --props name and lists the allowed ones', () => {
    expect(() => buildForceParams(forceSlowScheduler(), { ...base, props: { colour: 'red' } })).toThrow(
      "Unknown property 'colour' for force-slow; allowed: duration, result (auto|pass|warn|fail), clean (true|false).",
    );
  });

  it('refuses a choice outside the list', () => {
    expect(() => buildForceParams(forceSlowScheduler(), { ...base, props: { result: 'maybe' } })).toThrow(
      "result must be one of auto, pass, warn, fail, not 'maybe'.",
    );
  });

  it('refuses a boolean that is not one', () => {
    expect(() => buildForceParams(forceSlowScheduler(), { ...base, props: { clean: 'perhaps' } })).toThrow("clean is true or false, not 'perhaps'.");
  });

  it('does not let --props set fixed or codebase fields', () => {
    expect(() => buildForceParams(forceSlowScheduler(), { ...base, props: { repository: 'evil' } })).toThrow(/Unknown property 'repository'/);
  });

  it('refuses a codebase the scheduler does not declare', () => {
    expect(() => buildForceParams(forceSlowScheduler(), { ...base, codebase: 'lib', branch: 'x' })).toThrow(
      "The force scheduler force-slow has no codebase 'lib'; its codebases: '' (the default).",
    );
  });

  it('sends no branch or revision unless asked (the scheduler defaults apply)', () => {
    const params = buildForceParams(forceSlowScheduler(), base);
    expect(params).not.toHaveProperty('branch');
    expect(params).not.toHaveProperty('revision');
  });

  it('names required parameters that are missing', () => {
    const scheduler = forceSlowScheduler();
    scheduler.fields.push({ ...scheduler.fields[6]!, fullName: 'ticket', name: 'ticket', required: true, default: '' });
    expect(() => buildForceParams(scheduler, base)).toThrow('The force scheduler force-slow needs ticket.');
  });
});

describe('choosing the force scheduler', () => {
  const slow = forceSlowScheduler();
  const fast = { ...forceSlowScheduler(), name: 'force-fast', builderNames: ['fast-pass', 'flaky'] };
  const flaky = { ...forceSlowScheduler(), name: 'force-flaky', builderNames: ['flaky'] };

  it('prefers the scheduler made for the builder alone', () => {
    expect(chooseScheduler([fast, flaky, slow], 'flaky').name).toBe('force-flaky');
  });

  it('falls back to a shared scheduler', () => {
    expect(chooseScheduler([fast, slow], 'fast-pass').name).toBe('force-fast');
  });

  it('says so when no scheduler covers the builder', () => {
    expect(() => chooseScheduler([slow], 'warn')).toThrow(/No force scheduler of the master covers warn/);
  });
});
