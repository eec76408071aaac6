/** JSON kept in TEXT columns: what may go in, and reading it back through a zod schema. */
import type { z } from 'zod';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A column that no longer parses is a bug or a hand-edited file: say which row, not just "bad JSON". */
export function parseJsonColumn<T>(text: string, schema: z.ZodType<T>, where: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where} holds text that is not JSON`, { cause: error });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`${where} holds unexpected JSON: ${parsed.error.message}`);
  return parsed.data;
}
