/**
 * How a form and its buttons look on Telegram: the summary (each field's value, ⚠️ where a
 * required one is empty, a button per field, Start and Cancel) and the editor of one field
 * (its choices, Yes/No, or a request to type the value). Buttons carry `<record id>:<action>`.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { fieldValue, missingFields, type FormField } from '../../core/form.js';
import type { Choice } from '../../core/reply.js';
import type { FilledForm } from './form-records.js';
import { escapeHtml } from './telegram-text-format.js';
import { stripControl } from '../../core/text-format.js';

export interface View {
  html: string;
  keyboard?: InlineKeyboardMarkup;
}

/** Form actions in callback data. */
export const Action = {
  field: (index: number) => `f${index}`,
  value: (field: number, choice: number) => `v${field}.${choice}`,
  back: 'b',
  start: 's',
  cancel: 'x',
} as const;

/** Button labels are plain text, not HTML: only the characters that could reorder them go. */
const button = (text: string, id: string, action: string): InlineKeyboardButton => ({ text: stripControl(text), callback_data: `${id}:${action}` });

function rows<T>(items: T[], perRow: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += perRow) out.push(items.slice(i, i + perRow));
  return out;
}

const short = (text: string, max = 28) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Telegram refuses a keyboard of more buttons ("reply markup is too long"). */
const MAX_BUTTONS = 100;

/** A reply's choices as buttons: two to a row when the labels are short. */
export function choicesKeyboard(id: string, choices: Choice[]): InlineKeyboardMarkup {
  const buttons = choices.slice(0, MAX_BUTTONS).map((choice, index) => button(short(choice.label, 40), id, String(index)));
  const perRow = choices.length > 3 && choices.every((c) => c.label.length <= 18) ? 2 : 1;
  return { inline_keyboard: rows(buttons, perRow) };
}

function shownValue(field: FormField, value: string): string {
  if (value === '') return '<i>empty</i>';
  if (field.kind === 'boolean') return value === 'true' ? 'yes' : 'no';
  return `<code>${escapeHtml(value)}</code>`;
}

function formLines(form: FilledForm): { lines: string[]; missing: number } {
  const missing = new Set(missingFields(form.spec, form.values).map((f) => f.name));
  const lines = [`<b>${escapeHtml(form.spec.title)}</b>`];
  for (const field of form.spec.fields) {
    lines.push(`${escapeHtml(field.label)}: ${shownValue(field, fieldValue(field, form.values))}${missing.has(field.name) ? ' ⚠️' : ''}`);
  }
  return { lines, missing: missing.size };
}

export function summaryView(id: string, form: FilledForm): View {
  const { lines, missing } = formLines(form);
  if (missing > 0) lines.push('', 'Set the values marked ⚠️ to start.');
  const fieldButtons = form.spec.fields.map((field, index) => button(`✏️ ${short(field.label)}`, id, Action.field(index)));
  return {
    html: lines.join('\n'),
    keyboard: { inline_keyboard: [...rows(fieldButtons, 2), [button('🚀 Start', id, Action.start), button('✖️ Cancel', id, Action.cancel)]] },
  };
}

/** The form as it ends: its values, and what became of it. No buttons. */
export function closedView(form: FilledForm, outcome: string): View {
  return { html: [...formLines(form).lines, '', escapeHtml(outcome)].join('\n') };
}

export function fieldView(id: string, form: FilledForm, index: number, options: { inGroup: boolean }): View {
  const field = form.spec.fields[index] as FormField;
  const current = fieldValue(field, form.values);
  const title = `<b>${escapeHtml(form.spec.title)}</b>`;
  const back = [button('⬅️ Back', id, Action.back)];
  if (field.kind === 'text') {
    const now = `now ${shownValue(field, current)}${field.default !== '' && current !== field.default ? `, default <code>${escapeHtml(field.default)}</code>` : ''}`;
    const how = options.inGroup ? 'Reply to this message with' : 'Send me';
    return { html: `${title}\n${how} the value of <b>${escapeHtml(field.label)}</b> (${now}). /nay cancels.`, keyboard: { inline_keyboard: [back] } };
  }
  const options_ = field.kind === 'boolean' ? ['true', 'false'] : (field.choices ?? []);
  const label = (value: string) => `${value === current ? '✅ ' : ''}${field.kind === 'boolean' ? (value === 'true' ? 'Yes' : 'No') : short(value)}`;
  const buttons = options_.map((value, choice) => button(label(value), id, Action.value(index, choice)));
  return {
    html: `${title}\nChoose <b>${escapeHtml(field.label)}</b> (now ${shownValue(field, current)}):`,
    keyboard: { inline_keyboard: [...rows(buttons, options_.length > 4 ? 3 : 2), back] },
  };
}

/** The value a choice button of a field stands for. */
export function choiceValue(field: FormField, choice: number): string | undefined {
  if (field.kind === 'boolean') return choice === 0 ? 'true' : choice === 1 ? 'false' : undefined;
  return field.choices?.[choice];
}
