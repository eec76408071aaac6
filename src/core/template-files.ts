/**
 * Where each reply template comes from: the built-in data/templates/NAME.eta, or the file of
 * the same name in the folder the `templates` option names, which replaces it. Every template
 * in use is compiled once at start, so a broken one stops the start with its file and line
 * instead of failing the first reply that needs it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { Eta } from 'eta';
import { packageRoot } from './package-root.js';

const EXTENSION = '.eta';

export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

export function builtInTemplatesDir(): string {
  return join(packageRoot(), 'data', 'templates');
}

function etaFiles(dir: string, what: string): string[] {
  try {
    return readdirSync(dir).filter((file) => file.endsWith(EXTENSION));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new TemplateError(`templates: cannot read the folder ${dir} (${code}): ${what}`);
  }
}

/** Template name → file: the built-in ones, replaced by those in `overridesDir`. */
export function findTemplateFiles(overridesDir?: string): Map<string, string> {
  const builtIn = builtInTemplatesDir();
  const files = new Map(etaFiles(builtIn, 'the package is incomplete').map((file) => [file.slice(0, -EXTENSION.length), join(builtIn, file)]));
  if (overridesDir === undefined) return files;
  for (const file of etaFiles(overridesDir, 'name an existing folder of .eta files')) {
    const name = file.slice(0, -EXTENSION.length);
    if (!files.has(name)) {
      throw new TemplateError(`${join(overridesDir, file)}: no built-in template is named ${file}; a file here replaces the one of the same name in ${builtIn}`);
    }
    files.set(name, join(overridesDir, file));
  }
  return files;
}

/**
 * Compiles each template the `templates` folder replaces, as the renderer will; the first broken
 * one is named by file and line. The built-in ones are compiled by the tests instead of at every
 * start.
 */
export function checkTemplateFiles(files: ReadonlyMap<string, string>): void {
  // debug: the compiled code records `__eta.line=N` before each tag, which maps a syntax error back
  const eta = new Eta({ autoEscape: true, autoTrim: false, debug: true });
  const builtIn = builtInTemplatesDir();
  for (const file of files.values()) {
    if (dirname(file) === builtIn) continue;
    const text = readFileSync(file, 'utf8');
    let code: string;
    try {
      code = eta.compileToString(text);
    } catch (error) {
      // the parser's own message already says "at line N col M"
      throw new TemplateError(`${file}: ${firstLine(error)}`);
    }
    try {
      new Script(`(function (it, options) {\n${code}\n})`, { filename: file });
    } catch (error) {
      throw new TemplateError(`${file}: line ${templateLine(code, error)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').filter((line) => line.trim() !== '').slice(0, 2).join(': ');
}

/** The template line of a syntax error in the compiled code: the last `__eta.line=N` before it. */
function templateLine(code: string, error: unknown): number {
  const stackLine = error instanceof Error ? /:(\d+)\n/.exec(error.stack ?? '') : null;
  const generatedLines = code.split('\n');
  const upTo = stackLine ? Number(stackLine[1]) - 1 : generatedLines.length;
  let line = 1;
  for (const generated of generatedLines.slice(0, upTo)) {
    const marker = /^__eta\.line=(\d+)$/.exec(generated);
    if (marker) line = Number(marker[1]);
  }
  return line;
}

let active: ReadonlyMap<string, string> | undefined;

/** The templates replies use from now on (the bot's start: after checkTemplateFiles). */
export function useTemplateFiles(files: ReadonlyMap<string, string>): void {
  active = files;
}

/** The file of template `name` (with or without .eta); the built-in one unless replaced. */
export function templateFile(name: string): string {
  active ??= findTemplateFiles();
  const bare = name.endsWith(EXTENSION) ? name.slice(0, -EXTENSION.length) : name;
  return active.get(bare) ?? join(builtInTemplatesDir(), `${bare}${EXTENSION}`);
}
