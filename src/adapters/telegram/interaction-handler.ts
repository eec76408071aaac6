/**
 * What the bot does with each thing a Telegram user does. A /command runs through the core as
 * that user; `/start` is `/help`, `/nay` cancels a question, `/commands botfather` prints the
 * list for BotFather's /setcommands. Text answers the user's pending question (in a private
 * chat without one: a hint). A button press runs its choice's command as the presser (authz is
 * checked then, by the dispatcher) or acts on a form. A reply carrying choices gets buttons;
 * one answering a press replaces the pressed message, so toggles and forms change in place.
 */
import type { Logger } from 'pino';
import type { CoreHandle } from '../../core/adapter.js';
import type { Capabilities } from '../../core/command.js';
import type { ChatRef, ChatUser } from '../../core/message.js';
import { isTemplateReply, type Reply } from '../../core/reply.js';
import { botFatherList } from './bot-commands.js';
import { FormFlow, type Press } from './form-flow.js';
import type { FormRecords } from './form-records.js';
import { choicesKeyboard } from './form-view.js';
import type { TelegramInput } from './read-update.js';
import { htmlToPlain, type TelegramSender } from './telegram-sender.js';
import { classifyTelegramError } from './classify-telegram-error.js';

export const TELEGRAM_CAPABILITIES: Capabilities = { commandPrefix: '/', buttons: true, chatOperators: 'group administrators', images: true };

export interface InteractionHandlerOptions {
  core: CoreHandle;
  sender: TelegramSender;
  records: FormRecords;
  logger: Logger;
}

export class InteractionHandler {
  private readonly forms: FormFlow;

  constructor(private readonly options: InteractionHandlerOptions) {
    this.forms = new FormFlow({
      records: options.records,
      sender: options.sender,
      logger: options.logger,
      run: (chat, user, text) => this.run(chat, user, text),
      say: (chat, text) => this.say(chat, text),
    });
  }

  async handle(input: TelegramInput): Promise<void> {
    if (input.kind === 'command') await this.command(input.chat, input.user, input.name, input.argText);
    else if (input.kind === 'text') await this.text(input.chat, input.user, input.text);
    else await this.press(input.chat, input.user, input.data, { callbackId: input.callbackId, messageId: input.messageId, answered: false, replaced: false });
  }

  private async command(chat: ChatRef, user: ChatUser, name: string, argText: string): Promise<void> {
    if (name === 'nay') {
      await this.forms.nay(chat, user);
      return;
    }
    // A new command ends the question asked before (the form stays, its Back button still works).
    this.options.records.forgetQuestion(chat, user);
    if (name === 'commands' && argText.toLowerCase() === 'botfather') {
      await this.deliver(chat, user, { text: botFatherList(this.options.core.listCommands?.('telegram', TELEGRAM_CAPABILITIES) ?? []) });
      return;
    }
    await this.run(chat, user, name === 'start' ? 'help' : `${name} ${argText}`.trim());
  }

  private async text(chat: ChatRef, user: ChatUser, text: string): Promise<void> {
    const question = this.options.records.question(chat, user);
    if (question && (await this.forms.answerQuestion(chat, user, question, text))) return;
    // In a group, talk that is not for the bot; Buildbot's bot answers "Say what?" in private.
    if (chat.private) await this.say(chat, 'Say what? Commands start with "/": try /help.');
  }

  private async press(chat: ChatRef, user: ChatUser, data: string, press: Press): Promise<void> {
    const colon = data.indexOf(':');
    const id = colon < 0 ? data : data.slice(0, colon);
    const action = colon < 0 ? '' : data.slice(colon + 1);
    const record = this.options.records.get(id);
    // Another chat's id (copied, or forged) counts as unknown: a button acts only where it was shown.
    if (!record || record.chatId !== chat.id) {
      await this.options.sender.answer(press.callbackId, 'This button no longer works: run the command again.', true);
      return;
    }
    if (record.kind === 'form') {
      await this.forms.press(chat, user, record.id, record.form, record.userId, action, press);
      return;
    }
    const choice = /^\d+$/.test(action) ? record.choices[Number(action)] : undefined;
    if (!choice) {
      await this.options.sender.answer(press.callbackId, 'This button no longer works: run the command again.', true);
      return;
    }
    await this.run(chat, user, choice.command, press);
    if (!press.answered) await this.options.sender.answer(press.callbackId);
  }

  /** Runs a command line as `user`; the core checks authz and sends the replies here. */
  private async run(chat: ChatRef, user: ChatUser, text: string, press?: Press): Promise<void> {
    await this.options.core.handle({ chat, user, text, addressed: true }, TELEGRAM_CAPABILITIES, (reply) => this.deliver(chat, user, reply, press));
  }

  /** A line of the adapter's own (plain text, escaped like any other). */
  private async say(chat: ChatRef, text: string): Promise<void> {
    try {
      await this.options.sender.send(chat.id, this.options.sender.render({ text }));
    } catch (error) {
      this.logFailure(chat, error);
    }
  }

  /** Sends one reply; never throws, so a failed send cannot crash the command that replied. */
  private async deliver(chat: ChatRef, user: ChatUser, reply: Reply, press?: Press): Promise<void> {
    const { sender, records } = this.options;
    try {
      if (press && !press.answered) {
        press.answered = true;
        // A refusal after a press: a notice to the presser, not a message to the whole group.
        if (isTemplateReply(reply) && reply.refusal) {
          await sender.answer(press.callbackId, htmlToPlain(sender.render(reply).join('\n')), true);
          return;
        }
        await sender.answer(press.callbackId);
      }
      if (isTemplateReply(reply) && reply.form) {
        await this.forms.open(chat, user, reply.form, press);
        return;
      }
      const chunks = sender.render(reply);
      if (chunks.length === 0) return;
      const choices = reply.choices ?? [];
      const keyboard = choices.length > 0 ? choicesKeyboard(records.addChoices(chat, user, choices), choices) : undefined;
      if (isTemplateReply(reply) && reply.image) {
        await sender.sendPhoto(chat.id, reply.image, reply, keyboard);
        return;
      }
      if (press && !press.replaced && keyboard && chunks.length === 1) {
        press.replaced = true;
        await sender.edit(chat.id, press.messageId, chunks[0] as string, keyboard);
        return;
      }
      await sender.send(chat.id, chunks, keyboard);
    } catch (error) {
      this.logFailure(chat, error);
    }
  }

  private logFailure(chat: ChatRef, error: unknown): void {
    this.options.logger.warn({ err: error, chat: chat.id, failure: classifyTelegramError(error).kind }, 'could not send a reply');
  }
}
