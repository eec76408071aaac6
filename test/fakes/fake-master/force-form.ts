/**
 * The test master's ForceScheduler form (test/master/master.cfg), its `all_fields` JSON as
 * recorded in test/fixtures/buildbot/forceschedulers.json, and validation that behaves like
 * buildbot/schedulers/forcesched.py 3.7: errors collected per field into one 400 answer.
 */
export type FieldKind = 'username' | 'text' | 'int' | 'fixed' | 'list' | 'bool';

export interface FormField {
  kind: FieldKind;
  name: string;
  label: string;
  default: unknown;
  size?: number;
  hide?: boolean;
  required?: boolean;
  choices?: string[];
}

export interface ForceForm {
  reason: FormField;
  username: FormField;
  /** The single, unnamed codebase: branch, project, repository, revision (sorted, as Buildbot does). */
  codebase: FormField[];
  properties: FormField[];
}

export function testMasterForm(): ForceForm {
  return {
    username: { kind: 'username', name: 'username', label: 'Your name:', default: '', size: 30 },
    reason: { kind: 'text', name: 'reason', label: 'Reason', default: 'forced', size: 40 },
    codebase: [
      { kind: 'text', name: 'branch', label: 'branch', default: 'main', size: 10 },
      { kind: 'fixed', name: 'project', label: 'project', default: '', hide: true },
      { kind: 'fixed', name: 'repository', label: 'repository', default: '', hide: true },
      { kind: 'text', name: 'revision', label: 'revision', default: '', size: 10 },
    ],
    properties: [
      { kind: 'text', name: 'duration', label: 'Duration in s (slow, mixed)', default: '', size: 10 },
      { kind: 'list', name: 'result', label: 'Outcome (flaky, slow, mixed)', default: 'auto', choices: ['auto', 'pass', 'warn', 'fail'] },
      { kind: 'bool', name: 'clean', label: 'Clean build', default: false },
    ],
  };
}

function fieldSpec(field: FormField): Record<string, unknown> {
  const spec: Record<string, unknown> = {
    autopopulate: null,
    default: field.default,
    fullName: field.name,
    hide: field.hide ?? false,
    label: field.label,
    maxsize: null,
    multiple: false,
    name: field.name,
    regex: null,
    required: field.required ?? false,
    tablabel: field.label,
    type: field.kind,
  };
  if (field.size !== undefined) spec.size = field.size;
  if (field.kind === 'username') spec.need_email = true;
  if (field.kind === 'list') Object.assign(spec, { choices: field.choices ?? [], strict: true });
  return spec;
}

function nested(fields: FormField[]): Record<string, unknown> {
  return {
    autopopulate: null, columns: 1, default: '', fields: fields.map(fieldSpec), fullName: null, hide: false, label: '',
    layout: 'vertical', maxsize: null, multiple: false, name: '', regex: null, required: false, tablabel: '', type: 'nested',
  };
}

export function allFields(form: ForceForm): unknown[] {
  return [nested([form.username, form.reason]), nested(form.codebase), ...form.properties.map(fieldSpec)];
}

/** Python's repr of a list of strings, as the choice error quotes it. */
function pyList(items: readonly string[]): string {
  return `[${items.map((s) => `'${s}'`).join(', ')}]`;
}

// reporters/mail.py VALID_EMAIL_ADDR, searched anywhere in the value
const EMAIL = /\S+@[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+\.?/;

class ValidationError extends Error {}

function parseValue(field: FormField, raw: unknown): unknown {
  switch (field.kind) {
    case 'fixed':
      return field.default;
    case 'text':
      return raw;
    case 'int':
      if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
      if (typeof raw === 'string' && /^\s*[+-]?\d+\s*$/.test(raw)) return Number.parseInt(raw, 10);
      throw new ValidationError(`invalid literal for int() with base 10: '${String(raw)}'`);
    case 'username':
      if (!raw && !field.required) return raw;
      if (!EMAIL.test(String(raw))) throw new ValidationError(`${field.name}: please fill in email address in the form 'User <email@email.com>'`);
      return raw;
    case 'list':
      if (!(field.choices ?? []).includes(String(raw))) {
        throw new ValidationError(`'${String(raw)}' does not belong to list of available choices '${pyList(field.choices ?? [])}'`);
      }
      return raw;
    case 'bool':
      return raw;
  }
}

/** BaseParameter.getFromKwargs: blank text counts as absent; absent takes the default. */
function valueOf(field: FormField, params: Record<string, unknown>): unknown {
  // BooleanParameter: only a JSON true is true; anything else, even "true", is false.
  if (field.kind === 'bool') return field.name in params ? params[field.name] === true : field.default === true;
  const given = params[field.name];
  const args = (given === undefined ? [] : Array.isArray(given) ? given : [given]).filter(
    (arg) => !(typeof arg === 'string' && arg.trim() === ''),
  );
  if (args.length === 0) {
    if (field.required) throw new ValidationError(`'${field.label}' needs to be specified`);
    return parseValue(field, field.default);
  }
  return parseValue(field, args[0]);
}

export type ForceValidation =
  | { ok: true; reason: unknown; owner: unknown; sourcestamp: Record<string, unknown>; properties: Record<string, unknown> }
  | { ok: false; errors: Record<string, string> };

/** ForceScheduler.force: reason, then username when anonymous, then codebase and properties. */
export function validateForce(form: ForceForm, params: Record<string, unknown>, sessionOwner: string | null): ForceValidation {
  const errors: Record<string, string> = {};
  const collect = (field: FormField): unknown => {
    try {
      return valueOf(field, params);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      errors[field.name] = error.message;
      return undefined;
    }
  };
  const reason = collect(form.reason);
  const owner = sessionOwner ?? collect(form.username);
  const sourcestamp = Object.fromEntries(form.codebase.map((field) => [field.name, collect(field)]));
  const properties = Object.fromEntries(form.properties.map((field) => [field.name, collect(field)]));
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, reason, owner, sourcestamp, properties };
}
