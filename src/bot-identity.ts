/** Name, version and source link of this bot, from package.json. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { packageRoot } from './core/package-root.js';

const packageJson = z.object({
  name: z.string(),
  version: z.string(),
  homepage: z.string().optional(),
  repository: z.union([z.string(), z.object({ url: z.string() })]).optional(),
});

/**
 * `source` (the config's option) wins; else package.json's repository, as a browsable URL
 * (npm writes it as git+https://....git); else its homepage. The package is not published, so
 * no registry page is named.
 */
export function botIdentity(source?: string): { name: string; version: string; sourceUrl: string } {
  const pkg = packageJson.parse(JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')));
  const repository = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  const browsable = repository?.replace(/^git\+/, '').replace(/\.git$/, '');
  return { name: pkg.name, version: pkg.version, sourceUrl: source ?? browsable ?? pkg.homepage ?? 'the package itself (no repository is set)' };
}
