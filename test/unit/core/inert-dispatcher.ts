/** A Dispatcher over the given commands with services that do nothing, for the core's unit tests. */
import pino from 'pino';
import { createAuthzPolicy, type AuthzConfig } from '../../../src/core/authz.js';
import type { Command } from '../../../src/core/command.js';
import { Dispatcher } from '../../../src/core/dispatcher.js';
import { CommandRegistry } from '../../../src/core/registry.js';

/** `consoleAuthz`: the console's authz table; none: the default policy for every adapter. */
export function inertDispatcher(commands: Command[], consoleAuthz?: AuthzConfig): Dispatcher {
  return new Dispatcher({
    registry: new CommandRegistry(commands),
    services: {
      masters: { list: [], several: false, get: () => undefined },
      bot: { name: 'buildbot-chat', version: '0', sourceUrl: 'x' },
      tags: null,
      timing: { buildStartWaitMs: 0, buildStopWaitMs: 0, pollIntervalMs: 0 },
    },
    authz: consoleAuthz === undefined ? new Map() : new Map([['console', createAuthzPolicy(consoleAuthz)]]),
    logger: pino({ level: 'silent' }),
  });
}
