/**
 * Options that name commands (each adapter's `confirm:`, the `aliases:` expansions) can only be
 * checked once the commands are loaded: a misspelt name stops the start like any config error,
 * by its option's path and with the nearest command name.
 */
import { closestName } from '../config/closest-name.js';
import { EXIT, StartupError } from './describe-startup-failure.js';
import type { CommandRegistry } from '../core/registry.js';

export function checkCommandNames(registry: CommandRegistry, path: string, names: readonly string[]): void {
  for (const name of names) {
    if (registry.find(name)) continue;
    const near = closestName(name, registry.names());
    throw new StartupError(`${path}: '${name}' is not a command${near ? ` (did you mean '${near}'?)` : ''}`, EXIT.config);
  }
}
