/** Name, version and source link of this bot, from package.json. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { packageRoot } from './core/package-root.js';

const packageJson = z.object({
  name: z.string(),
  version: z.string(),
  repository: z.union([z.string(), z.object({ url: z.string() })]).optional(),
});

export interface BotIdentity {
  name: string;
  version: string;
  /** Where the source is, or null when neither the config nor package.json names a place. */
  sourceUrl: string | null;
}

/**
 * `source` (the config's option) wins; else package.json's repository, as a browsable URL
 * (npm writes it as git+https://....git). The package is published nowhere and names no
 * repository of its own, so without either the answer says so rather than inventing an address.
 */
export function botIdentity(source?: string, root = packageRoot()): BotIdentity {
  const pkg = packageJson.parse(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));
  const repository = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  const browsable = repository?.replace(/^git\+/, '').replace(/\.git$/, '');
  return { name: pkg.name, version: pkg.version, sourceUrl: source ?? browsable ?? null };
}
