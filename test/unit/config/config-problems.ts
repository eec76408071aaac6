/** Helpers for the configuration tests: the problems a text produces, as the user reads them. */
import { ConfigError, parseConfig } from '../../../src/config/load-config.js';
import type { Environment } from '../../../src/config/substitute-env.js';

export const SOURCE = 'test.yaml';

/** The ConfigError for `text`; fails the test when the text is accepted. */
export function configError(text: string, env: Environment = {}): ConfigError {
  try {
    parseConfig(text, env, SOURCE);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

export function problemsOf(text: string, env: Environment = {}): string[] {
  return configError(text, env).problems;
}

/** A valid file's first lines, for tests about other sections. */
export const MASTER = 'buildbot:\n  url: http://127.0.0.1:8010/\n';
