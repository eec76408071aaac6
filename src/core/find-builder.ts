/** Builder lookup by name for commands, with a reply that helps when the name is wrong. */
import type { BuildbotClient } from '../buildbot/client.js';
import type { Builder } from '../buildbot/schemas.js';
import { builderHasTags } from '../buildbot/builder-overview.js';
import { CommandError } from './command.js';

export async function findBuilder(client: BuildbotClient, name: string): Promise<Builder> {
  const builder = await client.getBuilder(name);
  if (builder) return builder;
  const all = await client.listBuilders();
  const close = all.filter((b) => b.name.toLowerCase().includes(name.toLowerCase()) || name.toLowerCase().includes(b.name.toLowerCase()));
  const hint = close.length > 0 ? ` Did you mean ${close.slice(0, 5).map((b) => b.name).join(', ')}?` : ` Try 'list builders'.`;
  throw new CommandError(`No builder named '${name}'.${hint}`);
}

/** What `status X` and `last X` cover: the builder named, or with `all` or no name every builder the `tags` option lets through. */
export async function buildersFor(client: BuildbotClient, tags: string[] | null, wanted: string | undefined): Promise<Builder[]> {
  if (wanted !== undefined && wanted !== 'all') return [await findBuilder(client, wanted)];
  return (await client.listBuilders()).filter((b) => builderHasTags(b, tags));
}
