/**
 * The console: each stdin line is a private message from `console.user`; reply lines go to
 * stdout, logs stay on stderr. Lines run one after another, so a piped script reads in order.
 * `finished` settles once stdin has closed and every pending reply has been printed.
 * On a terminal (`interactive`) it is a prompt with line editing, history and tab completion;
 * piped input is read as plain lines, without prompt or echo.
 */
import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Adapter, CoreHandle, DeliveryResult } from '../../core/adapter.js';
import type { IncomingMessage } from '../../core/message.js';
import { createReplyRenderer } from '../../core/render-reply.js';
import type { Reply } from '../../core/reply.js';
import { plainTextFormat } from '../../core/text-format.js';
import type { Completion } from './command-line-completer.js';
import { CONSOLE_CHAT_ID } from './console-config.js';

export interface ConsoleAdapterOptions {
  /** The adapter's name (default 'console'; `console/NETWORK` for one of several). */
  name?: string;
  core: CoreHandle;
  user: string;
  input: Readable;
  output: Writable;
  /** Called after a line was handled (tests, the demo's prompt). */
  onIdle?: () => void;
  interactive?: InteractiveOptions;
}

export interface InteractiveOptions {
  /** Default "buildbot-chat> ". */
  prompt?: string;
  complete?: (line: string) => Promise<Completion>;
  /** Ctrl-C at the prompt: the terminal is in raw mode, so no SIGINT reaches the process by itself. */
  onInterrupt?: () => void;
  /** Log lines to print above the prompt (src/log/terminal-log.ts), attached once the prompt shows. */
  logLines?: { attach(print: ((line: string) => void) | null): void };
}

/** Lines remembered for the up arrow, this session only. */
const HISTORY_SIZE = 1000;

export class ConsoleAdapter implements Adapter {
  readonly name: string;
  private readonly renderer = createReplyRenderer(plainTextFormat);
  private chain: Promise<void> = Promise.resolve();
  private lines: Interface | undefined;
  /** Lines read and not yet answered: the prompt comes back when none is left. */
  private queued = 0;
  private closed = false;
  private resolveFinished!: () => void;
  readonly finished = new Promise<void>((resolve) => {
    this.resolveFinished = resolve;
  });

  constructor(private readonly options: ConsoleAdapterOptions) {
    this.name = options.name ?? 'console';
  }

  async start(): Promise<void> {
    const interactive = this.options.interactive;
    const lines = createInterface({
      input: this.options.input,
      crlfDelay: Infinity,
      ...(interactive ? interactiveSettings(interactive, this.options.output) : { terminal: false }),
    });
    this.lines = lines;
    lines.on('line', (line) => {
      if (!line.trim()) {
        this.promptIfIdle();
        return;
      }
      this.queued++;
      this.chain = this.chain.then(() => this.handleLine(line)).finally(() => {
        this.queued--;
        this.promptIfIdle();
      });
    });
    lines.on('close', () => {
      // Ctrl-C or Ctrl-D left the cursor after the prompt: whatever is printed next starts a line.
      if (interactive && !this.closed) this.options.output.write('\n');
      this.closed = true;
      interactive?.logLines?.attach(null);
      void this.chain.then(() => this.resolveFinished());
    });
    if (interactive) {
      lines.on('SIGINT', () => (interactive.onInterrupt ? interactive.onInterrupt() : lines.close()));
      lines.prompt();
      interactive.logLines?.attach((line) => this.printAbovePrompt(line));
    }
  }

  /** Stops reading (a terminal gets its normal mode back), then lets the running line finish. */
  async stop(): Promise<void> {
    this.lines?.close();
    await this.chain;
  }

  isConnected(): boolean {
    return !this.closed;
  }

  async deliver(_chatId: string, reply: Reply): Promise<DeliveryResult> {
    // Nobody reads the console any more: keep it pending for the next run.
    if (this.closed) throw new Error('the console input is closed');
    this.print(reply);
    return { ok: true };
  }

  private async handleLine(line: string): Promise<void> {
    const message: IncomingMessage = {
      chat: { adapter: this.name, id: CONSOLE_CHAT_ID, private: true, title: 'the console' },
      user: { id: this.options.user, name: this.options.user },
      text: line,
      addressed: true,
    };
    await this.options.core.handle(message, {}, async (reply) => this.print(reply));
    this.options.onIdle?.();
  }

  private print(reply: Reply): void {
    this.printAbovePrompt(this.renderer.render(reply).map((line) => `${line}\n`).join(''));
  }

  private printAbovePrompt(text: string): void {
    const { output, interactive } = this.options;
    if (!interactive || !this.lines || this.closed) {
      output.write(text);
      return;
    }
    // A notification may arrive while the user types: print it above the prompt, then redraw
    // the prompt with what was typed so far.
    clearLine(output, 0);
    cursorTo(output, 0);
    output.write(text);
    if (this.queued === 0 || this.lines.line !== '') this.lines.prompt(true);
  }

  private promptIfIdle(): void {
    if (this.options.interactive && !this.closed && this.queued === 0) this.lines?.prompt();
  }
}

function interactiveSettings(interactive: InteractiveOptions, output: Writable) {
  const complete = interactive.complete;
  return {
    output,
    terminal: true,
    prompt: interactive.prompt ?? 'buildbot-chat> ',
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    ...(complete
      ? {
          completer: (line: string, callback: (error: Error | null, result: Completion) => void) => {
            complete(line).then(
              (result) => callback(null, result),
              () => callback(null, [[], line]),
            );
          },
        }
      : {}),
  };
}
