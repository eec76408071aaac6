/**
 * pino on stderr (stdout belongs to the console adapter): JSON by default, readable when stderr
 * is a terminal. Secrets are kept out twice over: values under secret-looking keys are censored
 * (`password`, `token`...), and every configured secret is replaced wherever it appears in the
 * written line, inside messages, URLs and error stacks included, which key paths cannot reach.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export const REDACTED = '[redacted]';

export const REDACTED_PATHS = [
  'password',
  'token',
  'secretToken',
  'accessToken',
  '*.password',
  '*.token',
  '*.secretToken',
  '*.accessToken',
  '*.*.password',
  '*.*.token',
  '*.*.secretToken',
  '*.*.accessToken',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface LoggerOptions {
  level: string;
  /** Values never to write (the config's passwords and tokens: see collectSecrets). */
  secrets?: readonly string[];
  /** Human-readable lines (pino-pretty) instead of JSON; default: when stderr is a terminal. */
  pretty?: boolean;
  /** Default: stderr. A file path, or a stream (tests). */
  destination?: string | DestinationStream;
}

export class LogLevelError extends Error {
  constructor(level: string) {
    super(`unknown log level '${level}': expected one of ${LOG_LEVELS.join(', ')}`);
    this.name = 'LogLevelError';
  }
}

/**
 * Secrets shorter than four characters are not replaced: replacing every "ab" would garble the
 * log and hide nothing worth hiding (the same rule as the config error messages).
 */
export function secretScrubber(secrets: readonly string[]): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1)); // as it appears inside a JSON string
    forms.add(encodeURIComponent(secret)); // as it appears in a URL
  }
  // Longest first, so a secret that contains another is replaced whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => ordered.reduce((line, form) => (line.includes(form) ? line.split(form).join(REDACTED) : line), text);
}

export function createLogger(options: LoggerOptions): Logger {
  const { level, secrets = [], pretty = process.stderr.isTTY === true, destination } = options;
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new LogLevelError(level);
  const scrub = secretScrubber(secrets);
  const settings = {
    level,
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    hooks: { streamWrite: scrub },
  };
  if (typeof destination === 'object') return pino(settings, destination);
  const dest = destination ?? 2;
  if (pretty) {
    return pino(settings, pino.transport({ target: 'pino-pretty', options: { destination: dest, colorize: dest === 2, mkdir: true } }));
  }
  return pino(settings, pino.destination({ dest, sync: true, mkdir: true }));
}
