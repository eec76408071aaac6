/**
 * The console on a terminal: a prompt, Tab completion, replies and notifications printed
 * without losing what the user was typing, Ctrl-C handed to the app. Piped input stays plain.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { completeLine } from '../../../src/adapters/console/command-line-completer.js';
import { ConsoleAdapter, type InteractiveOptions } from '../../../src/adapters/console/console-adapter.js';
import type { CoreHandle } from '../../../src/core/adapter.js';

/** A core that answers every line with "ran: LINE". */
function echoCore(seen: string[]): CoreHandle {
  return {
    async handle(message, _capabilities, send) {
      seen.push(message.text);
      await send({ text: `ran: ${message.text}` });
    },
  };
}

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

function terminal(interactive: InteractiveOptions | undefined) {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk: Buffer) => (written += chunk.toString()));
  const seen: string[] = [];
  let idle: () => void = () => undefined;
  const adapter = new ConsoleAdapter({
    core: echoCore(seen),
    user: 'operator',
    input,
    output,
    onIdle: () => idle(),
    ...(interactive ? { interactive } : {}),
  });
  return {
    adapter,
    seen,
    type: (text: string) => input.write(text),
    end: () => input.end(),
    /** What the screen got, escape sequences removed. */
    screen: () => written.replace(ANSI, '').replace(/\r/g, ''),
    answered: () => new Promise<void>((resolve) => (idle = resolve)),
  };
}

/** Lets the adapter finish what the last input started (the prompt comes after the answer). */
const settled = () => new Promise((resolve) => setImmediate(resolve));

const complete = async (line: string) => completeLine(line, { commands: ['status', 'stop', 'help'], builders: ['fast-pass'] });

describe('interactive console', () => {
  it('shows a prompt, completes with Tab and runs the completed line', async () => {
    const term = terminal({ prompt: 'bb> ', complete });
    await term.adapter.start();
    expect(term.screen()).toBe('bb> ');
    term.type('sta\t');
    term.type('fast\t');
    const answered = term.answered();
    term.type('\r');
    await answered;
    await settled();
    expect(term.seen).toEqual(['status fast-pass ']);
    expect(term.screen()).toContain('bb> status fast-pass \nran: status fast-pass \n');
    expect(term.screen().endsWith('bb> ')).toBe(true);
    await term.adapter.stop();
  });

  it('prints a notification above the prompt and keeps what was being typed', async () => {
    const term = terminal({ prompt: 'bb> ', complete });
    await term.adapter.start();
    term.type('hel');
    await term.adapter.deliver('console', { text: 'Build #3 of fast-pass failed.' });
    expect(term.screen()).toContain('Build #3 of fast-pass failed.\nbb> hel');
    term.type('p');
    const answered = term.answered();
    term.type('\r');
    await answered;
    expect(term.seen).toEqual(['help']);
    await term.adapter.stop();
  });

  it('hands Ctrl-C to the app instead of ignoring it', async () => {
    let interrupted = 0;
    const term = terminal({ prompt: 'bb> ', onInterrupt: () => interrupted++ });
    await term.adapter.start();
    term.type('\x03');
    await settled();
    expect(interrupted).toBe(1);
    await term.adapter.stop();
  });

  it('ends on Ctrl-D after the last answer, like the end of piped input', async () => {
    const term = terminal({ prompt: 'bb> ' });
    await term.adapter.start();
    term.type('status\r');
    term.type('\x04');
    await term.adapter.finished;
    expect(term.seen).toEqual(['status']);
    expect(term.adapter.isConnected()).toBe(false);
  });
});

describe('piped console', () => {
  it('reads plain lines in order, with no prompt and no echo', async () => {
    const term = terminal(undefined);
    await term.adapter.start();
    term.type('status\n\nhelp stop\n');
    term.end();
    await term.adapter.finished;
    expect(term.seen).toEqual(['status', 'help stop']);
    expect(term.screen()).toBe('ran: status\nran: help stop\n');
  });
});
