/**
 * The `console:` config section: who the terminal's user is, and what they may do.
 */
import { z } from 'zod';
import { userIdSchema } from '../../config/authz-schema.js';
import { platformSectionKeys } from '../../config/platform-section.js';
import { expecting } from '../../config/schema-parts.js';

/** The console is one private chat. */
export const CONSOLE_CHAT_ID = 'console';

export const consoleSectionSchema = z.strictObject({
  user: z.string(expecting('a user name')).regex(/^\S+$/, { error: 'expected a user name without spaces' }).default('operator'),
  ...platformSectionKeys(userIdSchema(/^\S+$/, 'a user name without spaces')),
});

export type ConsoleConfig = z.output<typeof consoleSectionSchema>;
