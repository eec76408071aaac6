/**
 * The import rules of docs/architecture.md, checked on the code: the core stays free of
 * platforms, commands never know where they run, the notification path and createBot name no
 * platform, and the lower layers do not reach up.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(join(root, path)).isDirectory() ? files(path) : /\.ts$/.test(entry) ? [path] : [];
  });
}

/** The repository folders `file` imports from, e.g. ['src/core', 'src/buildbot']. */
function importedFolders(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const folders = [...text.matchAll(/from '(\.[^']+)'/g)].map((match) => {
    const target = relative(root, join(root, file, '..', match[1] as string));
    return target.split('/').slice(0, target.startsWith('src/') ? 2 : 1).join('/');
  });
  return [...new Set(folders)].sort();
}

function offending(dir: string, allowed: string[]): string[] {
  return files(dir).flatMap((file) => importedFolders(file).filter((folder) => !allowed.includes(folder)).map((folder) => `${file} imports ${folder}`));
}

/** Quoted platform names in code (comments may give examples). */
function platformNames(file: string): string[] {
  const code = readFileSync(join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  return [...code.matchAll(/['"`](console|irc|telegram|matrix)['"`/]/g)].map((match) => `${file}: ${match[0]}`);
}

describe('docs/architecture.md import rules', () => {
  it('the core imports only itself and the Buildbot API types', () => {
    expect(offending('src/core', ['src/core', 'src/buildbot', 'src/http'])).toEqual([]);
  });

  it('commands never import an adapter, a store or the notification code', () => {
    expect(offending('commands', ['commands', 'src/core', 'src/buildbot', 'src/notify', 'src/charts'])).toEqual([]);
    // of the notification code, only the names of the events
    const notifyImports = files('commands').filter((file) => /from '[^']*src\/notify\/(?!event-names\.js)/.test(readFileSync(join(root, file), 'utf8')));
    expect(notifyImports).toEqual([]);
  });

  it('the Buildbot client, the stores and the backoff know nothing of the bot above them', () => {
    expect(offending('src/buildbot', ['src/buildbot', 'src/retry'])).toEqual([]);
    expect(offending('src/store', ['src/store', 'src/core'])).toEqual([]);
    expect(offending('src/retry', ['src/retry'])).toEqual([]);
  });

  it('the charts draw from Buildbot results and core types alone', () => {
    expect(offending('src/charts', ['src/charts', 'src/buildbot', 'src/core'])).toEqual([]);
  });

  it('the notification path never imports an adapter', () => {
    expect(offending('src/notify', ['src/notify', 'src/core', 'src/buildbot', 'src/store', 'src/masters', 'src/config', 'src/retry'])).toEqual([]);
  });

  it('createBot, the core and the notification path name no platform', () => {
    const checked = ['src/app.ts', ...files('src/core'), ...files('src/notify'), ...files('src/lifecycle').filter((f) => !f.endsWith('describe-startup-failure.ts'))];
    expect(checked.flatMap(platformNames)).toEqual([]);
  });

  it('each platform folder has one descriptor, and the platform list names each folder once', () => {
    const folders = readdirSync(join(root, 'src/adapters')).filter((entry) => statSync(join(root, 'src/adapters', entry)).isDirectory());
    for (const folder of folders) expect(statSync(join(root, 'src/adapters', folder, 'descriptor.ts')).isFile()).toBe(true);
    const list = readFileSync(join(root, 'src/adapters/platforms.ts'), 'utf8');
    for (const folder of folders) expect(list.match(new RegExp(`from './${folder}/descriptor\\.js'`, 'g'))).toHaveLength(1);
  });
});
