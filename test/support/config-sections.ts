/** A platform's sections from a parsed config, typed as that platform's schema makes them. */
import type { ConsoleConfig } from '../../src/adapters/console/console-config.js';
import type { IrcConfig } from '../../src/adapters/irc/irc-config.js';
import type { TelegramConfig } from '../../src/adapters/telegram/telegram-config.js';
import type { Config } from '../../src/config/schema.js';

interface SectionTypes {
  console: ConsoleConfig;
  irc: IrcConfig;
  telegram: TelegramConfig;
}

export function sectionsOf<P extends keyof SectionTypes>(config: Pick<Config, 'platforms'>, platform: P): readonly SectionTypes[P][] {
  // The config holds exactly what this platform's schema produced (src/config/schema.ts).
  return (config.platforms.get(platform) ?? []) as readonly SectionTypes[P][];
}

/** The platform's only (or first) section, undefined when the config has none. */
export function sectionOf<P extends keyof SectionTypes>(config: Pick<Config, 'platforms'>, platform: P): SectionTypes[P] | undefined {
  return sectionsOf(config, platform)[0];
}
