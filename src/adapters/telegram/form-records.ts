/**
 * What Telegram buttons stand for, kept in SQLite (telegram_forms) so that a button's
 * callback_data is only an unguessable id and an action: the choices of a reply (each a command
 * line, run as whoever presses) and the forms users fill in. Each record expires; a user's
 * pending question (a form field waiting for a typed value) is a pointer in the state table.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { FormSpec } from '../../core/form.js';
import type { ChatRef, ChatUser } from '../../core/message.js';
import type { Choice } from '../../core/reply.js';
import type { JsonValue } from '../../store/json-column.js';
import { StateStore } from '../../store/state.js';
import { TelegramForms } from '../../store/telegram-forms.js';

const CHOICES_TTL_MS = 24 * 3600_000;
const FORM_TTL_MS = 3600_000;

const choiceSchema = z.object({ label: z.string(), command: z.string() });
const choicesSchema = z.object({ choices: z.array(choiceSchema) });

const formFieldSchema = z.object({
  name: z.string(),
  label: z.string(),
  kind: z.enum(['choice', 'boolean', 'text']),
  choices: z.array(z.string()).optional(),
  default: z.string(),
  required: z.boolean(),
  arg: z.string(),
  check: z.object({ pattern: z.string(), hint: z.string() }).optional(),
});
const formSpecSchema = z.object({ title: z.string(), fields: z.array(formFieldSchema), command: z.array(z.string()), trailing: z.array(z.string()) });
const filledFormSchema = z.object({ spec: formSpecSchema, values: z.record(z.string(), z.string()), messageId: z.number().nullable() });
export type FilledForm = z.infer<typeof filledFormSchema>;

const questionSchema = z.object({ form: z.string(), field: z.string() });
export type Question = z.infer<typeof questionSchema>;

export type ButtonRecord =
  | { kind: 'choices'; id: string; chatId: string; userId: string; choices: Choice[] }
  | { kind: 'form'; id: string; chatId: string; userId: string; form: FilledForm };

export class FormRecords {
  private readonly forms: TelegramForms;
  private readonly state: StateStore;

  constructor(
    db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.forms = new TelegramForms(db, now);
    this.state = new StateStore(db, now);
  }

  addChoices(chat: ChatRef, user: ChatUser, choices: Choice[]): string {
    return this.create(chat, user, 'choices', { choices: choices.map((c) => ({ label: c.label, command: c.command })) }, CHOICES_TTL_MS);
  }

  addForm(chat: ChatRef, user: ChatUser, spec: FormSpec): string {
    const form: FilledForm = { spec, values: {}, messageId: null };
    return this.create(chat, user, 'form', form as unknown as JsonValue, FORM_TTL_MS);
  }

  /** The record, or null when unknown, expired, or unreadable. */
  get(id: string): ButtonRecord | null {
    const record = this.forms.get(id);
    if (!record) return null;
    const base = { id: record.id, chatId: record.chatId, userId: record.userId };
    if (record.kind === 'choices') {
      const parsed = choicesSchema.safeParse(record.data);
      return parsed.success ? { ...base, kind: 'choices', choices: parsed.data.choices } : null;
    }
    if (record.kind === 'form') {
      const parsed = filledFormSchema.safeParse(record.data);
      return parsed.success ? { ...base, kind: 'form', form: parsed.data } : null;
    }
    return null;
  }

  /** Saves a form's values and message, and gives it its full time again. */
  saveForm(id: string, form: FilledForm): boolean {
    return this.forms.update(id, form as unknown as JsonValue, this.now() + FORM_TTL_MS);
  }

  delete(id: string): void {
    this.forms.delete(id);
  }

  question(chat: ChatRef, user: ChatUser): Question | undefined {
    return this.state.get(questionKey(chat, user), questionSchema);
  }

  ask(chat: ChatRef, user: ChatUser, question: Question): void {
    this.state.set(questionKey(chat, user), question);
  }

  /** Forgets the user's pending question; returns it. */
  forgetQuestion(chat: ChatRef, user: ChatUser): Question | undefined {
    const question = this.question(chat, user);
    if (question) this.state.delete(questionKey(chat, user));
    return question;
  }

  private create(chat: ChatRef, user: ChatUser, kind: string, data: JsonValue, ttlMs: number): string {
    this.forms.purgeExpired();
    return this.forms.create({ chatId: chat.id, userId: user.id, kind, data, expiresAt: this.now() + ttlMs });
  }
}

function questionKey(chat: ChatRef, user: ChatUser): string {
  // per bot: the adapter's name is `telegram`, or `telegram/NAME` for one of several bots
  return `${chat.adapter}.question.${chat.id}.${user.id}`;
}
