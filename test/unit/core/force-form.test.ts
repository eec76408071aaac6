import { describe, expect, it } from 'vitest';
import { forceForm } from '../../../commands/support/force/force-form.js';
import { parseForceArgs } from '../../../commands/support/force/parse-force-args.js';
import { checkValue, formCommandLine, missingFields } from '../../../src/core/form.js';
import { splitArguments } from '../../../src/core/split-arguments.js';
import { forceSlowScheduler } from '../../support/force-scheduler-fixture.js';

describe('the force form of a ForceScheduler', () => {
  it('offers reason, branch, revision and the properties, with their kinds and defaults', () => {
    const form = forceForm(forceSlowScheduler(), 'slow');
    expect(form.fields.map((f) => [f.name, f.kind, f.default, f.choices ?? null])).toEqual([
      ['reason', 'text', 'forced', null],
      ['branch', 'text', 'main', null],
      ['revision', 'text', '', null],
      ['duration', 'text', '', null],
      ['result', 'choice', 'auto', ['auto', 'pass', 'warn', 'fail']],
      ['clean', 'boolean', 'false', null],
    ]);
  });

  it('becomes a force line that the force command parses back to the values chosen', () => {
    const form = forceForm(forceSlowScheduler(), 'slow');
    const line = formCommandLine(form, { reason: "it's urgent", duration: '40', result: 'pass', clean: 'true', branch: 'main' });
    expect(line).toBe(`force build '--reason=it'"'"'s urgent' --props=duration=40 --props=result=pass --props=clean=true --builder=slow`);
    const [, ...args] = splitArguments(line);
    expect(parseForceArgs(args)).toEqual({ builder: 'slow', reason: "it's urgent", codebase: '', props: { duration: '40', result: 'pass', clean: 'true' } });
  });

  it('checks typed values and required fields', () => {
    const scheduler = forceSlowScheduler();
    scheduler.fields.push({ name: 'jobs', fullName: 'jobs', label: 'Jobs', type: 'int', default: '', required: true, hide: false, multiple: false, regex: null, choices: null });
    const form = forceForm(scheduler, 'slow');
    const jobs = form.fields.find((f) => f.name === 'jobs');
    const duration = form.fields.find((f) => f.name === 'duration');
    if (!jobs || !duration) throw new Error('fields missing');
    expect(checkValue(jobs, 'four')).toBe('Jobs must be a whole number.');
    expect(checkValue(jobs, '')).toBe('Jobs cannot be empty.');
    expect(checkValue(jobs, '4')).toBeNull();
    expect(checkValue(duration, '1,2')).toBe('duration must be a value without commas.');
    expect(missingFields(form, {}).map((f) => f.name)).toEqual(['jobs']);
    expect(missingFields(form, { jobs: '4' })).toEqual([]);
  });
});
