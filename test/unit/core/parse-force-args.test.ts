import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/command.js';
import { parseForceArgs } from '../../../commands/support/force/parse-force-args.js';

describe('force build arguments', () => {
  it('reads the builder and the reason words', () => {
    expect(parseForceArgs(['build', 'fast-pass', 'try', 'it'])).toEqual({ builder: 'fast-pass', reason: 'try it', codebase: '', props: {} });
  });

  it('reads --opt=value and --opt value forms', () => {
    const args = parseForceArgs(['build', '--branch=dev', '--revision', 'abc123', '--codebase=lib', 'slow', 'long', 'one']);
    expect(args).toMatchObject({ builder: 'slow', branch: 'dev', revision: 'abc123', codebase: 'lib', reason: 'long one' });
  });

  it('merges repeated --props', () => {
    expect(parseForceArgs(['build', '--props=duration=30,result=pass', '--props', 'clean=true', 'slow']).props).toEqual({ duration: '30', result: 'pass', clean: 'true' });
  });

  it('accepts options between the builder and the reason', () => {
    expect(parseForceArgs(['build', 'slow', '--branch=dev', 'why']).branch).toBe('dev');
  });

  it('keeps option-like words inside the reason', () => {
    expect(parseForceArgs(['build', 'slow', 'because', '--force']).reason).toBe('because --force');
  });

  it.each([
    [[], ''],
    [['rebuild', 'slow'], "Say 'force build ...', not 'force rebuild'."],
    [['build'], 'Which builder?'],
    [['build', '--frob=1', 'slow'], "Unknown option '--frob'."],
    [['build', '--props=novalue', 'slow'], "--props takes name=value pairs separated by commas, not 'novalue'."],
    [['build', '--branch'], '--branch needs a value.'],
    [['build', '--branch=a', '--branch=b', 'slow'], '--branch given twice.'],
  ])('%j is a usage error: %s', (args, message) => {
    expect(() => parseForceArgs(args)).toThrow(UsageError);
    try {
      parseForceArgs(args);
    } catch (error) {
      expect((error as Error).message).toBe(message);
    }
  });
});
