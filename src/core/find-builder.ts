/** Builder lookup by name for commands, with a reply that helps when the name is wrong. */
import type { BuildbotClient } from '../buildbot/client.js';
import type { Builder } from '../buildbot/schemas.js';
import { CommandError } from './command.js';

export async function findBuilder(client: BuildbotClient, name: string): Promise<Builder> {
  const builder = await client.getBuilder(name);
  if (builder) return builder;
  const all = await client.listBuilders();
  const close = all.filter((b) => b.name.toLowerCase().includes(name.toLowerCase()) || name.toLowerCase().includes(b.name.toLowerCase()));
  const hint = close.length > 0 ? ` Did you mean ${close.slice(0, 5).map((b) => b.name).join(', ')}?` : ` Try 'list builders'.`;
  throw new CommandError(`No builder named '${name}'.${hint}`);
}
