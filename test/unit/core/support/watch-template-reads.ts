/**
 * The link between a template file and its catalogue schema: data built from a schema, and a
 * view of the data that notes every field a template (or a helper it calls) reads that the
 * schema does not declare. A renamed field read through `it` comes back as undefined and prints
 * nothing; this turns it into a failing test.
 */
import { z } from 'zod';

/** Strip optional, nullable and default wrappers. */
function inner(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

/**
 * Data of a schema's shape. `full`: every optional and nullable value present, one element per
 * array, booleans true; `empty`: the opposite. Between them both sides of most conditions run.
 */
export function sampleOf(schema: z.ZodType, variant: 'full' | 'empty', name = 'value'): unknown {
  if (variant === 'empty' && schema instanceof z.ZodOptional) return undefined;
  if (variant === 'empty' && schema instanceof z.ZodNullable) return null;
  const type = inner(schema);
  if (type instanceof z.ZodObject) {
    const entries = Object.entries(type.shape as Record<string, z.ZodType>).map(([key, field]) => [key, sampleOf(field, variant, key)]);
    return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
  }
  if (type instanceof z.ZodArray) return variant === 'full' ? [sampleOf(type.element as z.ZodType, variant, name)] : [];
  if (type instanceof z.ZodString) return variant === 'full' ? name : '';
  if (type instanceof z.ZodNumber) return variant === 'full' ? 1 : 0;
  if (type instanceof z.ZodBoolean) return variant === 'full';
  if (type instanceof z.ZodEnum) {
    const options = type.options as string[];
    return variant === 'full' ? options[0] : options[options.length - 1];
  }
  throw new Error(`sampleOf: add a case for ${type.constructor.name} at ${name}`);
}

/**
 * `value` seen through `schema`: reading a field the schema lacks adds its path to `stray`.
 * Array methods, lengths and symbols read freely.
 */
export function watchReads(schema: z.ZodType, value: unknown, path: string, stray: Set<string>): unknown {
  const type = inner(schema);
  if (value === null || typeof value !== 'object') return value;
  if (type instanceof z.ZodArray && Array.isArray(value)) {
    return new Proxy(value, {
      get(target, key, receiver) {
        const got: unknown = Reflect.get(target, key, receiver);
        if (typeof key === 'string' && /^\d+$/.test(key)) return watchReads(type.element as z.ZodType, got, `${path}[]`, stray);
        return got;
      },
    });
  }
  if (type instanceof z.ZodObject) {
    const shape = type.shape as Record<string, z.ZodType>;
    return new Proxy(value, {
      get(target, key, receiver) {
        const got: unknown = Reflect.get(target, key, receiver);
        if (typeof key === 'symbol') return got;
        const field = shape[key];
        if (!field) {
          stray.add(`${path}.${key}`);
          return got;
        }
        return watchReads(field, got, `${path}.${key}`, stray);
      },
    });
  }
  return value;
}

/**
 * A template's whole scope `it`: the watched data, plus `fmt` and `h` read freely. They are own
 * properties, as in the renderer's scope, because eta's include copies the scope it is given.
 */
export function watchedScope(schema: z.ZodObject, data: object, extras: { fmt: object; h: object }, stray: Set<string>): object {
  const shape = schema.extend({ fmt: z.unknown(), h: z.unknown() });
  return watchReads(shape, { ...data, ...extras }, 'it', stray) as object;
}
