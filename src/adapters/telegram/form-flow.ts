/**
 * Filling in a form on Telegram: the summary message is edited in place as the user picks
 * values with buttons, a text field waits for the user's next message in that chat, and Start
 * runs the form's command line as the user who pressed it (so the dispatcher checks authz then,
 * whatever the buttons said). Only the user who opened a form can fill it in.
 */
import type { Logger } from 'pino';
import { checkValue, formCommandLine, missingFields, type FormSpec } from '../../core/form.js';
import type { ChatRef, ChatUser } from '../../core/message.js';
import type { FilledForm, FormRecords, Question } from './form-records.js';
import { Action, choiceValue, closedView, fieldView, summaryView, type View } from './form-view.js';
import type { TelegramSender } from './telegram-sender.js';

/** A button press being handled: answered once, and its message replaced at most once. */
export interface Press {
  callbackId: string;
  messageId: number;
  answered: boolean;
  replaced: boolean;
}

export interface FormFlowOptions {
  records: FormRecords;
  sender: TelegramSender;
  logger: Logger;
  /** Runs a command line as the user, replies going to the chat. */
  run: (chat: ChatRef, user: ChatUser, text: string) => Promise<void>;
  say: (chat: ChatRef, text: string) => Promise<void>;
}

export class FormFlow {
  constructor(private readonly options: FormFlowOptions) {}

  /** Shows a new form: in place of the pressed message, or as a new one. */
  async open(chat: ChatRef, user: ChatUser, spec: FormSpec, press?: Press): Promise<void> {
    const { records, sender } = this.options;
    const id = records.addForm(chat, user, spec);
    const form: FilledForm = { spec, values: {}, messageId: null };
    const view = summaryView(id, form);
    if (press && !press.replaced) {
      press.replaced = true;
      await sender.edit(chat.id, press.messageId, view.html, view.keyboard);
      form.messageId = press.messageId;
    } else {
      form.messageId = (await sender.send(chat.id, [view.html], view.keyboard)) ?? null;
    }
    records.saveForm(id, form);
  }

  async press(chat: ChatRef, user: ChatUser, id: string, form: FilledForm, owner: string, action: string, press: Press): Promise<void> {
    const { records, sender } = this.options;
    if (owner !== user.id) {
      await this.answer(press, 'Only the user who opened this form can fill it in.', true);
      return;
    }
    const show = async (view: View) => {
      await this.answer(press);
      await sender.edit(chat.id, press.messageId, view.html, view.keyboard);
    };
    if (action === Action.back) {
      this.forgetQuestionOf(chat, user, id);
      await show(summaryView(id, form));
    } else if (action === Action.cancel) {
      records.delete(id);
      this.forgetQuestionOf(chat, user, id);
      await show(closedView(form, 'Cancelled.'));
    } else if (action === Action.start) {
      const missing = missingFields(form.spec, form.values);
      if (missing.length > 0) {
        await this.answer(press, `Set ${missing.map((f) => f.label).join(', ')} first.`, true);
        return;
      }
      records.delete(id);
      this.forgetQuestionOf(chat, user, id);
      await show(closedView(form, `Started by ${user.name}.`));
      await this.options.run(chat, user, formCommandLine(form.spec, form.values));
    } else {
      await this.pressField(chat, user, id, form, action, press, show);
    }
  }

  /** A typed value for the user's pending question; false when the question is gone. */
  async answerQuestion(chat: ChatRef, user: ChatUser, question: Question, text: string): Promise<boolean> {
    const { records, sender } = this.options;
    const record = records.get(question.form);
    const field = record?.kind === 'form' ? record.form.spec.fields.find((f) => f.name === question.field) : undefined;
    if (record?.kind !== 'form' || !field) {
      records.forgetQuestion(chat, user);
      return false;
    }
    const problem = checkValue(field, text);
    if (problem) {
      await this.options.say(chat, `${problem} Send it again, or /nay to cancel.`);
      return true;
    }
    const form = record.form;
    form.values[field.name] = text;
    records.forgetQuestion(chat, user);
    // The form is above the question and the answer now: show it again below them.
    const previous = form.messageId;
    const view = summaryView(record.id, form);
    form.messageId = (await sender.send(chat.id, [view.html], view.keyboard)) ?? null;
    records.saveForm(record.id, form);
    if (previous !== null) await sender.removeKeyboard(chat.id, previous);
    return true;
  }

  /** /nay: forget the pending question and close its form. */
  async nay(chat: ChatRef, user: ChatUser): Promise<void> {
    const { records, sender } = this.options;
    const question = records.forgetQuestion(chat, user);
    if (!question) {
      await this.options.say(chat, 'There is no question to cancel.');
      return;
    }
    const record = records.get(question.form);
    if (record?.kind === 'form') {
      records.delete(record.id);
      if (record.form.messageId !== null) {
        await sender.edit(chat.id, record.form.messageId, closedView(record.form, 'Cancelled.').html);
      }
    }
    await this.options.say(chat, 'Never mind: question cancelled.');
  }

  private async pressField(chat: ChatRef, user: ChatUser, id: string, form: FilledForm, action: string, press: Press, show: (view: View) => Promise<void>): Promise<void> {
    const open = /^f(\d+)$/.exec(action);
    const set = /^v(\d+)\.(\d+)$/.exec(action);
    const index = Number((open ?? set)?.[1] ?? -1);
    const field = form.spec.fields[index];
    if (!field) {
      await this.answer(press, 'This button does nothing any more.', true);
      return;
    }
    if (open) {
      if (field.kind === 'text') this.options.records.ask(chat, user, { form: id, field: field.name });
      await show(fieldView(id, form, index, { inGroup: !chat.private }));
      return;
    }
    const value = choiceValue(field, Number(set?.[2] ?? -1));
    if (value === undefined) {
      await this.answer(press, 'This button does nothing any more.', true);
      return;
    }
    form.values[field.name] = value;
    this.options.records.saveForm(id, form);
    await show(summaryView(id, form));
  }

  private forgetQuestionOf(chat: ChatRef, user: ChatUser, id: string): void {
    if (this.options.records.question(chat, user)?.form === id) this.options.records.forgetQuestion(chat, user);
  }

  private async answer(press: Press, text?: string, alert = false): Promise<void> {
    if (press.answered) return;
    press.answered = true;
    await this.options.sender.answer(press.callbackId, text, alert);
  }
}
