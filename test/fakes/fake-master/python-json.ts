/**
 * The bytes Buildbot's Python writes: json.dumps escapes non-ASCII (ensure_ascii), REST answers
 * sort keys (compact for `Accept: application/json`, else indent=2), and JSON-RPC errors use
 * the default separators `", "` and `": "`.
 */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

function asciiOnly(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** json.dumps(value, sort_keys=True, indent=2 | separators=(',', ':')) */
export function restJson(value: unknown, compact: boolean): string {
  return asciiOnly(JSON.stringify(sortKeys(value), null, compact ? undefined : 2));
}

/** json.dumps(value, sort_keys=True, separators=(',', ':')): a JSON-RPC result. */
export function compactSortedJson(value: unknown): string {
  return asciiOnly(JSON.stringify(sortKeys(value)));
}

/** json.dumps(value) with Python's default separators, keys in insertion order. */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => `${asciiOnly(JSON.stringify(k))}: ${pythonJson(v)}`);
    return `{${entries.join(', ')}}`;
  }
  return asciiOnly(JSON.stringify(value ?? null));
}
