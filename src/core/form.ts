/**
 * A form a platform with buttons walks a user through (Telegram's inline keyboards), described
 * without any platform in mind: fields with their kind, choices and default, and how the filled
 * form becomes one command line. That line is run as the user who submits it, so authz and the
 * command's own checks apply exactly as when it is typed.
 */
export interface FormField {
  /** Key of the field's value. */
  name: string;
  label: string;
  kind: 'choice' | 'boolean' | 'text';
  /** For 'choice'. */
  choices?: string[];
  /** Shown while the user has not chosen; '' for none. */
  default: string;
  /** The form cannot be submitted while this is empty. */
  required: boolean;
  /** The command-line word for a value is `${arg}${value}`, e.g. "--branch=" or "--props=clean=". */
  arg: string;
  /** A typed value must match this (a RegExp source); `hint` says what is expected. */
  check?: { pattern: string; hint: string };
}

export interface FormSpec {
  title: string;
  fields: FormField[];
  /** Words before the fields' words, e.g. ['force', 'build']. */
  command: string[];
  /** Words after them, e.g. ['--builder=fast-pass']. */
  trailing: string[];
}

/** A field's value when the user has set one, else its default. */
export function fieldValue(field: FormField, values: Readonly<Record<string, string>>): string {
  return values[field.name] ?? field.default;
}

/** Required fields still empty. */
export function missingFields(form: FormSpec, values: Readonly<Record<string, string>>): FormField[] {
  return form.fields.filter((field) => field.required && fieldValue(field, values) === '');
}

/** The command line for the filled form; values left at their default are not sent. */
export function formCommandLine(form: FormSpec, values: Readonly<Record<string, string>>): string {
  const set = form.fields.filter((field) => values[field.name] !== undefined && values[field.name] !== field.default);
  const words = [...form.command, ...set.map((field) => `${field.arg}${values[field.name] ?? ''}`), ...form.trailing];
  return words.map(quoteArgument).join(' ');
}

/** Why a typed value cannot be taken, or null when it can. */
export function checkValue(field: FormField, value: string): string | null {
  if (field.required && value === '') return `${field.label} cannot be empty.`;
  if (field.check && !new RegExp(field.check.pattern).test(value)) return `${field.label} must be ${field.check.hint}.`;
  return null;
}

/** Quote a word so that splitArguments (split-arguments.ts) gives it back unchanged. */
export function quoteArgument(word: string): string {
  if (word !== '' && /^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'"'"'`)}'`;
}
