/**
 * Secrets never reach the log: each secret the configuration can hold is written in every way
 * a log line could carry it (a field, a nested object, the message, an error's message and
 * stack, a URL), and the written output must not contain it.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { collectSecrets } from '../../../src/config/format-config-errors.js';
import { parseConfig } from '../../../src/config/load-config.js';
import { createLogger, LogLevelError, REDACTED } from '../../../src/log/create-logger.js';

const SECRETS = {
  BUILDBOT_PASSWORD: 'bb-pass-7Hq2',
  IRC_PASSWORD: 'irc-server-pass-91',
  IRC_SASL_PASSWORD: 'sasl-pass-x3Lk',
  IRC_CHANNEL_KEY: 'chan-key-55z',
  TELEGRAM_TOKEN: '123456789:AAE-secret_token_value',
  TELEGRAM_WEBHOOK_SECRET: 'hook-secret-Qw8',
  MATRIX_TOKEN: 'syt_YnVpbGRib3Q_secretMatrixToken_0aB1c2',
  MATRIX_PASSWORD: 'matrix-pass-Zp4',
};

const CONFIG = `
buildbot: { url: 'http://127.0.0.1:8010/', user: chatbot, password: '\${BUILDBOT_PASSWORD}' }
http: { port: 8780 }
irc:
  host: irc.example.org
  nick: ci-bot
  password: \${IRC_PASSWORD}
  sasl: { account: ci-bot, password: '\${IRC_SASL_PASSWORD}' }
  channels: [{ channel: '#private', password: '\${IRC_CHANNEL_KEY}' }]
telegram:
  token: \${TELEGRAM_TOKEN}
  mode: webhook
  webhook: { url: 'https://bot.example.org/telegram', secretToken: '\${TELEGRAM_WEBHOOK_SECRET}' }
matrix:
  - { homeserverUrl: 'https://matrix.example.org', accessToken: '\${MATRIX_TOKEN}' }
  - { name: second, homeserverUrl: 'https://matrix.example.org', user: '@ci:example.org', password: '\${MATRIX_PASSWORD}' }
`;

const config = parseConfig(CONFIG, SECRETS, 'test config');

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

function logEverywhere(secret: string): string {
  const out = capture();
  const logger = createLogger({ level: 'debug', secrets: collectSecrets(config), pretty: false, destination: out.stream });
  logger.info({ config }, 'configuration loaded');
  logger.info({ value: secret, nested: { deeper: { text: `x ${secret} y` } } }, 'a field');
  logger.warn(`the message itself: ${secret}`);
  logger.error({ err: new Error(`request to https://api.telegram.org/bot${secret}/getMe failed`) }, 'an error');
  logger.debug({ url: `https://example.org/?k=${encodeURIComponent(secret)}` }, 'a URL');
  logger.child({ credentials: { password: secret } }).info('a child logger');
  return out.text();
}

describe('log redaction', () => {
  it.each(Object.entries(SECRETS))('never writes %s', (_name, secret) => {
    const written = logEverywhere(secret);
    expect(written).toContain(REDACTED);
    expect(written).not.toContain(secret);
    expect(written).not.toContain(encodeURIComponent(secret));
  });

  it('keeps the rest of the line readable', () => {
    const written = logEverywhere(SECRETS.TELEGRAM_TOKEN);
    expect(written).toContain(`https://api.telegram.org/bot${REDACTED}/getMe failed`);
    expect(written).toContain('"msg":"the message itself: [redacted]"');
  });

  it('leaves very short secrets alone rather than garble every line', () => {
    const out = capture();
    createLogger({ level: 'info', secrets: ['ab'], pretty: false, destination: out.stream }).info('a cab and a tab');
    expect(out.text()).toContain('a cab and a tab');
  });

  it('refuses an unknown level by name, listing the known ones', () => {
    expect(() => createLogger({ level: 'verbose', pretty: false, destination: capture().stream })).toThrow(LogLevelError);
    expect(() => createLogger({ level: 'verbose' })).toThrow("unknown log level 'verbose': expected one of fatal, error, warn, info, debug, trace, silent");
  });
});
