/**
 * Every chat platform the bot knows, one line each. Adding a platform is a folder under
 * src/adapters/ with a descriptor.ts, plus one line here (docs/architecture.md, "Add a platform").
 */
import type { Platform } from '../core/platform.js';
import { consolePlatform } from './console/descriptor.js';
import { ircPlatform } from './irc/descriptor.js';
import { telegramPlatform } from './telegram/descriptor.js';
import { matrixPlatform } from './matrix/descriptor.js';

export const PLATFORMS: readonly Platform[] = [consolePlatform, ircPlatform, telegramPlatform, matrixPlatform];
