/**
 * Checks a force request against the ForceScheduler's declared parameters and turns it into the
 * JSON-RPC params the master expects (keys are the fields' fullNames). Buildbot's IRC bot
 * bypasses schedulers; over REST a ForceScheduler is the only way, so what it declares rules.
 */
import type { ForceField, ForceScheduler } from '../../../src/buildbot/schemas.js';
import { CommandError } from '../../../src/core/command.js';

export interface ForceInput {
  codebase: string;
  branch?: string;
  revision?: string;
  props: Record<string, string>;
  reason: string;
  /** "Name <email>": Buildbot's username field requires that form when anonymous. */
  username: string;
}

const CODEBASE_FIELDS = ['branch', 'revision', 'repository', 'project'];
const TRUE = ['true', 'yes', 'on', '1'];
const FALSE = ['false', 'no', 'off', '0'];

function codebasePrefix(codebase: string): string {
  return codebase ? `${codebase}_` : '';
}

/** Codebases the scheduler declares, '' being the default one. */
export function schedulerCodebases(scheduler: ForceScheduler): string[] {
  const names = new Set<string>();
  for (const field of scheduler.fields) {
    if (field.name !== 'branch' && field.name !== 'revision') continue;
    names.add(field.fullName.slice(0, field.fullName.length - field.name.length).replace(/_$/, ''));
  }
  return [...names];
}

function isCodebaseField(field: ForceField): boolean {
  return CODEBASE_FIELDS.includes(field.name);
}

/** Fields a user may set with --props: everything but reason, username and codebase fields. */
export function propertyFields(scheduler: ForceScheduler): ForceField[] {
  return scheduler.fields.filter(
    (f) => f.type !== 'fixed' && !f.hide && f.type !== 'username' && f.fullName !== 'reason' && f.fullName !== 'owner' && !isCodebaseField(f),
  );
}

export function describeField(field: ForceField): string {
  if (field.type === 'list' && field.choices) return `${field.fullName} (${field.choices.join('|')})`;
  if (field.type === 'bool') return `${field.fullName} (true|false)`;
  if (field.type === 'int') return `${field.fullName} (a number)`;
  return field.fullName;
}

export function convertValue(field: ForceField, value: string): string | boolean | number {
  if (field.type === 'bool') {
    const lower = value.toLowerCase();
    if (TRUE.includes(lower)) return true;
    if (FALSE.includes(lower)) return false;
    throw new CommandError(`${field.fullName} is true or false, not '${value}'.`);
  }
  if (field.type === 'int') {
    if (!/^-?\d+$/.test(value)) throw new CommandError(`${field.fullName} is a whole number, not '${value}'.`);
    return Number(value);
  }
  if (field.type === 'list' && field.choices && !field.multiple && !field.choices.includes(value)) {
    throw new CommandError(`${field.fullName} must be one of ${field.choices.join(', ')}, not '${value}'.`);
  }
  if (field.regex && !new RegExp(field.regex).test(value)) {
    throw new CommandError(`'${value}' is not a valid ${field.fullName} (it must match ${field.regex}).`);
  }
  return value;
}

export function buildForceParams(scheduler: ForceScheduler, input: ForceInput): Record<string, string | boolean | number> {
  const byName = new Map(scheduler.fields.map((f) => [f.fullName, f]));
  const params: Record<string, string | boolean | number> = {};
  const codebases = schedulerCodebases(scheduler);
  if ((input.branch !== undefined || input.revision !== undefined || input.codebase) && !codebases.includes(input.codebase)) {
    const known = codebases.map((c) => (c === '' ? "'' (the default)" : c)).join(', ') || 'none';
    throw new CommandError(`The force scheduler ${scheduler.name} has no codebase '${input.codebase}'; its codebases: ${known}.`);
  }
  const prefix = codebasePrefix(input.codebase);
  for (const [name, value] of [['branch', input.branch], ['revision', input.revision]] as const) {
    if (value === undefined) continue;
    const field = byName.get(prefix + name);
    if (!field || field.type === 'fixed') throw new CommandError(`The force scheduler ${scheduler.name} does not let you choose the ${name}.`);
    params[field.fullName] = convertValue(field, value);
  }
  const settable = propertyFields(scheduler);
  for (const [name, value] of Object.entries(input.props)) {
    const field = settable.find((f) => f.fullName === name || f.name === name);
    if (!field) {
      const allowed = settable.map(describeField).join(', ') || 'none';
      throw new CommandError(`Unknown property '${name}' for ${scheduler.name}; allowed: ${allowed}.`);
    }
    params[field.fullName] = convertValue(field, value);
  }
  const reasonField = byName.get('reason');
  if (reasonField && input.reason) params[reasonField.fullName] = input.reason;
  for (const field of scheduler.fields) {
    if (field.type === 'username') params[field.fullName] = input.username;
  }
  const missing = scheduler.fields.filter(
    (f) => f.required && f.type !== 'username' && f.type !== 'fixed' && params[f.fullName] === undefined && (f.default === '' || f.default === null || f.default === undefined),
  );
  if (missing.length > 0) {
    throw new CommandError(`The force scheduler ${scheduler.name} needs ${missing.map(describeField).join(', ')}.`);
  }
  return params;
}
