/**
 * Reads the YAML configuration once at start-up: parse, substitute `${NAME}` from the
 * environment, validate, freeze. Any problem stops the bot with every problem listed, each by
 * its option's path (a ConfigError), so one run shows everything to fix.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describeAccess } from './describe-access.js';
import { LineCounter, parseDocument } from 'yaml';
import { configSchema, type Config } from './schema.js';

type ConfigSchema = typeof configSchema;
import {
  collectSecrets,
  configErrorMap,
  describeIssues,
  formatPath,
  formatProblems,
  type ConfigPath,
  type ConfigProblem,
} from './format-config-errors.js';
import { substituteEnv, type Environment } from './substitute-env.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: string[];

  constructor(source: string, headline: string, problems: string[]) {
    super([`${source}: ${headline}`, ...problems.map((problem) => `  ${problem}`)].join('\n'));
    this.problems = problems;
  }
}

/**
 * Values that must come from the environment: a token written in the file leaks wherever the
 * file goes (backups, version control, a paste to ask for help).
 */
const ENVIRONMENT_ONLY: readonly { path: ConfigPath; variable: string }[] = [{ path: ['telegram', 'token'], variable: 'TELEGRAM_TOKEN' }];

function valueAt(document: unknown, path: ConfigPath): unknown {
  let value = document;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

/** The places `path` names in the document: under a list of sections (`telegram: [...]`), each one's. */
function placesOf(document: unknown, path: ConfigPath): ConfigPath[] {
  let places: ConfigPath[] = [[]];
  for (const segment of path) {
    places = places.flatMap((place) => {
      const value = valueAt(document, place);
      return Array.isArray(value) && typeof segment === 'string' ? value.map((_, index) => [...place, index, segment]) : [[...place, segment]];
    });
  }
  return places;
}

function literalSecrets(document: unknown, fromEnvironment: readonly ConfigPath[]): ConfigProblem[] {
  const referenced = new Set(fromEnvironment.map(formatPath));
  return ENVIRONMENT_ONLY.flatMap(({ path, variable }) =>
    placesOf(document, path)
      .filter((place) => typeof valueAt(document, place) === 'string' && !referenced.has(formatPath(place)))
      .map((place) => ({
        path: place,
        message: `write \${${variable}} and set ${variable} in the environment: a secret written in the file leaks with the file`,
      })),
  );
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    // A Map's entries are not properties: freeze what it holds (the platforms' sections).
    for (const inner of value instanceof Map ? value.values() : Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * YAML's first error, without the source excerpt YAML would print (it could show a password).
 * Later errors are usually echoes of the first, so they are only counted.
 */
function parseYaml(text: string, sourceName: string): unknown {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const [first, ...rest] = document.errors;
  if (first === undefined) return document.toJS();
  const offset = first.pos[0];
  const { line, col } = lineCounter.linePos(offset);
  // `{ token: ${T} }`: in a flow collection the { of an unquoted ${...} opens a mapping.
  const hint = text.slice(offset - 1, offset + 1) === '${' ? ' (quote a ${NAME} value written inside [ ] or { }: "${NAME}")' : '';
  const more = rest.length > 0 ? ` (and ${rest.length} more error${rest.length === 1 ? '' : 's'} after it)` : '';
  throw new ConfigError(sourceName, 'YAML syntax error', [`line ${line}, column ${col}: ${first.message}${hint}${more}`]);
}

/**
 * Paths in the file are relative to the file's folder, not to wherever the bot was started:
 * started from another folder, a path relative to the working directory would silently open
 * a second, empty database.
 */
function resolvePaths(config: Config, baseDir: string): Config {
  const database = config.database === ':memory:' ? config.database : resolve(baseDir, config.database);
  return { ...config, database, ...(config.templates !== undefined ? { templates: resolve(baseDir, config.templates) } : {}) };
}

/**
 * The configuration in `text`; `sourceName` names it in errors. `schema`: the default knows the
 * platforms of src/adapters/platforms.ts (tests add their own). Relative paths are resolved
 * against `baseDir` (loadConfig: the file's folder), else against the working directory.
 */
export function parseConfig(
  text: string,
  env: Environment = process.env,
  sourceName = 'configuration',
  schema: ConfigSchema = configSchema,
  baseDir = process.cwd(),
): Config {
  const substitution = substituteEnv(parseYaml(text, sourceName), env);
  const problems = [...substitution.problems, ...literalSecrets(substitution.value, substitution.fromEnvironment)];
  const result = schema.safeParse(substitution.value, { error: configErrorMap });
  if (!result.success) {
    // A value already reported (unset variable, literal token) would only add a confusing echo.
    const reported = problems.map((problem) => formatPath(problem.path));
    const isReported = (path: ConfigPath): boolean => {
      const text = formatPath(path);
      return reported.some((earlier) => text === earlier || text.startsWith(`${earlier}.`) || text.startsWith(`${earlier}[`));
    };
    problems.push(...describeIssues(result.error.issues, schema, substitution.value).filter((problem) => !isReported(problem.path)));
  }
  if (problems.length > 0 || !result.success) {
    const lines = formatProblems(problems, collectSecrets(substitution.value));
    throw new ConfigError(sourceName, `invalid configuration (${lines.length} problem${lines.length === 1 ? '' : 's'})`, lines);
  }
  return deepFreeze(resolvePaths(result.data, baseDir));
}

function describeReadError(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file (copy config.example.yaml to start, or pass --config FILE)';
  if (code === 'EACCES') return `permission denied: ${describeAccess(path)}`;
  if (code === 'EISDIR') return 'is a directory, not a file';
  return error instanceof Error ? error.message : String(error);
}

export function loadConfig(path: string, env: Environment = process.env): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, 'cannot read the configuration file', [describeReadError(error, path)]);
  }
  return parseConfig(text, env, path, configSchema, dirname(resolve(path)));
}
