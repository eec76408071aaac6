/**
 * Logs on an interactive console: one short line each, warn and up (debug and trace when
 * asked), printed above the prompt once the console shows one; no stack trace below debug.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../../src/adapters/console/console-adapter.js';
import { createLogger } from '../../../src/log/create-logger.js';
import { terminalLog } from '../../../src/log/terminal-log.js';

function capture(level: string) {
  const printed: string[] = [];
  const lines = terminalLog(level, (line) => void printed.push(line));
  const logger = createLogger({ level, destination: lines, secrets: ['s3cret-token'] });
  return { printed, lines, logger };
}

function outage(): Error {
  const error = new Error('the Buildbot master at http://127.0.0.1:8010/ is not answering');
  error.stack = `${error.message}\n${Array.from({ length: 30 }, (_, i) => `    at frame${i} (file.js:${i}:1)`).join('\n')}`;
  return error;
}

describe('logs on an interactive console', () => {
  it('shows warn and up as one line each, with the reason and no stack trace', () => {
    const { printed, logger } = capture('info');
    logger.info('buildbot-chat started');
    logger.warn({ err: outage(), retryInMs: 5000, part: 'events' }, 'the event stream is down; reconnecting');
    logger.error({ token: 's3cret-token' }, 'Telegram said no to s3cret-token');
    expect(printed).toEqual([
      'warn: the event stream is down; reconnecting: the Buildbot master at http://127.0.0.1:8010/ is not answering (retryInMs: 5000, part: events)\n',
      'error: Telegram said no to [redacted] (token: [redacted])\n',
    ]);
  });

  it('shows debug lines and stack traces only at debug', () => {
    const { printed, logger } = capture('debug');
    logger.debug('GET /api/v2/builders');
    logger.warn({ err: outage() }, 'the event stream is down');
    expect(printed[0]).toBe('debug: GET /api/v2/builders\n');
    expect(printed[1]?.split('\n')).toHaveLength(1 + 31 + 1);
  });

  it('prints above the prompt once the console shows one, and on stderr again after it closes', async () => {
    const { printed, lines, logger } = capture('info');
    const input = new PassThrough();
    const output = new PassThrough();
    let screen = '';
    output.on('data', (chunk: Buffer) => (screen += chunk.toString()));
    const consoleAdapter = new ConsoleAdapter({
      core: { handle: async () => undefined },
      user: 'operator',
      input,
      output,
      interactive: { prompt: 'bb> ', logLines: lines },
    });
    logger.warn('before the prompt');
    await consoleAdapter.start();
    logger.warn('while the prompt shows');
    input.write('sta');
    logger.warn('while typing');
    const plain = screen.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');
    expect(printed).toEqual(['warn: before the prompt\n']);
    expect(plain).toBe('bb> warn: while the prompt shows\nbb> stawarn: while typing\nbb> sta');
    input.end();
    await consoleAdapter.finished;
    logger.warn('after the console closed');
    expect(printed.at(-1)).toBe('warn: after the console closed\n');
  });
});
