/**
 * pino on stderr (stdout belongs to the console adapter): JSON by default, readable when stderr
 * is a terminal. Secrets are redacted wherever they appear in logged objects.
 */
import pino, { type Logger } from 'pino';

export const REDACTED_PATHS = [
  'password',
  'token',
  'secretToken',
  '*.password',
  '*.token',
  '*.secretToken',
  '*.*.password',
  '*.*.token',
  '*.*.secretToken',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];

export function createLogger(level: string, pretty = process.stderr.isTTY === true): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  if (pretty) {
    return pino(options, pino.transport({ target: 'pino-pretty', options: { destination: 2, colorize: true } }));
  }
  return pino(options, pino.destination({ dest: 2, sync: true }));
}
