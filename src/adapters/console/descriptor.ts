/**
 * The console platform: the terminal the bot was started on (`--console`, the demo, tests).
 * Configured or not, it exists only when the bot was given a terminal.
 */
import { definePlatform } from '../../core/platform.js';
import { CONSOLE_CHAT_ID, consoleSectionSchema } from './console-config.js';

export const consolePlatform = definePlatform({
  name: 'console',
  schema: consoleSectionSchema,
  multiple: false,
  runsUnconfigured: true,
  defaultChats: () => [CONSOLE_CHAT_ID],
  notifyOptions: () => ({ useRevisions: false, showBlameList: false, tags: null }),
  // One person at one terminal.
  privateChats: () => () => true,
  async create(section, context) {
    const { terminal } = context;
    if (!terminal) return null;
    const { ConsoleAdapter } = await import('./console-adapter.js');
    const { commandLineCompleter } = await import('./command-line-completer.js');
    return new ConsoleAdapter({
      name: context.name,
      core: context.core,
      user: section.user,
      input: terminal.input,
      output: terminal.output,
      ...(terminal.onIdle ? { onIdle: terminal.onIdle } : {}),
      ...(terminal.interactive
        ? {
            interactive: {
              ...terminal.interactive,
              complete: commandLineCompleter({
                commands: () => [...(context.core.listCommands?.(context.name, {}) ?? []).map((command) => command.name), ...(context.aliasNames?.() ?? [])],
                builders: context.builderNames,
              }),
            },
          }
        : {}),
    });
  },
});
