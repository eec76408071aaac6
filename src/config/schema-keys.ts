/**
 * The option names a schema accepts, found by walking it: the error formatter needs the keys of
 * the object where an unknown key was found (for "did you mean"), and a test checks that
 * config.example.yaml documents every option.
 */
import { z } from 'zod';

type Segment = string | number;

/** The schema that parses the value, past optional/default/pipe wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return unwrap(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault) return unwrap(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodPipe) {
    // `.transform()` puts the transform after the schema, `z.preprocess()` before it.
    const side = schema.in instanceof z.ZodTransform ? schema.out : schema.in;
    return unwrap(side as z.ZodType);
  }
  return schema;
}

function child(schema: z.ZodType, segment: Segment): z.ZodType | undefined {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) {
    const field: unknown = inner.shape[String(segment)];
    return field instanceof z.ZodType ? field : undefined;
  }
  if (inner instanceof z.ZodArray) return typeof segment === 'number' ? (inner.element as z.ZodType) : undefined;
  if (inner instanceof z.ZodRecord) return inner.valueType as z.ZodType;
  return undefined;
}

/** The option names of the object at `path`, or undefined when no object is there. */
export function objectKeysAt(schema: z.ZodType, path: readonly Segment[]): string[] | undefined {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    current = current && child(current, segment);
  }
  const inner = current && unwrap(current);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : undefined;
}

export interface OptionPaths {
  /** Every option as a dotted path; list items share their list's path (`irc.channels.channel`). */
  options: string[];
  /** Options whose keys are free-form (authz tables): their own keys are not options. */
  records: string[];
}

export function listOptionPaths(schema: z.ZodType): OptionPaths {
  const result: OptionPaths = { options: [], records: [] };
  const visit = (node: z.ZodType, prefix: string): void => {
    const inner = unwrap(node);
    if (inner instanceof z.ZodArray) {
      visit(inner.element as z.ZodType, prefix);
    } else if (inner instanceof z.ZodRecord) {
      result.records.push(prefix);
    } else if (inner instanceof z.ZodObject) {
      for (const [key, field] of Object.entries(inner.shape)) {
        const path = prefix === '' ? key : `${prefix}.${key}`;
        result.options.push(path);
        if (field instanceof z.ZodType) visit(field, path);
      }
    }
  };
  visit(schema, '');
  return result;
}
