/**
 * The README's configuration reference documents every option of the schema, none it lacks,
 * and for each option its default as the schema has it (or "required").
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { configSchema } from '../../../src/config/schema.js';
import { listOptionPaths } from '../../../src/config/schema-keys.js';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

interface Row {
  option: string;
  default: string;
}

/** The rows of the table under "## Configuration reference". */
function referenceRows(): Row[] {
  const start = README.indexOf('\n## Configuration reference\n');
  if (start < 0) throw new Error('README.md has no "## Configuration reference" section');
  const end = README.indexOf('\n## ', start + 1);
  const section = README.slice(start, end < 0 ? undefined : end);
  return section
    .split('\n')
    .filter((line) => /^\| `[^`]+` \|/.test(line))
    .map((line) => {
      const [, option = '', defaultCell = ''] = line.split('|').map((cell) => cell.trim());
      return { option: option.replace(/`/g, ''), default: defaultCell };
    });
}

/** The schema one wrapper further in (optional, default, prefault, the input side of a pipe). */
function unwrapOnce(schema: z.ZodType): z.ZodType | undefined {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return schema.unwrap() as z.ZodType;
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault) return schema.unwrap() as z.ZodType;
  if (schema instanceof z.ZodPipe) return (schema.in instanceof z.ZodTransform ? schema.out : schema.in) as z.ZodType;
  return undefined;
}

/** The wrappers of an option's schema, outermost first, down to the schema of its value. */
function wrappers(schema: z.ZodType): z.ZodType[] {
  const chain: z.ZodType[] = [];
  for (let node: z.ZodType | undefined = schema; node; node = unwrapOnce(node)) chain.push(node);
  return chain;
}

function optionSchema(path: string): z.ZodType {
  let node: z.ZodType = configSchema;
  for (const segment of path.split('.')) {
    const holder = wrappers(node)
      .flatMap((layer) => (layer instanceof z.ZodArray ? wrappers(layer.element as z.ZodType) : [layer]))
      .find((layer): layer is z.ZodObject => layer instanceof z.ZodObject);
    const field: unknown = holder?.shape[segment];
    if (!(field instanceof z.ZodType)) throw new Error(`no option ${path} in the schema`);
    node = field;
  }
  return node;
}

type Documented = { kind: 'required' } | { kind: 'default'; value: unknown } | { kind: 'optional' };

function schemaDefault(path: string): Documented {
  const chain = wrappers(optionSchema(path));
  const withDefault = chain.find((layer) => layer instanceof z.ZodDefault);
  if (withDefault instanceof z.ZodDefault) return { kind: 'default', value: withDefault._zod.def.defaultValue };
  const optional = chain.some((layer) => layer instanceof z.ZodOptional || layer instanceof z.ZodPrefault);
  return optional ? { kind: 'optional' } : { kind: 'required' };
}

describe('README configuration reference', () => {
  const rows = referenceRows();

  it('lists every option of the schema once, and none it lacks', () => {
    const documented = rows.map((row) => row.option);
    expect(documented.filter((option, index) => documented.indexOf(option) !== index)).toEqual([]);
    expect([...documented].sort()).toEqual([...listOptionPaths(configSchema).options].sort());
  });

  it.each(rows.map((row) => [row.option, row] as const))('gives the default of %s as the schema has it', (_option, row) => {
    const expected = schemaDefault(row.option);
    if (expected.kind === 'required') {
      expect(row.default).toBe('required');
    } else if (expected.kind === 'default') {
      expect(row.default).toMatch(/^`[^`]*`$/);
      expect(parse(row.default.slice(1, -1))).toEqual(expected.value);
    } else {
      expect(row.default).not.toBe('required');
    }
  });
});
