/**
 * The form for forcing a builder, derived from its ForceScheduler's declared parameters (the
 * same ones Buildbot's web form shows): reason, the branch and revision of one codebase, and
 * the properties. Choices and booleans become buttons, everything else a value to type. The
 * filled form is a `force build` line, checked by the force command like a typed one.
 */
import type { ForceField, ForceScheduler } from '../../../src/buildbot/schemas.js';
import type { FormField, FormSpec } from '../../../src/core/form.js';
import { propertyFields, schedulerCodebases } from './build-force-params.js';

function defaultText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return '';
}

function formField(field: ForceField, arg: string): FormField {
  const label = field.label?.trim() || field.name;
  const common = { name: field.fullName, label, default: defaultText(field.default), required: field.required === true, arg };
  if (field.type === 'bool') return { ...common, kind: 'boolean' };
  if (field.type === 'list' && field.choices && field.choices.length > 0 && !field.multiple) return { ...common, kind: 'choice', choices: field.choices };
  if (field.type === 'int') return { ...common, kind: 'text', check: { pattern: '^-?\\d*$', hint: 'a whole number' } };
  // --props=a=1,b=2: a comma would start another property (parse-force-args.ts).
  if (arg.startsWith('--props=')) return { ...common, kind: 'text', check: { pattern: '^[^,]*$', hint: 'a value without commas' } };
  return { ...common, kind: 'text' };
}

const settable = (field: ForceField | undefined): field is ForceField => field !== undefined && field.type !== 'fixed' && !field.hide;

export function forceForm(scheduler: ForceScheduler, builder: string): FormSpec {
  const byName = new Map(scheduler.fields.map((f) => [f.fullName, f]));
  const codebases = schedulerCodebases(scheduler);
  // The force command takes one codebase's branch and revision: the default one when declared.
  const codebase = codebases.includes('') ? '' : (codebases[0] ?? '');
  const prefix = codebase ? `${codebase}_` : '';
  const fields: FormField[] = [];
  const reason = byName.get('reason');
  if (settable(reason)) fields.push(formField(reason, '--reason='));
  for (const name of ['branch', 'revision'] as const) {
    const field = byName.get(prefix + name);
    if (settable(field)) fields.push(formField(field, `--${name}=`));
  }
  for (const field of propertyFields(scheduler)) fields.push(formField(field, `--props=${field.fullName}=`));
  return {
    title: `Force a build of ${builder}`,
    fields,
    command: ['force', 'build', ...(codebase ? [`--codebase=${codebase}`] : [])],
    trailing: [`--builder=${builder}`],
  };
}
