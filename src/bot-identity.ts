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

export function botIdentity(): { name: string; version: string; sourceUrl: string } {
  const pkg = packageJson.parse(JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')));
  const repository = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  return { name: pkg.name, version: pkg.version, sourceUrl: pkg.homepage ?? repository ?? `https://www.npmjs.com/package/${pkg.name}` };
}
