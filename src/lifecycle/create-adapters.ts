/**
 * One adapter per configured platform section, in the order of the platform list. A platform
 * without a section is left out, unless it runs unconfigured (the console, given a terminal).
 */
import type { Config } from '../config/schema.js';
import type { Adapter } from '../core/adapter.js';
import { adapterName, type Platform, type PlatformContext, type PlatformSection } from '../core/platform.js';

export interface CreatedAdapter {
  adapter: Adapter;
  platform: Platform;
  section: PlatformSection;
}

export interface ConfiguredSection {
  /** The adapter's name: `irc`, `irc/libera`. */
  name: string;
  platform: Platform;
  section: PlatformSection;
}

/** Each platform section the bot would run an adapter for, in the order of the platform list. */
export function configuredSections(platforms: readonly Platform[], config: Pick<Config, 'platforms'>): ConfiguredSection[] {
  return platforms.flatMap((platform) => {
    const sections = config.platforms.get(platform.name) ?? (platform.runsUnconfigured ? [platform.schema.parse({})] : []);
    return sections.map((section) => ({ name: adapterName(platform.name, section), platform, section }));
  });
}

export async function createAdapters(
  platforms: readonly Platform[],
  config: Pick<Config, 'platforms'>,
  context: Omit<PlatformContext, 'name'>,
): Promise<CreatedAdapter[]> {
  const created: CreatedAdapter[] = [];
  for (const { name, platform, section } of configuredSections(platforms, config)) {
    const adapter = await platform.create(section, { ...context, name, logger: context.logger.child({ adapter: name }) });
    if (adapter) created.push({ adapter, platform, section });
  }
  return created;
}
