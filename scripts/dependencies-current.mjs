// Exits 0 when node_modules holds what package-lock.json asks for, 1 otherwise. It compares
// the lockfile with npm's record of what it installed (node_modules/.package-lock.json), by
// content: a fresh checkout or a pull gives every file a new time, so times tell nothing.
import { readFileSync } from 'node:fs';

function packages(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8')).packages ?? {};
  } catch {
    return undefined;
  }
}

const wanted = packages('package-lock.json');
const installed = packages('node_modules/.package-lock.json');
if (wanted === undefined || installed === undefined) process.exit(1);
for (const [path, entry] of Object.entries(wanted)) {
  // "" is the project itself; optional packages for other platforms are never installed
  if (path === '' || entry.optional) continue;
  if (installed[path]?.version !== entry.version) process.exit(1);
}
