/**
 * The command registry: one module per command under commands/, each default-exporting a
 * Command. Names and aliases are unique (case-insensitive); a collision fails at start.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { Capabilities, Command, CommandRegistryView } from './command.js';

const commandShape = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/),
  aliases: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/)).optional(),
  usage: z.string().min(1),
  summary: z.string().min(1),
  help: z.string().optional(),
  dangerous: z.boolean(),
  needs: z.array(z.enum(['chatControl', 'commandPrefix'])).optional(),
  run: z.function(),
  describe: z.function().optional(),
  safeUse: z.function().optional(),
});

export class CommandRegistry implements CommandRegistryView {
  private readonly byName = new Map<string, Command>();
  private readonly commands: Command[] = [];

  constructor(commands: Command[]) {
    for (const command of commands) this.add(command);
    this.commands.sort((a, b) => a.name.localeCompare(b.name));
  }

  private add(command: Command): void {
    for (const name of [command.name, ...(command.aliases ?? [])]) {
      const key = name.toLowerCase();
      const taken = this.byName.get(key);
      if (taken) throw new Error(`command name '${name}' of '${command.name}' is already used by '${taken.name}'`);
      this.byName.set(key, command);
    }
    this.commands.push(command);
  }

  find(name: string): Command | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** Every command's name, whatever the adapter offers. */
  names(): string[] {
    return this.commands.map((command) => command.name);
  }

  list(capabilities: Capabilities): Command[] {
    return this.commands.filter((command) => isAvailable(command, capabilities));
  }
}

export function isAvailable(command: Command, capabilities: Capabilities): boolean {
  return (command.needs ?? []).every((need) => capabilities[need] !== undefined);
}

export function defaultCommandsDir(): string {
  // src/core/ (tsx) and dist/src/core/ (built) both sit two levels below the commands folder
  // fileURLToPath, not .pathname: a folder with a space or a non-ASCII name is %-encoded there
  return fileURLToPath(new URL('../../commands/', import.meta.url));
}

/** Import every command module of a folder (.ts under tsx, .js when built). */
export async function loadCommands(dir = defaultCommandsDir()): Promise<CommandRegistry> {
  const files = (await readdir(dir))
    .filter((file) => /\.(ts|js)$/.test(file) && !/\.(d|test)\.ts$/.test(file))
    .sort();
  const commands: Command[] = [];
  for (const file of files) {
    const module: unknown = await import(pathToFileURL(join(dir, file)).href);
    const exported = (module as { default?: unknown }).default;
    const parsed = commandShape.safeParse(exported);
    if (!parsed.success) {
      throw new Error(`commands/${file}: the default export is not a command (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    }
    commands.push(exported as Command);
  }
  return new CommandRegistry(commands);
}
