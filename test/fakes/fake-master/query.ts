/**
 * Buildbot's REST query options, as data/connector.py resultspec_from_jsonapi and
 * data/resultspec.py (3.7) apply them: FIELD=VALUE filters (repeated: any of them),
 * FIELD__OP=VALUE (ne, lt, le, gt, ge, contains, in, notin; an unknown field or operator is
 * silently ignored), order (with '-'), limit, offset, field (keep only these), property
 * (builds). Any other name is a 400 "unrecognized query parameter".
 */
export type FieldType = 'int' | 'string' | 'bool' | 'intList' | 'stringList' | 'object';
export type EntityFields = Record<string, FieldType>;

export class QueryError extends Error {}

export interface Filter {
  field: string;
  op: string;
  values: unknown[];
}

export interface ResultSpec {
  filters: Filter[];
  order: string[] | null;
  limit: number | null;
  offset: number | null;
  fields: string[] | null;
  /** property names asked for (builds), '*' for all */
  properties: string[];
}

const SINGULAR_OPS = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'contains', 'in', 'notin']);
const PLURAL_OPS = new Set(['eq', 'ne', 'contains', 'in', 'notin']);

const BOOLEANS: Record<string, boolean> = { on: true, true: true, yes: true, '1': true, off: false, false: false, no: false, '0': false };

function valueFromString(type: FieldType, raw: string): unknown {
  switch (type) {
    case 'int':
    case 'intList':
      // Python int(): optional sign and surrounding blanks, digits only.
      if (!/^\s*[+-]?\d+\s*$/.test(raw)) throw new TypeError('not an int');
      return Number.parseInt(raw, 10);
    case 'bool': {
      const value = BOOLEANS[raw.toLowerCase()];
      if (value === undefined) throw new TypeError('not a boolean');
      return value;
    }
    case 'string':
    case 'stringList':
      return raw;
    case 'object':
      throw new TypeError('cannot filter on an object');
  }
}

export function parseResultSpec(params: URLSearchParams, fields: EntityFields, isCollection: boolean): ResultSpec {
  const spec: ResultSpec = { filters: [], order: null, limit: null, offset: null, fields: null, properties: [] };
  const checkFields = (names: string[], negOk: boolean) => {
    for (const name of names) {
      const bare = negOk && name.startsWith('-') ? name.slice(1) : name;
      if (!(bare in fields)) throw new QueryError(`no such field '${bare}'`);
    }
  };
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    if (key === 'order') {
      checkFields(values, true);
      spec.order = values;
    } else if (key === 'field') {
      checkFields(values, false);
      spec.fields = values;
    } else if (key === 'limit' || key === 'offset') {
      const n = Number(values[0]);
      if (!Number.isInteger(n)) throw new QueryError(`invalid ${key}`);
      spec[key] = n;
    } else if (key === 'property') {
      spec.properties.push(...values);
    } else if (key in fields) {
      spec.filters.push({ field: key, op: 'eq', values: parseValues(key, fields[key] as FieldType, values) });
    } else if (key.includes('__')) {
      const at = key.lastIndexOf('__');
      const field = key.slice(0, at);
      const op = key.slice(at + 2);
      const ops = values.length === 1 ? SINGULAR_OPS : PLURAL_OPS;
      const type = fields[field];
      if (ops.has(op) && type !== undefined) spec.filters.push({ field, op, values: parseValues(key, type, values) });
    } else {
      throw new QueryError(`unrecognized query parameter '${key}'`);
    }
  }
  if (spec.fields) {
    const kept = new Set(spec.fields);
    if (spec.order?.some((o) => !kept.has(o.replace(/^-/, '')))) throw new QueryError('cannot order on un-selected fields');
    if (spec.filters.some((f) => !kept.has(f.field))) throw new QueryError('cannot filter on un-selected fields');
  }
  if (!isCollection && spec.filters.length > 0) throw new QueryError('this is not a collection');
  return spec;
}

function parseValues(key: string, type: FieldType, values: string[]): unknown[] {
  try {
    return values.map((v) => valueFromString(type, v));
  } catch {
    throw new QueryError(`invalid filter value for ${key}`);
  }
}

function compare(a: unknown, b: unknown): number {
  // NULLs first, as SQLite orders them.
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function matches(value: unknown, filter: Filter): boolean {
  const [first] = filter.values;
  const plural = filter.values.length > 1;
  switch (filter.op) {
    case 'eq':
      return plural ? filter.values.includes(value) : value === first;
    case 'ne':
      return plural ? !filter.values.includes(value) : value !== first;
    case 'in':
      return filter.values.includes(value);
    case 'notin':
      return !filter.values.includes(value);
    case 'contains':
      if (Array.isArray(value)) return filter.values.some((v) => value.includes(v));
      return typeof value === 'string' && filter.values.some((v) => value.includes(String(v)));
    default: {
      if (value === null || value === undefined) return false;
      const c = compare(value, first);
      return filter.op === 'lt' ? c < 0 : filter.op === 'le' ? c <= 0 : filter.op === 'gt' ? c > 0 : c >= 0;
    }
  }
}

/** Filters, order, offset and limit, then `field`: what a collection endpoint returns. */
export function applyResultSpec<T extends object>(items: readonly T[], spec: ResultSpec): Record<string, unknown>[] {
  let rows = items.map((item) => ({ ...item }) as Record<string, unknown>);
  for (const filter of spec.filters) rows = rows.filter((row) => matches(row[filter.field], filter));
  if (spec.order) {
    const order = spec.order;
    rows.sort((a, b) => {
      for (const key of order) {
        const desc = key.startsWith('-');
        const c = compare(a[desc ? key.slice(1) : key], b[desc ? key.slice(1) : key]);
        if (c !== 0) return desc ? -c : c;
      }
      return 0;
    });
  }
  const offset = spec.offset ?? 0;
  rows = rows.slice(offset, spec.limit === null ? undefined : offset + spec.limit);
  return rows.map((row) => selectFields(row, spec));
}

export function selectFields(row: Record<string, unknown>, spec: ResultSpec): Record<string, unknown> {
  if (!spec.fields) return row;
  const kept = new Set(spec.fields);
  return Object.fromEntries(Object.entries(row).filter(([k]) => kept.has(k)));
}
