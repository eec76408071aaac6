/**
 * `${NAME}` anywhere in a string value is replaced from the environment, so secrets stay out of
 * the file; `$${` writes a literal `${`. It runs on the parsed YAML, not on its text, so a value
 * with quotes, colons or newlines cannot change the document's shape. Keys are left alone.
 */
import type { ConfigPath, ConfigProblem } from './format-config-errors.js';

export type Environment = Readonly<Record<string, string | undefined>>;

export interface Substitution {
  value: unknown;
  problems: ConfigProblem[];
  /** Strings that referenced the environment (resolved or not), by path. */
  fromEnvironment: ConfigPath[];
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** `$${` (escape), or `${` up to the next `}` (or the end, when unterminated). */
const REFERENCE = /\$\$\{|\$\{([^}]*)(\}?)/g;

interface StringResult {
  text: string;
  referenced: boolean;
  problems: string[];
}

function substituteString(text: string, env: Environment): StringResult {
  const problems: string[] = [];
  let referenced = false;
  const result = text.replace(REFERENCE, (match: string, name: string | undefined, close: string | undefined) => {
    if (match === '$${') return '${';
    referenced = true;
    if (!close) {
      problems.push('"${" without a closing "}" (write $${ for a literal ${)');
      return match;
    }
    if (!VARIABLE_NAME.test(name ?? '')) {
      problems.push(`"${match}" is not a variable reference: write \${NAME} with letters, digits and _ (or $\${ for a literal \${)`);
      return match;
    }
    const value = env[name ?? ''];
    if (value === undefined || value === '') {
      problems.push(`environment variable ${name} is ${value === undefined ? 'not set' : 'empty'}`);
      return match;
    }
    return value;
  });
  return { text: result, referenced, problems };
}

export function substituteEnv(document: unknown, env: Environment): Substitution {
  const problems: ConfigProblem[] = [];
  const fromEnvironment: ConfigPath[] = [];
  const visit = (value: unknown, path: ConfigPath): unknown => {
    if (typeof value === 'string') {
      const result = substituteString(value, env);
      if (result.referenced) fromEnvironment.push(path);
      for (const message of result.problems) problems.push({ path, message });
      return result.text;
    }
    if (Array.isArray(value)) return value.map((item, index) => visit(item, [...path, index]));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, visit(inner, [...path, key])]));
    }
    return value;
  };
  return { value: visit(document, []), problems, fromEnvironment };
}
