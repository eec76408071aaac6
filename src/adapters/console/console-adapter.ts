/**
 * The console: each stdin line is a private message from `console.user`; reply lines go to
 * stdout, logs stay on stderr. Lines run one after another, so a piped script reads in order.
 * `finished` settles once stdin has closed and every pending reply has been printed.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Adapter, CoreHandle, DeliveryResult } from '../../core/adapter.js';
import type { IncomingMessage } from '../../core/message.js';
import { createReplyRenderer } from '../../core/render-reply.js';
import type { Reply } from '../../core/reply.js';
import { plainTextFormat } from '../../core/text-format.js';

export const CONSOLE_CHAT_ID = 'console';

export interface ConsoleAdapterOptions {
  core: CoreHandle;
  user: string;
  input: Readable;
  output: Writable;
  /** Called after a line was handled (tests, the demo's prompt). */
  onIdle?: () => void;
}

export class ConsoleAdapter implements Adapter {
  readonly name = 'console';
  private readonly renderer = createReplyRenderer(plainTextFormat);
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private resolveFinished!: () => void;
  readonly finished = new Promise<void>((resolve) => {
    this.resolveFinished = resolve;
  });

  constructor(private readonly options: ConsoleAdapterOptions) {}

  async start(): Promise<void> {
    const lines = createInterface({ input: this.options.input, crlfDelay: Infinity, terminal: false });
    lines.on('line', (line) => {
      if (!line.trim()) return;
      this.chain = this.chain.then(() => this.handleLine(line));
    });
    lines.on('close', () => {
      this.closed = true;
      void this.chain.then(() => this.resolveFinished());
    });
  }

  async stop(): Promise<void> {
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
    for (const line of this.renderer.render(reply)) this.options.output.write(`${line}\n`);
  }
}
